#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kiali's number formatting (`graph.md` §10.4): C's `%.*f` (correctly rounded, ties to even, as Go's `strconv`).
enum NumberFormat {
    private static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000]

    /// `%.<p>f`. Fast path: when `v × 10^p` is far from a rounding tie, its rounding is the correctly rounded
    /// decimal (the product's error is a few ulps); the digits are then written from an integer. Near a tie, or for
    /// large or odd values, C's `printf` decides.
    static func fixed(_ v: Double, precision p: Int) -> String {
        if p >= 0, p < powers.count, v >= 0 {
            let x = v * powers[p]
            // Below 1e9 the product's ulp is under 1.2e-7, far inside the 1e-6 margin.
            if x < 1e9, abs(x - x.rounded(.down) - 0.5) > 1e-6 {
                let r = x.rounded(.toNearestOrEven)
                return digits(UInt64(r), decimals: p)
            }
        }
        return printf(v, precision: p)
    }

    /// An integer's digits with a decimal point `decimals` from the right.
    private static func digits(_ n: UInt64, decimals: Int) -> String {
        // Written backwards into a stack buffer: no allocation for the usual short result.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var n = n
            var i = 32
            var written = 0
            repeat {
                if written == decimals && decimals > 0 {
                    i -= 1
                    buffer[i] = 46
                }
                i -= 1
                buffer[i] = UInt8(48 + n % 10)
                n /= 10
                written += 1
            } while n > 0 || written <= decimals
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[i..<32]), as: UTF8.self)
        }
    }

    /// C's `%.*f`.
    static func printf(_ v: Double, precision p: Int) -> String {
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
