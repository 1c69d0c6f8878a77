/// An edge of the mesh page graph: `id` is the SHA-256 of `<source>.<target>` (the hashed node IDs).
public struct MeshEdge: Sendable, Hashable {
    /// `sha256(<source>.<target>)`, lowercase hex.
    public var id: String
    /// The source node's ID.
    public var source: String
    /// The target node's ID.
    public var target: String

    /// An edge between two nodes' (hashed) IDs.
    public init(source: String, target: String) {
        self.id = SHA256Hex.of(source, ".", target)
        self.source = source
        self.target = target
    }
}
