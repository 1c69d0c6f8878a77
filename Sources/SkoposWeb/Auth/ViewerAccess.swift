/// What one viewer may see: per cluster, the namespaces their own credentials there allow (`backend.md` §4.8), or,
/// for the anonymous viewer, everything the console's own credentials and the discovery selectors show.
struct ViewerAccess: Sendable, Hashable {
    /// `nil` for the anonymous viewer; otherwise the clusters the user has a session for, each with its namespaces.
    var namespaces: [String: Set<String>]?

    static let everything = ViewerAccess(namespaces: nil)

    func allows(cluster: String, namespace: String) -> Bool {
        guard let namespaces else { return true }
        return namespaces[cluster]?.contains(namespace) ?? false
    }

    /// Whether the viewer has a session for the cluster (always, for the anonymous viewer).
    func covers(cluster: String) -> Bool {
        namespaces.map { $0[cluster] != nil } ?? true
    }
}
