/// Parsing the metrics routes' query parameters (`backend.md` §1.4, §2.9), as pure functions.
extension MetricsQuery {
    /// Parses the query parameters of a metrics request. Unknown names are ignored unless `strict`
    /// (`server.strict_query_params`, §1.4 [FIX]); for a single-valued name given twice the first value counts; an
    /// empty value means the default; the list names (`filters[]`, `byLabels[]`, `quantiles[]`) collect every value.
    ///
    /// Messages (400): `cannot parse query parameter 'avg'`; `invalid '<name>' value: "<value>"` for `rateInterval`,
    /// `duration`, `queryTime`, `step`, `byLabels[]` and `quantiles[]`; the same followed by the accepted values for
    /// `direction`, `reporter` and `rateFunc`.
    /// - Parameters:
    ///   - query: The parameters in URL order; a bare name has the value `""`.
    ///   - route: The route, which decides the names known in strict mode.
    ///   - now: The current Unix time, the default `queryTime`.
    ///   - strict: Answer 400 `unsupported query parameter '<name>'` for a name the route does not read.
    /// - Throws: ``MetricsError`` of kind `.badRequest` naming the parameter (and its value).
    public static func parse(
        _ query: [(name: String, value: String)],
        route: Route,
        now: Double,
        strict: Bool = false
    ) throws(MetricsError) -> MetricsQuery {
        let listNames: Set<String> = ["filters[]", "byLabels[]", "quantiles[]"]
        var single: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for (name, value) in query {
            if strict && !route.parameters.contains(name) { throw MetricsError(.badRequest, "unsupported query parameter '\(name)'") }
            if listNames.contains(name) {
                if !value.isEmpty { lists[name, default: []].append(value) }
            } else if single[name] == nil {
                single[name] = value
            }
        }
        func given(_ name: String) -> String? {
            guard let v = single[name], !v.isEmpty else { return nil }
            return v
        }

        var q = MetricsQuery(now: now)
        q.clusterName = given("clusterName")
        if route == .clusters, let list = single["namespaces"] { q.namespaces = QueryValues.namespaceList(list) }
        if let text = given("direction") {
            guard let d = Direction(rawValue: text) else { throw .invalid("direction", text, expected: "inbound or outbound") }
            q.direction = d
        }
        if let text = given("reporter") { q.reporter = try reporter(text) }
        if let names = lists["filters[]"] {
            let wanted = Set(names.compactMap(MetricFamily.init(rawValue:)))
            q.families = MetricFamily.allCases.filter(wanted.contains).sorted()
        }
        if let labels = lists["byLabels[]"] {
            for label in labels where !q.byLabels.contains(label) {
                guard isLabelName(label) else { throw .invalid("byLabels[]", label) }
                q.byLabels.append(label)
            }
        }
        q.requestProtocol = given("requestProtocol")
        if let text = given("rateInterval") {
            guard QueryValues.isRateInterval(text), let ms = PromDuration.milliseconds(text), ms > 0 else {
                throw .invalid("rateInterval", text)
            }
            q.rateInterval = text
        }
        if let text = given("rateFunc") {
            guard let f = RateFunc(rawValue: text) else { throw .invalid("rateFunc", text, expected: "rate or irate") }
            q.rateFunc = f
        }
        if let text = given("duration") {
            guard let d = Int64(text), d >= 0 else { throw .invalid("duration", text) }
            q.duration = d
        }
        if let text = given("queryTime") {
            guard let t = Int64(text), t >= 0 else { throw .invalid("queryTime", text) }
            q.queryTime = Double(t)
        }
        if let text = given("step") {
            guard let s = Int64(text), s > 0 else { throw .invalid("step", text) }
            q.step = s
        }
        if let values = lists["quantiles[]"] {
            for text in values where !q.quantiles.contains(text) {
                guard let v = Double(text), v >= 0, v <= 1 else { throw .invalid("quantiles[]", text) }
                q.quantiles.append(text)
            }
        }
        if let text = given("avg") {
            guard let v = QueryValues.goBool(text) else { throw MetricsError(.badRequest, "cannot parse query parameter 'avg'") }
            q.avg = v
        }
        return q
    }

    /// `reporter`: `both`, or a comma list of `source`, `destination`, `waypoint` (sorted, repeats dropped).
    /// - Throws: `invalid 'reporter' value: "<text>" (…)` for anything else.
    public static func reporter(_ text: String) throws(MetricsError) -> Reporter {
        if text == "both" { return .both }
        var names = Set<String>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            var trimmed = item
            while trimmed.first == " " { trimmed = trimmed.dropFirst() }
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            let name = String(trimmed)
            guard Reporter.known.contains(name) else {
                throw .invalid("reporter", text, expected: "source, destination, waypoint, a comma list of those, or both")
            }
            names.insert(name)
        }
        return .reporters(names.sorted())
    }

    /// Whether a text is a Prometheus label name, `^[a-zA-Z_][a-zA-Z0-9_]*$`.
    public static func isLabelName(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where i > 0: continue
            default: return false
            }
        }
        return true
    }
}
