/// A ReplicaSet (`apps/v1`, `replicasets`): usually owned by a Deployment, one per Pod-template revision.
public typealias ReplicaSet = WorkloadResource<ReplicaSetKind>

/// `ReplicaSet`'s names in the API and the shapes of its `spec` and `status`.
public enum ReplicaSetKind: WorkloadKind {
    public static let group = "apps"
    public static let version = "v1"
    public static let kind = "ReplicaSet"
    public static let resource = "replicasets"
    public static func emptySpec() -> ReplicatedPodSpec { ReplicatedPodSpec() }
    public static func emptyStatus() -> ReplicaSetStatus { ReplicaSetStatus() }
}

/// A ReplicaSet's `spec`: replicas, selector and Pod template.
public typealias ReplicaSetSpec = ReplicatedPodSpec

/// A ReplicaSet's `status` counters (0 when missing, as the API server omits zeros).
public struct ReplicaSetStatus: Decodable, Sendable, Hashable {
    /// The generation the controller last acted on.
    public var observedGeneration: Int?
    /// Pods the ReplicaSet has.
    public var replicas: Int
    /// Pods whose labels match the template's.
    public var fullyLabeledReplicas: Int
    /// Pods that are ready.
    public var readyReplicas: Int
    /// Pods ready for at least `minReadySeconds`.
    public var availableReplicas: Int

    /// Creates a ReplicaSet status.
    public init(
        observedGeneration: Int? = nil,
        replicas: Int = 0,
        fullyLabeledReplicas: Int = 0,
        readyReplicas: Int = 0,
        availableReplicas: Int = 0
    ) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.fullyLabeledReplicas = fullyLabeledReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
    }

    private enum CodingKeys: String, CodingKey {
        case observedGeneration, replicas, fullyLabeledReplicas, readyReplicas, availableReplicas
    }

    /// Decodes a ReplicaSet status; missing counters are 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(.observedGeneration)
        replicas = try c.decode(.replicas, default: 0)
        fullyLabeledReplicas = try c.decode(.fullyLabeledReplicas, default: 0)
        readyReplicas = try c.decode(.readyReplicas, default: 0)
        availableReplicas = try c.decode(.availableReplicas, default: 0)
    }
}
