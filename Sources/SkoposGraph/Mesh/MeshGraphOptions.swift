/// The parameters of `GET /api/mesh/graph` (`backend.md` §2.8; upstream `mesh.NewOptions`).
public struct MeshGraphOptions: Sendable, Hashable {
    /// `includeGateways`: Istio and Gateway API gateways as nodes.
    public var includeGateways: Bool
    /// `includeWaypoints`: waypoint workloads as nodes.
    public var includeWaypoints: Bool
    /// `queryTime`, Unix seconds: the graph's `timestamp`.
    public var queryTime: Int64

    /// Creates options; Kiali's defaults.
    public init(includeGateways: Bool = false, includeWaypoints: Bool = false, queryTime: Int64 = 0) {
        self.includeGateways = includeGateways
        self.includeWaypoints = includeWaypoints
        self.queryTime = queryTime
    }

    /// Parses the query parameters; `appenders` is accepted and ignored, unknown names are ignored.
    /// - Parameters:
    ///   - query: the parameters in URL order; the first of a repeated name counts.
    ///   - now: the current Unix time, the default `queryTime`.
    /// - Throws: ``GraphError`` `.badRequest` with Kiali's messages (`Invalid meshGateways [x]`, …).
    public static func parse(_ query: [(name: String, value: String)], now: Int64) throws(GraphError) -> MeshGraphOptions {
        var params: [String: String] = [:]
        for (name, value) in query where params[name] == nil { params[name] = value }
        var o = MeshGraphOptions(queryTime: now)
        func bool(_ name: String, _ label: String) throws(GraphError) -> Bool {
            guard let text = params[name], !text.isEmpty else { return false }
            switch text {
            case "1", "t", "T", "TRUE", "true", "True": return true
            case "0", "f", "F", "FALSE", "false", "False": return false
            default: throw GraphError(.badRequest, "Invalid \(label) [\(text)]")
            }
        }
        o.includeGateways = try bool("includeGateways", "meshGateways")
        o.includeWaypoints = try bool("includeWaypoints", "meshWaypoints")
        if let text = params["queryTime"], !text.isEmpty {
            guard let t = Int64(text) else { throw GraphError(.badRequest, "Invalid queryTime [\(text)]") }
            o.queryTime = t
        }
        if let vendor = params["configVendor"], !vendor.isEmpty, vendor != "common" {
            throw GraphError(.badRequest, "Invalid configVendor [\(vendor)]")
        }
        return o
    }
}
