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
