import KubeTypes

/// Which namespaces of a cluster the console shows (`backend.md` §5.6): with discovery selectors for the cluster,
/// those a selector matches plus the control plane's; without any, all but Kiali's excluded system namespaces.
struct NamespaceVisibility: Sendable {
    var defaultSelectors: [LabelSelector]
    var overrides: [String: [LabelSelector]]
    var controlPlaneNamespaces: Set<String>

    func isVisible(cluster: String, namespace: String, labels: [String: String]) -> Bool {
        let selectors = overrides[cluster] ?? defaultSelectors
        if selectors.isEmpty { return !Self.excluded(namespace) }
        if controlPlaneNamespaces.contains(namespace) { return true }
        var withName = labels
        withName["kubernetes.io/metadata.name"] = namespace
        return selectors.contains { $0.matches(withName) }
    }

    /// `^(kube-.*|openshift.*|ibm.*|kiali-operator|istio-operator)`.
    static func excluded(_ ns: String) -> Bool {
        ns.hasPrefix("kube-") || ns.hasPrefix("openshift") || ns.hasPrefix("ibm") || ns == "kiali-operator" || ns == "istio-operator"
    }
}
