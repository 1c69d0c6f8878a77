#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kiali's number formatting (`graph.md` §10.4): C's `%.*f` (correctly rounded, ties to even, as Go's `strconv`).
enum NumberFormat {
    /// `%.<p>f`.
    static func fixed(_ v: Double, precision p: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let n = withVaList([Int32(p), v]) { vsnprintf(buffer.baseAddress!, 64, "%.*f", $0) }
            guard n > 0, n < 64 else { return String(v) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)), as: UTF8.self)
        }
    }

    /// A rate: at least two decimals, more for a value below 1 so its first significant digit shows (at most 5),
    /// counted as Kiali's `calcPrecision` does.
    static func rate(_ v: Double) -> String {
        var p = 0
        var x = v
        while x < 1 && p < 5 {
            x *= 10
            p += 1
        }
        return fixed(v, precision: max(2, p))
    }

    /// A percentage: one decimal.
    static func percent(_ v: Double) -> String { fixed(v, precision: 1) }

    /// `%.0f`.
    static func whole(_ v: Double) -> String { fixed(v, precision: 0) }
}
