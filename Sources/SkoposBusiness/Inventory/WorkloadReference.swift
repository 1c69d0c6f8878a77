/// A workload named by another (the waypoints that serve a workload or service): `{"name","namespace","cluster"}`.
public struct WorkloadReference: Sendable, Hashable, Comparable {
    /// The workload's name.
    public var name: String
    /// Its namespace.
    public var namespace: String
    /// Its cluster.
    public var cluster: String

    /// A reference.
    public init(name: String, namespace: String, cluster: String) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
    }

    public static func < (a: Self, b: Self) -> Bool { (a.namespace, a.name, a.cluster) < (b.namespace, b.name, b.cluster) }
}
