public import SkoposModel

/// An add-on the console talks to (Prometheus, the tracing back-end, Grafana, Perses): a node with an edge from the
/// Kiali node. Where it is comes from its URL (``MeshDiscovery/place(_:in:home:)``).
public struct MeshAddOn: Sendable, Hashable {
    /// The node's `infraType`.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case metricStore, traceStore, grafana, perses
    }

    /// Where the add-on runs.
    public enum Location: Sendable, Hashable {
        /// Its URL names a Service of this cluster and namespace.
        case cluster(String, namespace: String)
        /// Its URL names no Service the console knows: the `_external_` cluster.
        case external
    }

    /// Which add-on.
    public var kind: Kind
    /// The node's `infraName`: `Prometheus`, `Grafana`, `Perses`, or the tracing provider (`jaeger`, `tempo`).
    public var name: String
    /// The URL the server uses, for placement.
    public var url: String
    /// The obfuscated configuration (``AddOnConfig``).
    public var infraData: JSONValue
    /// The add-on check's status (`Unreachable`); `nil` is `Healthy`.
    public var health: String?
    /// Its version from `/api/status`, when known.
    public var version: String?
    /// Where it runs; set by discovery.
    public var location: Location

    /// Creates an add-on.
    public init(
        kind: Kind,
        name: String,
        url: String,
        infraData: JSONValue,
        health: String? = nil,
        version: String? = nil,
        location: Location = .external
    ) {
        self.kind = kind
        self.name = name
        self.url = url
        self.infraData = infraData
        self.health = health
        self.version = version
        self.location = location
    }
}
