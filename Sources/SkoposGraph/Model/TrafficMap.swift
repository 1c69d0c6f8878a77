/// The graph being built: nodes by internal ID (`graph.md` §4). Edges refer to their destination by ID, so a node
/// exists once however many namespaces saw it.
public struct TrafficMap: Sendable {
    public var nodes: [String: Node] = [:]

    public init() {}

    public subscript(id: String) -> Node? {
        get { nodes[id] }
        set { nodes[id] = newValue }
    }

    public var count: Int { nodes.count }

    /// The number of edges.
    public var edgeCount: Int { nodes.values.reduce(0) { $0 + $1.edges.count } }

    /// Removes nodes and every edge into them.
    mutating func remove(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        for id in ids { nodes[id] = nil }
        for id in Array(nodes.keys) {
            if nodes[id]!.edges.contains(where: { ids.contains($0.dest) }) {
                nodes[id]!.removeEdges { ids.contains($0.dest) }
            }
        }
    }

    /// The IDs of nodes that are the destination of at least one edge.
    var destinations: Set<String> {
        var result = Set<String>()
        for node in nodes.values { for e in node.edges { result.insert(e.dest) } }
        return result
    }
}
