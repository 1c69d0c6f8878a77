public import Foundation

/// RFC 3339 timestamps as Kubernetes and Go write them, read and written without a date formatter (namespaces are
/// looked up for every node of a graph): Kiali's `createdAt` (`backend.md` §1.6, UTC, whole seconds), and session
/// expiries with fractions of a second.
public enum RFC3339 {
    /// Go's zero time, what Kiali writes for a missing timestamp.
    public static let zero = "0001-01-01T00:00:00Z"

    /// A timestamp (`2026-12-06T22:28:16Z`, with optional fraction and offset) in UTC without fraction; ``zero`` for a
    /// missing or unreadable one.
    public static func utc(_ text: String?) -> String {
        guard let text, let seconds = unixTime(text) else { return zero }
        return format(seconds)
    }

    /// Unix seconds of an RFC 3339 timestamp.
    public static func unixTime(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 116, u[13] == 58, u[16] == 58 else { return nil }
        func num(_ a: Int, _ b: Int) -> Int64? {
            var v: Int64 = 0
            for i in a..<b {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int64(u[i] - 48)
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 7), let day = num(8, 10), let hour = num(11, 13), let minute = num(14, 16),
            let second = num(17, 19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        if i < u.count, u[i] == 46 {
            i += 1
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
        }
        var offset: Int64 = 0
        guard i < u.count else { return nil }
        if u[i] == 90 || u[i] == 122 {
            i += 1
        } else if u[i] == 43 || u[i] == 45, i + 6 <= u.count, u[i + 3] == 58, let oh = num(i + 1, i + 3), let om = num(i + 4, i + 6) {
            offset = (oh * 3600 + om * 60) * (u[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        return days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ seconds: Int64) -> String {
        var days = seconds / 86400
        var rest = seconds % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        // Civil date from days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// A date as Go writes `time.Time` in JSON: UTC, with milliseconds (`2026-12-07T04:40:00.123Z`).
    public static func string(_ date: Date) -> String {
        let total = date.timeIntervalSince1970
        var seconds = Int64(total.rounded(.down))
        var millis = Int64(((total - Double(seconds)) * 1000).rounded())
        if millis == 1000 {
            seconds += 1
            millis = 0
        }
        let whole = format(seconds)
        let m = String(millis)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - m.count) + m + "Z"
    }

    /// The date of an RFC 3339 timestamp, fractions of a second included (up to nanoseconds); `nil` when it is not one.
    public static func date(_ text: String) -> Date? {
        guard let seconds = unixTime(text) else { return nil }
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
            if let value = Double("0." + digits) { fraction = value }
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
