/// Parsing the query parameters of the Istio configuration and TLS routes (`backend.md` §1.4, §2.7), as pure functions.
extension IstioConfigOptions {
    /// Parses the query parameters of a request. Unknown names are ignored unless `strict`
    /// (`server.strict_query_params`, §1.4 [FIX]); for a name given twice the first value counts; an empty value means
    /// the default.
    ///
    /// ```swift
    /// let options = try IstioConfigOptions.parse(
    ///     [("objects", "networking.istio.io/v1, Kind=VirtualService"), ("labelSelector", "app=reviews")], route: .clusterList)
    /// ```
    /// - Parameters:
    ///   - query: the parameters in URL order, already percent-decoded; a bare name has the value `""`.
    ///   - route: the route, which decides the names known in strict mode.
    ///   - strict: answer 400 `unsupported query parameter '<name>'` for a name the route does not read.
    /// - Throws: ``IstioConfigError`` `.badRequest`: `Object type not managed: <gvk>` for an `objects` entry that is
    ///   not one of the 22 types, `cannot parse query parameter '<name>'` for a bad boolean,
    ///   `invalid '<name>' value: "<value>"` for a bad `labelSelector` or `workloadSelector`.
    public static func parse(
        _ query: [(name: String, value: String)],
        route: Route,
        strict: Bool = false
    ) throws(IstioConfigError) -> IstioConfigOptions {
        var params: [String: String] = [:]
        for (name, value) in query where params[name] == nil {
            if strict && !route.parameters.contains(name) { throw IstioConfigError(.badRequest, "unsupported query parameter '\(name)'") }
            params[name] = value
        }
        var o = IstioConfigOptions()
        if let c = params["clusterName"], !c.isEmpty { o.clusterName = c }
        if let text = params["objects"] { o.objects = try objectTypes(text) }
        if let text = params["labelSelector"], !text.isEmpty {
            guard let query = LabelQuery(parsing: text) else { throw IstioConfigError(.badRequest, "invalid 'labelSelector' value: \"\(text)\"") }
            o.labelSelector = query
        }
        if let text = params["workloadSelector"], !text.isEmpty {
            guard let labels = workloadLabels(text) else { throw IstioConfigError(.badRequest, "invalid 'workloadSelector' value: \"\(text)\"") }
            o.workloadSelector = labels
        }
        if let v = try QueryValues.bool(params, "validate") { o.validate = v }
        if let v = try QueryValues.bool(params, "help") { o.help = v }
        if let text = params["namespaces"] { o.namespaces = QueryValues.namespaceList(text) }
        if let r = params["revision"], !r.isEmpty { o.revision = r }
        return o
    }

    /// `objects`: `;`-separated GVK strings (`networking.istio.io/v1, Kind=VirtualService;…`); entries are trimmed of
    /// spaces, empty entries and repeats dropped.
    /// - Returns: The types in the order given; `nil` when no entry is left (every type).
    /// - Throws: `Object type not managed: <entry>` for an entry that is not one of the 22 types.
    public static func objectTypes(_ text: String) throws(IstioConfigError) -> [IstioConfigType]? {
        var out: [IstioConfigType] = []
        for item in text.split(separator: ";", omittingEmptySubsequences: true) {
            let entry = QueryValues.trimmed(item)
            guard !entry.isEmpty else { continue }
            guard let gvk = GroupVersionKind(parsing: entry), let type = IstioConfigType.named(gvk) else {
                throw IstioConfigError(.badRequest, "Object type not managed: \(entry)")
            }
            if !out.contains(type) { out.append(type) }
        }
        return out.isEmpty ? nil : out
    }

    /// `workloadSelector`: `k=v` pairs separated by commas, trimmed of spaces; empty items skipped.
    /// - Returns: `nil` when an item has no `=` or an empty key.
    public static func workloadLabels(_ text: String) -> [String: String]? {
        var labels: [String: String] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = QueryValues.trimmed(item)
            guard !pair.isEmpty else { continue }
            guard let eq = pair.firstIndex(of: "=") else { return nil }
            let key = QueryValues.trimmed(pair[..<eq])
            guard !key.isEmpty else { return nil }
            labels[key] = QueryValues.trimmed(pair[pair.index(after: eq)...])
        }
        return labels
    }
}
