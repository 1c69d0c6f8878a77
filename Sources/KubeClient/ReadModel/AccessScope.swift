public import KubeTypes

/// Kiali's `deployment.cluster_wide_access` and `deployment.discovery_selectors`, turned into the namespaces each
/// cluster's caches watch (`backend.md` §3.4, §5.6).
///
/// With cluster-wide access every cluster is watched whole. Without it, the namespaces come from the selectors, which
/// must then name namespaces (`matchLabels: {kubernetes.io/metadata.name: <ns>}`, or one `matchExpressions` entry
/// `{key: kubernetes.io/metadata.name, operator: In, values: [...]}`), as Kiali derives its accessible namespaces.
/// Unlike Kiali, which scopes only the home cluster, each cluster gets its own list: `overrides.<cluster>` when it
/// has that form, else `default`.
public struct AccessScope: Sendable, Hashable {
    /// `deployment.cluster_wide_access`.
    public let clusterWideAccess: Bool
    /// The namespaces `discovery_selectors.default` names (without cluster-wide access).
    public let defaultNamespaces: [String]
    /// The namespaces `discovery_selectors.overrides.<cluster>` name, for the clusters whose overrides name namespaces.
    public let overrideNamespaces: [String: [String]]
    /// Namespaces always watched without cluster-wide access: Kiali's own and the control plane's.
    public let alwaysIncluded: [String]

    /// Cluster-wide access (Kiali's default).
    public static let clusterWide = AccessScope(validated: true, defaults: [], overrides: [:], always: [])

    private init(validated clusterWideAccess: Bool, defaults: [String], overrides: [String: [String]], always: [String]) {
        self.clusterWideAccess = clusterWideAccess
        self.defaultNamespaces = defaults
        self.overrideNamespaces = overrides
        self.alwaysIncluded = always
    }

    /// Reads the settings.
    /// - Parameters:
    ///   - clusterWideAccess: `deployment.cluster_wide_access`.
    ///   - defaultSelectors: `deployment.discovery_selectors.default`.
    ///   - overrides: `deployment.discovery_selectors.overrides`, by cluster.
    ///   - alwaysIncluded: Namespaces watched in any case without cluster-wide access (`deployment.namespace`, the
    ///     control plane's namespace).
    /// - Throws: ``AccessScopeError`` naming the selector that does not name namespaces, when cluster-wide access is
    ///   off (the default selectors must have the form; an override without it falls back to the default).
    public init(
        clusterWideAccess: Bool, defaultSelectors: [LabelSelector] = [], overrides: [String: [LabelSelector]] = [:], alwaysIncluded: [String] = []
    ) throws(AccessScopeError) {
        guard !clusterWideAccess else {
            self.init(validated: true, defaults: [], overrides: [:], always: [])
            return
        }
        let defaults = try Self.namespaceNames(defaultSelectors, key: "deployment.discovery_selectors.default")
        var named: [String: [String]] = [:]
        for (cluster, selectors) in overrides {
            if let names = try? Self.namespaceNames(selectors, key: "deployment.discovery_selectors.overrides.\(cluster)") { named[cluster] = names }
        }
        self.init(validated: false, defaults: defaults, overrides: named, always: alwaysIncluded)
    }

    /// The namespaces the caches of a cluster watch.
    public func scope(for cluster: String) -> NamespaceScope {
        guard !clusterWideAccess else { return .clusterWide }
        let names = Set((overrideNamespaces[cluster] ?? defaultNamespaces) + alwaysIncluded).subtracting([""])
        return .namespaces(names.sorted())
    }

    static let nameLabel = "kubernetes.io/metadata.name"

    /// The namespace names a list of selectors names, or why it does not.
    static func namespaceNames(_ selectors: [LabelSelector], key: String) throws(AccessScopeError) -> [String] {
        var names: [String] = []
        for (i, selector) in selectors.enumerated() {
            let path = "\(key)[\(i)]"
            if selector.matchExpressions.isEmpty, selector.matchLabels.count == 1, let name = selector.matchLabels[nameLabel], !name.isEmpty {
                names.append(name)
            } else if selector.matchLabels.isEmpty, selector.matchExpressions.count == 1, let e = selector.matchExpressions.first,
                e.key == nameLabel, e.operator == "In", !e.values.isEmpty, !e.values.contains("")
            {
                names += e.values
            } else {
                throw AccessScopeError(key: path)
            }
        }
        return names
    }
}

/// A discovery selector that does not name namespaces while cluster-wide access is off.
public struct AccessScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The selector's key path, e.g. `deployment.discovery_selectors.default[1]`.
    public var key: String

    public var description: String {
        "\(key): with deployment.cluster_wide_access false, every discovery selector must name namespaces: "
            + "matchLabels {\(AccessScope.nameLabel): <namespace>} or one matchExpressions entry "
            + "{key: \(AccessScope.nameLabel), operator: In, values: [<namespaces>]}"
    }
}
