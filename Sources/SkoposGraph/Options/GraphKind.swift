/// Namespace graph or node graph.
public enum GraphKind: String, Sendable, Hashable {
    case namespace, node
}
