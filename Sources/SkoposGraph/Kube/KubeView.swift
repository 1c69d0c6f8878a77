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

/// A namespace as the graph needs it.
public struct NamespaceFacts: Sendable, Hashable {
    public var name: String
    /// `metadata.creationTimestamp` in Unix seconds, when known.
    public var created: Int64?
    public var labels: [String: String]

    public init(name: String, created: Int64? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.created = created
        self.labels = labels
    }

    /// In Istio's ambient data plane (`istio.io/dataplane-mode: ambient`).
    public var isAmbient: Bool { labels["istio.io/dataplane-mode"] == "ambient" }
}

/// A workload as the graph needs it (Kiali's slim workload model).
public struct WorkloadFacts: Sendable, Hashable {
    public var name: String
    public var namespace: String
    /// `Deployment`, `ReplicaSet`, `StatefulSet`, `DaemonSet`, `Pod`, ...
    public var kind: String
    /// The workload's pod-template labels (or the pod's).
    public var labels: [String: String]
    public var podCount: Int
    /// Some pod runs an Istio sidecar.
    public var hasSidecar: Bool
    /// Some pod is captured by the ambient data plane.
    public var isAmbient: Bool
    /// Istio or Gateway API gateway.
    public var isGateway: Bool
    /// An ambient waypoint proxy.
    public var isWaypoint: Bool
    /// The workload's pod-template annotations (or the pod's), for `health.kiali.io/rate`.
    public var annotations: [String: String]
    /// Replica counters, for the workload status of health.
    public var replicas: WorkloadReplicas

    /// Creates a workload's facts.
    /// - Parameter replicas: the replica counters; by default `podCount` desired, current and available, and no proxy
    ///   data (`syncedProxies` −1).
    public init(
        name: String,
        namespace: String,
        kind: String = "Deployment",
        labels: [String: String] = [:],
        podCount: Int = 1,
        hasSidecar: Bool = true,
        isAmbient: Bool = false,
        isGateway: Bool = false,
        isWaypoint: Bool = false,
        annotations: [String: String] = [:],
        replicas: WorkloadReplicas? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.kind = kind
        self.labels = labels
        self.podCount = podCount
        self.hasSidecar = hasSidecar
        self.isAmbient = isAmbient
        self.isGateway = isGateway
        self.isWaypoint = isWaypoint
        self.annotations = annotations
        self.replicas = replicas ?? WorkloadReplicas(desired: podCount, current: podCount, available: podCount)
    }
}

/// A workload's replica counters, as Kiali's `WorkloadStatus` reports them (`backend.md` §7.1).
public struct WorkloadReplicas: Sendable, Hashable {
    /// Replicas asked for (`spec.replicas`; a DaemonSet's `desiredNumberScheduled`).
    public var desired: Int
    /// Replicas that exist (`status.replicas`; `currentNumberScheduled`).
    public var current: Int
    /// Replicas available (`status.availableReplicas`; `numberAvailable`).
    public var available: Int
    /// Pods whose proxy has every xDS type synced; −1 when unknown (no sidecar, gateways, no proxy data).
    public var syncedProxies: Int

    public init(desired: Int, current: Int, available: Int, syncedProxies: Int = -1) {
        self.desired = desired
        self.current = current
        self.available = available
        self.syncedProxies = syncedProxies
    }
}

/// A service as the graph needs it.
public struct ServiceFacts: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var selector: [String: String]

    public init(
        name: String,
        namespace: String,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        selector: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.selector = selector
    }
}

/// What the graph reads from a cluster's Istio mesh config.
public struct MeshFacts: Sendable, Hashable {
    /// `defaultServiceExportTo`: where a ServiceEntry without `exportTo` is visible. Istio's default is `["*"]`.
    public var defaultServiceExportTo: [String]

    public init(defaultServiceExportTo: [String] = ["*"]) {
        self.defaultServiceExportTo = defaultServiceExportTo
    }
}

/// The Istio and Gateway API kinds appenders read.
public enum IstioKind: String, Sendable, Hashable, CaseIterable {
    case destinationRules, virtualServices, gateways, serviceEntries, workloadEntries, k8sGateways
}
