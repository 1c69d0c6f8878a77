/// A StatefulSet (`apps/v1`, `statefulsets`): Pods with stable names and storage.
public struct StatefulSet: NamespacedResource, ListableResource, Hashable {
    /// `apps`.
    public static let group = "apps"
    /// `v1`.
    public static let version = "v1"
    /// `StatefulSet`.
    public static let kind = "StatefulSet"
    /// `statefulsets`.
    public static let resource = "statefulsets"

    /// The StatefulSet's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: StatefulSetSpec
    /// The observed state.
    public var status: StatefulSetStatus

    /// Creates a StatefulSet.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: StatefulSetSpec = StatefulSetSpec(), status: StatefulSetStatus = StatefulSetStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec, status
    }

    /// Decodes a StatefulSet; a missing metadata, spec or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        spec = try c.decode(.spec, default: StatefulSetSpec())
        status = try c.decode(.status, default: StatefulSetStatus())
    }
}

/// The part of a StatefulSet's `spec` the console reads.
public struct StatefulSetSpec: Decodable, Sendable, Hashable {
    /// The desired number of Pods; 1 when missing, as the API server defaults it.
    public var replicas: Int
    /// Which Pods belong to the StatefulSet.
    public var selector: LabelSelector
    /// The template the Pods are created from.
    public var template: PodTemplateSpec

    /// Creates a StatefulSet spec.
    public init(replicas: Int = 1, selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }

    private enum CodingKeys: String, CodingKey {
        case replicas, selector, template
    }

    /// Decodes a StatefulSet spec; missing replicas are 1, a missing selector or template empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replicas = try c.decode(.replicas, default: 1)
        selector = try c.decode(.selector, default: LabelSelector())
        template = try c.decode(.template, default: PodTemplateSpec())
    }
}

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
