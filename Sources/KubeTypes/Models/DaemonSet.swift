/// A DaemonSet (`apps/v1`, `daemonsets`): one Pod per eligible node.
public typealias DaemonSet = WorkloadResource<DaemonSetKind>

/// `DaemonSet`'s names in the API and the shapes of its `spec` and `status`.
public enum DaemonSetKind: WorkloadKind {
    public static let group = "apps"
    public static let version = "v1"
    public static let kind = "DaemonSet"
    public static let resource = "daemonsets"
    public static func emptySpec() -> DaemonSetSpec { DaemonSetSpec() }
    public static func emptyStatus() -> DaemonSetStatus { DaemonSetStatus() }
}

/// The part of a DaemonSet's `spec` the console reads (a DaemonSet has no replica count).
public struct DaemonSetSpec: Decodable, Sendable, Hashable {
    /// Which Pods belong to the DaemonSet.
    public var selector: LabelSelector
    /// The template the Pods are created from.
    public var template: PodTemplateSpec

    /// Creates a DaemonSet spec.
    public init(selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
        self.selector = selector
        self.template = template
    }

    private enum CodingKeys: String, CodingKey {
        case selector, template
    }

    /// Decodes a DaemonSet spec; a missing selector or template is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        selector = try c.decode(.selector, default: LabelSelector())
        template = try c.decode(.template, default: PodTemplateSpec())
    }
}

/// A DaemonSet's `status` counters, in nodes (0 when missing, as the API server omits zeros).
public struct DaemonSetStatus: Decodable, Sendable, Hashable {
    /// The generation the controller last acted on.
    public var observedGeneration: Int?
    /// Nodes that should run the Pod: the desired count.
    public var desiredNumberScheduled: Int
    /// Nodes running the Pod that should.
    public var currentNumberScheduled: Int
    /// Nodes running the Pod that should not.
    public var numberMisscheduled: Int
    /// Nodes whose Pod is ready.
    public var numberReady: Int
    /// Nodes whose Pod has been ready for at least `minReadySeconds`.
    public var numberAvailable: Int
    /// Nodes whose Pod is missing or not available.
    public var numberUnavailable: Int
    /// Nodes running the current template.
    public var updatedNumberScheduled: Int

    /// Creates a DaemonSet status.
    public init(
        observedGeneration: Int? = nil,
        desiredNumberScheduled: Int = 0,
        currentNumberScheduled: Int = 0,
        numberMisscheduled: Int = 0,
        numberReady: Int = 0,
        numberAvailable: Int = 0,
        numberUnavailable: Int = 0,
        updatedNumberScheduled: Int = 0
    ) {
        self.observedGeneration = observedGeneration
        self.desiredNumberScheduled = desiredNumberScheduled
        self.currentNumberScheduled = currentNumberScheduled
        self.numberMisscheduled = numberMisscheduled
        self.numberReady = numberReady
        self.numberAvailable = numberAvailable
        self.numberUnavailable = numberUnavailable
        self.updatedNumberScheduled = updatedNumberScheduled
    }

    private enum CodingKeys: String, CodingKey {
        case observedGeneration, desiredNumberScheduled, currentNumberScheduled, numberMisscheduled
        case numberReady, numberAvailable, numberUnavailable, updatedNumberScheduled
    }

    /// Decodes a DaemonSet status; missing counters are 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try c.decodeIfPresent(.observedGeneration)
        desiredNumberScheduled = try c.decode(.desiredNumberScheduled, default: 0)
        currentNumberScheduled = try c.decode(.currentNumberScheduled, default: 0)
        numberMisscheduled = try c.decode(.numberMisscheduled, default: 0)
        numberReady = try c.decode(.numberReady, default: 0)
        numberAvailable = try c.decode(.numberAvailable, default: 0)
        numberUnavailable = try c.decode(.numberUnavailable, default: 0)
        updatedNumberScheduled = try c.decode(.updatedNumberScheduled, default: 0)
    }
}
