public import SkoposModel

/// An Istio `Gateway` or a Gateway API `Gateway` (not a waypoint) on the mesh page (`includeGateways=true`).
public struct MeshGateway: Sendable, Hashable {
    /// The cluster's name.
    public var cluster: String
    /// The object's namespace.
    public var namespace: String
    /// The object's name.
    public var name: String
    /// Label `istio.io/rev`, else `default`: the control plane (or tag) it belongs to.
    public var revision: String
    /// The object as cached, without `metadata.managedFields`: the node's `infraData`.
    public var object: JSONValue

    /// Creates a gateway.
    public init(cluster: String, namespace: String, name: String, revision: String = "default", object: JSONValue) {
        self.cluster = cluster
        self.namespace = namespace
        self.name = name
        self.revision = revision
        self.object = object
    }
}
