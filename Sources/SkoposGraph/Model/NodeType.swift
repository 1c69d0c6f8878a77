/// `nodeType` (`graph.md` §2.3).
public enum NodeType: String, Sendable, Hashable {
    case workload, app, service, unknown, aggregate, box
}

/// The protocols of graph traffic, in the order Kiali lists them.
public enum TrafficProtocol: String, Sendable, Hashable, Comparable, CaseIterable {
    case grpc, http, tcp

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Kiali's "is this a real value" tests (`graph.OK`).
enum Value {
    static let unknown = "unknown"
    /// Neither empty nor `unknown`.
    @inline(__always) static func ok(_ v: String) -> Bool { !v.isEmpty && v != unknown }
    /// `ok` and not `latest`.
    @inline(__always) static func okVersion(_ v: String) -> Bool { ok(v) && v != "latest" }
}
