/// A Deployment (`apps/v1`, `deployments`): desired replicas, selector, Pod template, rollout status.
public typealias Deployment = WorkloadResource<DeploymentKind>

/// `Deployment`'s names in the API and the shapes of its `spec` and `status`.
public enum DeploymentKind: WorkloadKind {
    public static let group = "apps"
    public static let version = "v1"
    public static let kind = "Deployment"
    public static let resource = "deployments"
    public static func emptySpec() -> ReplicatedPodSpec { ReplicatedPodSpec() }
    public static func emptyStatus() -> DeploymentStatus { DeploymentStatus() }
}

/// A Deployment's `spec`: replicas, selector and Pod template.
public typealias DeploymentSpec = ReplicatedPodSpec

/// A Deployment's `status`: replica counters (0 when missing, as the API server omits zeros) and conditions.
public struct DeploymentStatus: Decodable, Sendable, Hashable {
    /// The generation the controller last acted on; `nil` before it has seen the Deployment.
    public var observedGeneration: Int?
    /// Pods targeted by the Deployment (any template).
    public var replicas: Int
    /// Pods with the current template.
    public var updatedReplicas: Int
    /// Pods that are ready.
    public var readyReplicas: Int
    /// Pods ready for at least `minReadySeconds`.
    public var availableReplicas: Int
    /// Pods still needed for full availability.
    public var unavailableReplicas: Int
    /// `Available`, `Progressing` and `ReplicaFailure` conditions.
    public var conditions: [DeploymentCondition]

    /// Creates a Deployment status.
    public init(
        observedGeneration: Int? = nil,
        replicas: Int = 0,
        updatedReplicas: Int = 0,
        readyReplicas: Int = 0,
        availableReplicas: Int = 0,
        unavailableReplicas: Int = 0,
        conditions: [DeploymentCondition] = []
    ) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.updatedReplicas = updatedReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.unavailableReplicas = unavailableReplicas
        self.conditions = conditions
    }

    private enum CodingKeys: String, CodingKey {
        case observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas, conditions
    }

    /// Decodes a Deployment status; missing counters are 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(.observedGeneration)
        replicas = try c.decode(.replicas, default: 0)
        updatedReplicas = try c.decode(.updatedReplicas, default: 0)
        readyReplicas = try c.decode(.readyReplicas, default: 0)
        availableReplicas = try c.decode(.availableReplicas, default: 0)
        unavailableReplicas = try c.decode(.unavailableReplicas, default: 0)
        conditions = try c.decode(.conditions, default: [])
    }
}

/// A condition of a Deployment, e.g. `Available` = `True` or `Progressing` = `False` with reason
/// `ProgressDeadlineExceeded`.
public struct DeploymentCondition: Decodable, Sendable, Hashable {
    /// `Available`, `Progressing` or `ReplicaFailure`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// A machine-readable reason, e.g. `NewReplicaSetAvailable`.
    public var reason: String?
    /// A human-readable message.
    public var message: String?
    /// When the status last changed, as RFC 3339 text.
    public var lastTransitionTime: String?

    /// Creates a condition.
    public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: String? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }

    private enum CodingKeys: String, CodingKey {
        case type, status, reason, message, lastTransitionTime
    }

    /// Decodes a condition; a missing type or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(.type, default: "")
        status = try c.decode(.status, default: "")
        reason = try c.decodeIfPresent(.reason)
        message = try c.decodeIfPresent(.message)
        lastTransitionTime = try c.decodeIfPresent(.lastTransitionTime)
    }
}
