public import SkoposModel

/// What the engine reads from Kubernetes, as plain values: namespaces, workloads, services and Istio configuration per
/// cluster, limited to what the viewer may see. Built from the read model per request (``KubeView/snapshot(_:access:)``)
/// or from in-memory facts in tests and benchmarks.
///
/// [PERF] The appenders read workloads, services and Istio configuration through a per-view memo
/// (``KubeView/workloadIndex(cluster:namespace:)`` and friends): each `(cluster, namespace)` list is fetched and
/// indexed once per view, however many appenders and namespaces ask for it. A view is meant to live for one request;
/// replacing one of its closures drops the memo.
public struct KubeView: Sendable {
    /// The clusters with a client, home first.
    public var clusters: [String]
    /// The home cluster's name.
    public var homeCluster: String
    /// A namespace of a cluster, when it exists and the viewer may see it.
    public var namespace: @Sendable (_ cluster: String, _ name: String) -> NamespaceFacts?
    /// The workloads of a namespace (empty when it is not visible).
    public var workloads: @Sendable (_ cluster: String, _ namespace: String) -> [WorkloadFacts] {
        didSet { memo = KubeMemo() }
    }
    /// The services of a namespace (empty when it is not visible).
    public var services: @Sendable (_ cluster: String, _ namespace: String) -> [ServiceFacts] {
        didSet { memo = KubeMemo() }
    }
    /// Istio configuration of a kind in a namespace, or in every visible namespace when `namespace` is `nil`.
    public var istioConfig: @Sendable (_ cluster: String, _ kind: IstioKind, _ namespace: String?) -> [JSONValue] {
        didSet { memo = KubeMemo() }
    }
    /// Every waypoint workload of every cluster.
    public var waypoints: @Sendable () -> WaypointSet
    /// The mesh-wide configuration of a cluster's control plane (Istio's mesh config).
    public var mesh: @Sendable (_ cluster: String) -> MeshFacts {
        didSet { memo = KubeMemo() }
    }
    /// Clusters whose API cannot be read now (unreachable, or never synced), with why: their namespaces are missing
    /// from the view, so a namespace seen nowhere may still be there.
    public var unavailableClusters: [String: String] = [:]
    /// The lists already fetched through this view.
    private(set) var memo = KubeMemo()

    /// Creates a view from closures.
    /// - Parameters:
    ///   - clusters: the clusters with a client, home first.
    ///   - homeCluster: the home cluster's name.
    ///   - namespace: a namespace of a cluster, `nil` when it does not exist or is not visible.
    ///   - workloads: the workloads of a namespace.
    ///   - services: the services of a namespace.
    ///   - istioConfig: Istio configuration of a kind, in one namespace or (`nil`) in every visible one.
    ///   - waypoints: every waypoint workload.
    ///   - mesh: a cluster's mesh config; by default Istio's defaults (`defaultServiceExportTo: ["*"]`).
    public init(
        clusters: [String],
        homeCluster: String,
        namespace: @escaping @Sendable (_ cluster: String, _ name: String) -> NamespaceFacts?,
        workloads: @escaping @Sendable (_ cluster: String, _ namespace: String) -> [WorkloadFacts] = { _, _ in [] },
        services: @escaping @Sendable (_ cluster: String, _ namespace: String) -> [ServiceFacts] = { _, _ in [] },
        istioConfig: @escaping @Sendable (_ cluster: String, _ kind: IstioKind, _ namespace: String?) -> [JSONValue] = { _, _, _ in [] },
        waypoints: @escaping @Sendable () -> WaypointSet = { WaypointSet() },
        mesh: @escaping @Sendable (_ cluster: String) -> MeshFacts = { _ in MeshFacts() }
    ) {
        self.clusters = clusters
        self.homeCluster = homeCluster
        self.namespace = namespace
        self.workloads = workloads
        self.services = services
        self.istioConfig = istioConfig
        self.waypoints = waypoints
        self.mesh = mesh
    }

    /// Whether the viewer may see a namespace of a cluster.
    public func isAccessible(cluster: String, namespace ns: String) -> Bool {
        namespace(cluster, ns) != nil
    }
}
