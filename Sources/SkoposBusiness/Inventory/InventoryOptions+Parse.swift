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
        if let list = params["namespaces"] { o.namespaces = namespaceList(list) }
        if let v = try bool(params, "health") { o.health = v }
        if let v = try bool(params, "istioResources") { o.istioResources = v }
        if let v = try bool(params, "validate") { o.validate = v }
        if let v = try bool(params, "onlyDefinitions") { o.onlyDefinitions = v }
        if let text = params["rateInterval"], !text.isEmpty {
            guard isRateInterval(text) else { throw InventoryError(.badRequest, "invalid 'rateInterval' value: \"\(text)\"") }
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

    /// A comma list of namespace names: items trimmed of spaces, empty items and repeats dropped, order kept.
    public static func namespaceList(_ text: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            var s = item[...]
            while s.first == " " { s = s.dropFirst() }
            while s.last == " " { s = s.dropLast() }
            let name = String(s)
            if !name.isEmpty && seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Go's `strconv.ParseBool`: `1, t, T, TRUE, true, True` and `0, f, F, FALSE, false, False`.
    /// - Returns: `nil` for any other text.
    public static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// A boolean parameter; `nil` when absent or empty (the default applies).
    /// - Throws: `cannot parse query parameter '<name>'` for a value Go's `ParseBool` rejects.
    static func bool(_ params: [String: String], _ name: String) throws(InventoryError) -> Bool? {
        guard let text = params[name], !text.isEmpty else { return nil }
        guard let value = goBool(text) else { throw InventoryError(.badRequest, "cannot parse query parameter '\(name)'") }
        return value
    }

    /// Whether a text matches `^([0-9]+(ms|s|m|h|d|w|y))+$`, the durations `rateInterval` accepts.
    public static func isRateInterval(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard !u.isEmpty else { return false }
        var i = 0
        while i < u.count {
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > start, i < u.count else { return false }
            switch u[i] {
            case UInt8(ascii: "m"):
                i += (i + 1 < u.count && u[i + 1] == UInt8(ascii: "s")) ? 2 : 1
            case UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "y"):
                i += 1
            default:
                return false
            }
        }
        return true
    }

    /// `queryTime`: Unix seconds.
    /// - Throws: `invalid 'queryTime' value: "<text>"` for anything but a non-negative integer.
    public static func queryTime(_ text: String) throws(InventoryError) -> Int64 {
        guard let t = Int64(text), t >= 0 else { throw InventoryError(.badRequest, "invalid 'queryTime' value: \"\(text)\"") }
        return t
    }
}
