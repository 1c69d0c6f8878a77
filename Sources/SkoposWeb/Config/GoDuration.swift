/// Go's duration strings (`time.ParseDuration`, `Duration.String`), which Kiali's `config.yaml` uses for keys of Go
/// type `time.Duration`: `"60s"`, `"10m"`, `"1h30m"`, `"1.5h"`, `"300ms"`, `"-2m"`.
///
/// Grammar: an optional sign, then `0`, or one or more `<number><unit>` terms, where a number may have a fraction and
/// the unit is `ns`, `us` (or `µs`, `μs`), `ms`, `s`, `m` or `h`. There is no `d`. Values are whole nanoseconds and
/// must fit in a signed 64-bit count (about 292 years), as in Go.
public enum GoDuration {
    /// Why a string is not a Go duration.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The string as given.
        public var text: String
        /// What is wrong: `missing unit`, `unknown unit "d"`, `invalid duration`, `overflow`.
        public var reason: String

        public var description: String { "\(reason) in duration \"\(text)\"" }
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// Parses a Go duration string.
    /// - Parameter text: The string, e.g. `"1h30m"`.
    /// - Returns: The duration, in whole nanoseconds.
    /// - Throws: ``ParseError`` for an empty string, a number without unit, an unknown unit, or a value out of range.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        var s = Substring.UnicodeScalarView(text.unicodeScalars)
        var negative = false
        if let first = s.first, first == "-" || first == "+" {
            negative = first == "-"
            s.removeFirst()
        }
        if String(s) == "0" { return .zero }
        if s.isEmpty { throw fail("invalid duration") }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !s.isEmpty {
            guard let head = s.first, head == "." || isDigit(head) else { throw fail("invalid duration") }
            // The integer part.
            var value: UInt64 = 0
            var sawInteger = false
            while let c = s.first, isDigit(c) {
                sawInteger = true
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = times10.addingReportingOverflow(UInt64(c.value - 48))
                guard !overflow1, !overflow2, next <= limit else { throw fail("overflow") }
                value = next
                s.removeFirst()
            }
            // The fraction.
            var fraction: UInt64 = 0
            var scale: Double = 1
            var sawFraction = false
            if s.first == "." {
                s.removeFirst()
                var saturated = false
                while let c = s.first, isDigit(c) {
                    sawFraction = true
                    if !saturated {
                        let (times10, overflow1) = fraction.multipliedReportingOverflow(by: 10)
                        let (next, overflow2) = times10.addingReportingOverflow(UInt64(c.value - 48))
                        if overflow1 || overflow2 || next >= limit {
                            saturated = true
                        } else {
                            fraction = next
                            scale *= 10
                        }
                    }
                    s.removeFirst()
                }
            }
            guard sawInteger || sawFraction else { throw fail("invalid duration") }
            // The unit.
            var unitText = ""
            while let c = s.first, c != ".", !isDigit(c) {
                unitText.unicodeScalars.append(c)
                s.removeFirst()
            }
            guard !unitText.isEmpty else { throw fail("missing unit") }
            guard let unit = units[unitText] else { throw fail("unknown unit \"\(unitText)\"") }
            guard value <= limit / unit else { throw fail("overflow") }
            value *= unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { throw fail("overflow") }
            }
            total += value
            guard total <= limit else { throw fail("overflow") }
        }
        if negative { return .nanoseconds(total == limit ? Int64.min : -Int64(total)) }
        guard total < limit else { throw fail("overflow") }
        return .nanoseconds(Int64(total))
    }

    /// Formats a duration as Go's `Duration.String` does: `"0s"`, `"1m30s"`, `"1h0m0s"`, `"1.5s"`, `"300ms"`.
    /// Durations beyond the signed 64-bit nanosecond range are clamped to it.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let (fromSeconds, overflow1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (nanos, overflow2) = fromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        let clamped: Int64 = (overflow1 || overflow2) ? (seconds < 0 ? .min : .max) : nanos
        if clamped == 0 { return "0s" }
        let sign = clamped < 0 ? "-" : ""
        let u = clamped.magnitude
        if u < 1_000_000_000 {
            if u < 1_000 { return "\(sign)\(u)ns" }
            if u < 1_000_000 { return sign + decimal(u, digits: 3) + "\u{00B5}s" }
            return sign + decimal(u, digits: 6) + "ms"
        }
        let hours = u / 3_600_000_000_000
        let minutes = u / 60_000_000_000 % 60
        let secondsText = decimal(u % 60_000_000_000, digits: 9) + "s"
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m" + secondsText }
        if minutes > 0 { return "\(sign)\(minutes)m" + secondsText }
        return sign + secondsText
    }

    /// `value / 10^digits` in decimal, without trailing zeros in the fraction.
    private static func decimal(_ value: UInt64, digits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let whole = value / divisor
        var fraction = String(value % divisor)
        guard fraction != "0" else { return "\(whole)" }
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool {
        c.value >= 48 && c.value <= 57
    }
}
