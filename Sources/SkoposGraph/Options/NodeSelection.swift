/// The node a node graph is about (`graph.md` §2.1).
public struct NodeSelection: Sendable, Hashable {
    public var namespace: String
    public var app = ""
    public var version = ""
    public var workload = ""
    public var service = ""
    /// `aggregate` / `aggregateValue` of an aggregate node graph.
    public var aggregate = ""
    public var aggregateValue = ""
    /// `clusterName`, `unknown` when absent.
    public var cluster = "unknown"

    public init(namespace: String) { self.namespace = namespace }
}
