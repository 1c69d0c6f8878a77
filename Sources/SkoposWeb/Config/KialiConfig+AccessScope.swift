public import KubeClient

extension KialiConfig {
    /// The namespaces each cluster's caches watch, from `deployment.cluster_wide_access` and
    /// `deployment.discovery_selectors` (backend.md §3.4, §5.6), with `deployment.namespace` always included.
    /// - Throws: ``AccessScopeError`` naming the default selector (`deployment.discovery_selectors.default[i]`) that
    ///   does not name namespaces while cluster-wide access is off. ``load(yaml:source:)`` has already refused such a
    ///   configuration.
    public func accessScope() throws(AccessScopeError) -> AccessScope {
        try AccessScope(
            clusterWideAccess: deployment.clusterWideAccess,
            defaultSelectors: deployment.discoverySelectors.default,
            overrides: deployment.discoverySelectors.overrides,
            alwaysIncluded: [deployment.namespace]
        )
    }
}
