/// Prometheus durations as `rateInterval` takes them (`backend.md` §1.4: `^([0-9]+(ms|s|m|h|d|w|y))+$`), read the way
/// Prometheus reads them: units `y` (365 days), `w`, `d`, `h`, `m`, `s`, `ms`, each at most once and in that order.
///
/// ```swift
/// PromDuration.milliseconds("1m30s")   // 90_000
/// PromDuration.milliseconds("500ms")   // 500
/// PromDuration.milliseconds("30s1m")   // nil: Prometheus would reject the query
/// ```
enum PromDuration {
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// The length of a duration in milliseconds.
    /// - Returns: `nil` when the text does not match §1.4's pattern, repeats or disorders units, or overflows.
    static func milliseconds(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard !u.isEmpty else { return nil }
        var i = 0
        var total: Int64 = 0
        var lastUnit = -1
        while i < u.count {
            var number: Int64 = 0
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                let (times, o1) = number.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(u[i] - 48))
                guard !o1, !o2 else { return nil }
                number = plus
                i += 1
            }
            guard i > start, i < u.count else { return nil }
            let unit: Int
            switch u[i] {
            case UInt8(ascii: "y"): unit = 0
            case UInt8(ascii: "w"): unit = 1
            case UInt8(ascii: "d"): unit = 2
            case UInt8(ascii: "h"): unit = 3
            case UInt8(ascii: "m"): unit = i + 1 < u.count && u[i + 1] == UInt8(ascii: "s") ? 6 : 4
            case UInt8(ascii: "s"): unit = 5
            default: return nil
            }
            i += units[unit].name.utf8.count
            guard unit > lastUnit else { return nil }
            lastUnit = unit
            let (part, o3) = number.multipliedReportingOverflow(by: units[unit].milliseconds)
            let (sum, o4) = total.addingReportingOverflow(part)
            guard !o3, !o4 else { return nil }
            total = sum
        }
        return total
    }
}
