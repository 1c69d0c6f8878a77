/// A StatefulSet (`apps/v1`, `statefulsets`): Pods with stable names and storage.
public typealias StatefulSet = WorkloadResource<StatefulSetKind>

/// `StatefulSet`'s names in the API and the shapes of its `spec` and `status`.
public enum StatefulSetKind: WorkloadKind {
    public static let group = "apps"
    public static let version = "v1"
    public static let kind = "StatefulSet"
    public static let resource = "statefulsets"
    public static func emptySpec() -> ReplicatedPodSpec { ReplicatedPodSpec() }
    public static func emptyStatus() -> StatefulSetStatus { StatefulSetStatus() }
}

/// A StatefulSet's `spec`: replicas, selector and Pod template.
public typealias StatefulSetSpec = ReplicatedPodSpec

/// A StatefulSet's `status` counters (0 when missing, as the API server omits zeros).
public struct StatefulSetStatus: Decodable, Sendable, Hashable {
    /// The generation the controller last acted on.
    public var observedGeneration: Int?
    /// Pods the StatefulSet has.
    public var replicas: Int
    /// Pods that are ready.
    public var readyReplicas: Int
    /// Pods at the current revision.
    public var currentReplicas: Int
    /// Pods at the update revision.
    public var updatedReplicas: Int
    /// Pods ready for at least `minReadySeconds`.
    public var availableReplicas: Int

    /// Creates a StatefulSet status.
    public init(
        observedGeneration: Int? = nil,
        replicas: Int = 0,
        readyReplicas: Int = 0,
        currentReplicas: Int = 0,
        updatedReplicas: Int = 0,
        availableReplicas: Int = 0
    ) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.currentReplicas = currentReplicas
        self.updatedReplicas = updatedReplicas
        self.availableReplicas = availableReplicas
    }

    private enum CodingKeys: String, CodingKey {
        case observedGeneration, replicas, readyReplicas, currentReplicas, updatedReplicas, availableReplicas
    }

    /// Decodes a StatefulSet status; missing counters are 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(.observedGeneration)
        replicas = try c.decode(.replicas, default: 0)
        readyReplicas = try c.decode(.readyReplicas, default: 0)
        currentReplicas = try c.decode(.currentReplicas, default: 0)
        updatedReplicas = try c.decode(.updatedReplicas, default: 0)
        availableReplicas = try c.decode(.availableReplicas, default: 0)
    }
}
