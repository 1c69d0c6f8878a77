import Foundation

/// RFC 3339 timestamps in UTC with second precision, as Kubernetes writes `creationTimestamp`.
enum Timestamp {
    /// Formats a date such as `2026-11-25T17:30:00Z`.
    static func format(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tmv = tm()
        gmtime_r(&t, &tmv)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(tmv.tm_year + 1900, 4))-\(pad(tmv.tm_mon + 1, 2))-\(pad(tmv.tm_mday, 2))T"
            + "\(pad(tmv.tm_hour, 2)):\(pad(tmv.tm_min, 2)):\(pad(tmv.tm_sec, 2))Z"
    }

    /// The current time, formatted.
    static func now() -> String { format(Date()) }

    /// Parses `YYYY-MM-DDTHH:MM:SS(.frac)?(Z|±HH:MM)`; `nil` when malformed.
    static func parse(_ s: String) -> Date? {
        let chars = Array(s.utf8)
        guard chars.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<(from + len)] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2)
        else { return nil }
        var idx = 19
        var frac = 0.0
        if idx < chars.count, chars[idx] == UInt8(ascii: ".") {
            idx += 1
            var scale = 0.1
            while idx < chars.count, chars[idx] >= 48, chars[idx] <= 57 {
                frac += Double(chars[idx] - 48) * scale
                scale /= 10
                idx += 1
            }
        }
        var offset = 0
        if idx < chars.count, chars[idx] == UInt8(ascii: "+") || chars[idx] == UInt8(ascii: "-") {
            guard let oh = num(idx + 1, 2), let om = num(idx + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (chars[idx] == UInt8(ascii: "-") ? -1 : 1)
        }
        var tmv = tm()
        tmv.tm_year = Int32(y - 1900)
        tmv.tm_mon = Int32(mo - 1)
        tmv.tm_mday = Int32(d)
        tmv.tm_hour = Int32(h)
        tmv.tm_min = Int32(mi)
        tmv.tm_sec = Int32(se)
        let t = timegm(&tmv)
        return Date(timeIntervalSince1970: Double(t - offset) + frac)
    }

    /// Kubernetes' short human duration (`5s`, `3m`, `2d4h`), as `kubectl get` shows in the AGE column.
    static func humanDuration(_ seconds: Double) -> String {
        // Whole seconds, truncated toward zero as Go's Duration / time.Second.
        if Int(seconds) < -1 { return "<invalid>" }
        let s = Int(max(0, seconds))
        if s < 120 { return "\(s)s" }
        let m = s / 60
        if m < 10 { return s % 60 == 0 ? "\(m)m" : "\(m)m\(s % 60)s" }
        if m < 180 { return "\(m)m" }
        let h = s / 3600
        if h < 8 { return (m % 60) == 0 ? "\(h)h" : "\(h)h\(m % 60)m" }
        if h < 48 { return "\(h)h" }
        if h < 24 * 8 { return h % 24 == 0 ? "\(h / 24)d" : "\(h / 24)d\(h % 24)h" }
        if h < 24 * 365 * 2 { return "\(h / 24)d" }
        let years = h / 24 / 365
        if h < 24 * 365 * 8 {
            let days = (h / 24) % 365
            return days == 0 ? "\(years)y" : "\(years)y\(days)d"
        }
        return "\(years)y"
    }
}
