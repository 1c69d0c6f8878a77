/// A ReplicaSet (`apps/v1`, `replicasets`): usually owned by a Deployment, one per Pod-template revision.
public struct ReplicaSet: NamespacedResource, ListableResource, Hashable {
    /// `apps`.
    public static let group = "apps"
    /// `v1`.
    public static let version = "v1"
    /// `ReplicaSet`.
    public static let kind = "ReplicaSet"
    /// `replicasets`.
    public static let resource = "replicasets"

    /// The ReplicaSet's metadata; `ownerReferences` names its Deployment.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ReplicaSetSpec
    /// The observed state.
    public var status: ReplicaSetStatus

    /// Creates a ReplicaSet.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: ReplicaSetSpec = ReplicaSetSpec(), status: ReplicaSetStatus = ReplicaSetStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec, status
    }

    /// Decodes a ReplicaSet; a missing metadata, spec or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        spec = try c.decode(.spec, default: ReplicaSetSpec())
        status = try c.decode(.status, default: ReplicaSetStatus())
    }
}

/// The part of a ReplicaSet's `spec` the console reads.
public struct ReplicaSetSpec: Decodable, Sendable, Hashable {
    /// The desired number of Pods; 1 when missing, as the API server defaults it.
    public var replicas: Int
    /// Which Pods belong to the ReplicaSet.
    public var selector: LabelSelector
    /// The template the Pods are created from.
    public var template: PodTemplateSpec

    /// Creates a ReplicaSet spec.
    public init(replicas: Int = 1, selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }

    private enum CodingKeys: String, CodingKey {
        case replicas, selector, template
    }

    /// Decodes a ReplicaSet spec; missing replicas are 1, a missing selector or template empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replicas = try c.decode(.replicas, default: 1)
        selector = try c.decode(.selector, default: LabelSelector())
        template = try c.decode(.template, default: PodTemplateSpec())
    }
}

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
