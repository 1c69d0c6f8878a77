/// What the Overview's latency and throughput queries cover (`backend.md` §2.9 "Overview metrics").
public enum OverviewScope: Sendable, Hashable {
    /// One query over every cluster and namespace.
    case global
    /// One query per cluster, limited to the namespaces the viewer may see there (cluster → namespaces). A cluster
    /// without namespaces is not queried.
    case clusters([String: [String]])

    /// Kiali's rule: a single global query when access is cluster-wide, no discovery selectors are set and the viewer
    /// sees every namespace the service account sees; otherwise one query per cluster.
    /// - Parameters:
    ///   - clusterWideAccess: Whether the console has cluster-wide access.
    ///   - hasDiscoverySelectors: Whether discovery selectors are configured.
    ///   - viewerSeesEveryNamespace: Whether the viewer sees every namespace the service account sees.
    ///   - visible: The viewer's namespaces per cluster, for the per-cluster queries.
    public static func choose(
        clusterWideAccess: Bool,
        hasDiscoverySelectors: Bool,
        viewerSeesEveryNamespace: Bool,
        visible: [String: [String]]
    ) -> OverviewScope {
        clusterWideAccess && !hasDiscoverySelectors && viewerSeesEveryNamespace ? .global : .clusters(visible)
    }
}
