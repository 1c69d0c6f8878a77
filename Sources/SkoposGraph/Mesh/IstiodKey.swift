/// Where an istiod runs: the key of the caller's inputs (its container spec, version and status).
public struct IstiodKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The cluster's name.
    public var cluster: String
    /// istiod's namespace.
    public var namespace: String
    /// istiod's Deployment name.
    public var name: String

    /// Creates a key.
    public init(cluster: String, namespace: String, name: String) {
        self.cluster = cluster
        self.namespace = namespace
        self.name = name
    }

    /// By cluster, namespace, name.
    public static func < (a: IstiodKey, b: IstiodKey) -> Bool { (a.cluster, a.namespace, a.name) < (b.cluster, b.namespace, b.name) }

    /// `cluster/namespace/name`.
    public var description: String { "\(cluster)/\(namespace)/\(name)" }
}
