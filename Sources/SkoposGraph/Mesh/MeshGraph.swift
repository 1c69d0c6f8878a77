/// The mesh page graph, ready to write: nodes in Kiali's order (cluster boxes, namespace boxes, then the rest; each
/// by cluster, namespace and ID), edges by source and target ID.
public struct MeshGraph: Sendable, Hashable {
    /// The nodes, boxes first.
    public var nodes: [MeshNode]
    /// The edges.
    public var edges: [MeshEdge]
    /// `meshNames`; written as `null` when empty.
    public var meshNames: [String]

    /// Creates a graph.
    public init(nodes: [MeshNode], edges: [MeshEdge], meshNames: [String]) {
        self.nodes = nodes
        self.edges = edges
        self.meshNames = meshNames
    }

    /// The node with this key (`infra_<cluster>_<namespace>_<name>_<version>`).
    public func node(key: String) -> MeshNode? { nodes.first { $0.key == key } }
}
