/// Which namespaces of a cluster the caches watch: all of them, or a list (Kiali's `cluster_wide_access: false`).
public enum NamespaceScope: Sendable, Hashable, CustomStringConvertible {
    /// Every namespace: one cluster-wide informer per kind.
    case clusterWide
    /// The listed namespaces only: one informer per namespaced kind and namespace, and the Namespaces themselves
    /// read one by one; nothing outside them is read.
    case namespaces([String])

    /// Whether objects of this namespace are in scope.
    public func contains(_ namespace: String) -> Bool {
        switch self {
        case .clusterWide: true
        case .namespaces(let names): names.contains(namespace)
        }
    }

    /// The namespaces, sorted; `nil` for cluster-wide.
    public var names: [String]? {
        if case .namespaces(let names) = self { return names }
        return nil
    }

    /// `cluster-wide` or `namespaces a, b`.
    public var description: String {
        switch self {
        case .clusterWide: "cluster-wide"
        case .namespaces(let names): "namespaces \(names.joined(separator: ", "))"
        }
    }
}
