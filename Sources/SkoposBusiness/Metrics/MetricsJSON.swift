public import SkoposModel

/// Kiali's metrics JSON (`backend.md` §1.6, §2.9) [COMPAT], written with ``GoJSONWriter``.
///
/// ```json
/// {"request_count": [{"labels": {"request_protocol": "http"}, "datapoints": [[1724170000,"1.5"], …], "name": "request_count"}],
///  "request_duration_millis": [{"labels": {}, "datapoints": […], "stat": "avg", "name": "request_duration_millis"}],
///  "request_error_count": null}
/// ```
///
/// - Families in name order (Go's map order); a family without series is `null`.
/// - A series: `labels` (sorted), `datapoints`, `stat` (histograms only), `name`, in Kiali's field order.
/// - A point: `[<Unix seconds, millisecond precision>,"<value>"]`, the value in Prometheus' notation (`1.5`,
///   `0.0000001`, `NaN`, `+Inf`). Points are written on one line each (`[1724170000,"1.5"]`): a sparkline answer
///   has thousands of them.
public enum MetricsJSON {
    /// `/api/namespaces/{ns}/metrics`: one namespace's families.
    public static func namespace(_ map: MetricsMap) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024 + 4096 * map.count)
        write(map, to: &w)
        return w.bytes
    }

    /// `/api/clusters/metrics`: `{"<namespace>": {families…}, …}`, namespaces in name order; `{}` for none.
    public static func clusters(_ namespaces: [String: MetricsMap]) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024 + 8192 * namespaces.count)
        w.beginObject()
        for ns in namespaces.keys.sorted(by: goOrder) {
            w.key(ns)
            write(namespaces[ns]!, to: &w)
        }
        w.endObject()
        return w.bytes
    }

    /// One namespace's families.
    public static func write(_ map: MetricsMap, to w: inout GoJSONWriter) {
        w.beginObject()
        for family in map.keys.sorted() {
            w.key(family.rawValue)
            let series = map[family]!
            if series.isEmpty {
                w.null()
                continue
            }
            w.beginArray()
            for m in series { write(m, to: &w) }
            w.endArray()
        }
        w.endObject()
    }

    /// One series: `labels`, `datapoints`, `stat` (when set), `name`.
    public static func write(_ m: Metric, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("labels")
        w.beginObject()
        for k in m.labels.keys.sorted(by: goOrder) { w.member(k, m.labels[k]!) }
        w.endObject()
        w.key("datapoints")
        w.beginArray()
        for p in m.datapoints { w.raw("[\(timestamp(p.time)),\"\(value(p.value))\"]") }
        w.endArray()
        if let stat = m.stat { w.member("stat", stat) }
        w.member("name", m.name)
        w.endObject()
    }

    /// A time in Unix seconds with millisecond precision, as Prometheus writes it: `1724170000`, `1724170000.5`,
    /// `1724170000.125`.
    public static func timestamp(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "0" }
        let ms = Int64((seconds * 1000).rounded())
        let sign = ms < 0 ? "-" : ""
        let a = ms.magnitude
        let whole = a / 1000
        var fraction = a % 1000
        guard fraction != 0 else { return sign + String(whole) }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
    }

    /// A value as Prometheus writes it (Go's `FormatFloat(v, 'f', -1, 64)`): the shortest digits that read back to
    /// the same value, in plain decimal notation; `NaN`, `+Inf`, `-Inf`.
    public static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let text = v.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var point = parts[0].count + exponent
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        var out = v < 0 ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out += digits + String(repeating: "0", count: point - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: point)
            out += digits[..<i] + "." + digits[i...]
        }
        return out
    }

    /// Go's order of map keys: bytewise.
    static func goOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
