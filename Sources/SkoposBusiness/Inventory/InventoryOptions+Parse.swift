/// Parsing the inventory routes' query parameters (`backend.md` §1.4), as pure functions.
extension InventoryOptions {
    /// Parses the query parameters of an inventory request. Unknown names are ignored unless `strict`
    /// (`server.strict_query_params`, §1.4 [FIX]); for a name given twice the first value counts; an empty value
    /// means the default.
    /// - Parameters:
    ///   - query: the parameters in URL order; a bare name has the value `""`.
    ///   - route: the route, which decides the names known in strict mode.
    ///   - now: the current Unix time, the default `queryTime`.
    ///   - strict: answer 400 `unsupported query parameter '<name>'` for a name the route does not read.
    /// - Throws: ``InventoryError`` of kind `.badRequest` naming the parameter (and its value).
    public static func parse(
        _ query: [(name: String, value: String)], route: Route, now: Int64, strict: Bool = false
    ) throws(InventoryError) -> InventoryOptions {
        var params: [String: String] = [:]
        for (name, value) in query where params[name] == nil {
            if strict && !route.parameters.contains(name) { throw InventoryError(.badRequest, "unsupported query parameter '\(name)'") }
            params[name] = value
        }
        var o = InventoryOptions()
        o.queryTime = now
        if let c = params["clusterName"], !c.isEmpty { o.clusterName = c }
        if let list = params["namespaces"] { o.namespaces = QueryValues.namespaceList(list) }
        if let v = try QueryValues.bool(params, "health") { o.health = v }
        if let v = try QueryValues.bool(params, "istioResources") { o.istioResources = v }
        if let v = try QueryValues.bool(params, "validate") { o.validate = v }
        if let v = try QueryValues.bool(params, "onlyDefinitions") { o.onlyDefinitions = v }
        if let text = params["rateInterval"], !text.isEmpty {
            guard QueryValues.isRateInterval(text) else { throw InventoryError(.badRequest, "invalid 'rateInterval' value: \"\(text)\"") }
            o.rateInterval = text
        }
        if let text = params["queryTime"], !text.isEmpty {
            o.queryTime = try queryTime(text)
            o.queryTimeGiven = true
        }
        if let text = params["gvk"], !text.isEmpty {
            guard let gvk = GroupVersionKind(parsing: text) else { throw InventoryError(.badRequest, "invalid 'gvk' value: \"\(text)\"") }
            o.gvk = gvk
        }
        return o
    }

    /// `queryTime`: Unix seconds.
    /// - Throws: `invalid 'queryTime' value: "<text>"` for anything but a non-negative integer.
    public static func queryTime(_ text: String) throws(InventoryError) -> Int64 {
        guard let t = Int64(text), t >= 0 else { throw InventoryError(.badRequest, "invalid 'queryTime' value: \"\(text)\"") }
        return t
    }
}
