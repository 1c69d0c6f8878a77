/// What tells the workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet) apart: their names in the API and
/// the shapes of their `spec` and `status`. The object around them is `WorkloadResource`.
public protocol WorkloadKind: Sendable {
    /// The part of `spec` the console reads.
    associatedtype Spec: Decodable, Sendable, Hashable
    /// The observed state.
    associatedtype Status: Decodable, Sendable, Hashable
    /// The API group, e.g. `apps`.
    static var group: String { get }
    /// The version within the group, e.g. `v1`.
    static var version: String { get }
    /// The kind, e.g. `Deployment`.
    static var kind: String { get }
    /// The plural resource name in URLs, e.g. `deployments`.
    static var resource: String { get }
    /// What a missing `spec` decodes to.
    static func emptySpec() -> Spec
    /// What a missing `status` decodes to.
    static func emptyStatus() -> Status
}

/// A workload object (`apps/v1`): metadata, the desired state and the observed state. `Deployment`, `ReplicaSet`,
/// `StatefulSet` and `DaemonSet` are this type with their own `WorkloadKind`.
public struct WorkloadResource<Kind: WorkloadKind>: NamespacedResource, ListableResource, Hashable {
    public static var group: String { Kind.group }
    public static var version: String { Kind.version }
    public static var kind: String { Kind.kind }
    public static var resource: String { Kind.resource }

    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: Kind.Spec
    /// The observed state.
    public var status: Kind.Status

    /// Creates an object; what is not given is empty.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: Kind.Spec = Kind.emptySpec(), status: Kind.Status = Kind.emptyStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec, status
    }

    /// Decodes an object; a missing metadata, spec or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        spec = try c.decode(.spec, default: Kind.emptySpec())
        status = try c.decode(.status, default: Kind.emptyStatus())
    }
}

/// The `spec` of the kinds that run a number of replicas of a Pod template: Deployment, ReplicaSet, StatefulSet.
public struct ReplicatedPodSpec: Decodable, Sendable, Hashable {
    /// The desired number of Pods; 1 when missing, as the API server defaults it.
    public var replicas: Int
    /// Which Pods belong to the object.
    public var selector: LabelSelector
    /// The template the Pods are created from.
    public var template: PodTemplateSpec

    /// Creates a spec.
    public init(replicas: Int = 1, selector: LabelSelector = LabelSelector(), template: PodTemplateSpec = PodTemplateSpec()) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
    }

    private enum CodingKeys: String, CodingKey {
        case replicas, selector, template
    }

    /// Decodes a spec; missing replicas are 1, a missing selector or template empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replicas = try c.decode(.replicas, default: 1)
        selector = try c.decode(.selector, default: LabelSelector())
        template = try c.decode(.template, default: PodTemplateSpec())
    }
}
