/// A Pod (`v1`, `pods`), trimmed as Kiali trims Pods in its cache: core metadata, containers, init containers,
/// service account, node, hostname, and the status the console shows.
public struct Pod: NamespacedResource, ListableResource, Hashable {
    /// The core group.
    public static let group = ""
    /// `v1`.
    public static let version = "v1"
    /// `Pod`.
    public static let kind = "Pod"
    /// `pods`.
    public static let resource = "pods"

    /// The fields, behind one reference: a Pod is copied often (out of stores, into results) and a copy then costs
    /// one reference count instead of one per string, array and dictionary inside. Immutable; a change makes a new
    /// one.
    final class Storage: Sendable {
        let metadata: ObjectMeta
        let spec: PodSpec
        let status: PodStatus

        init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus) {
            self.metadata = metadata
            self.spec = spec
            self.status = status
        }
    }

    private var storage: Storage

    /// The Pod's metadata.
    public var metadata: ObjectMeta {
        get { storage.metadata }
        set { storage = Storage(metadata: newValue, spec: storage.spec, status: storage.status) }
    }
    /// The desired state: containers and placement.
    public var spec: PodSpec {
        get { storage.spec }
        set { storage = Storage(metadata: storage.metadata, spec: newValue, status: storage.status) }
    }
    /// The observed state: phase, addresses, conditions and container statuses.
    public var status: PodStatus {
        get { storage.status }
        set { storage = Storage(metadata: storage.metadata, spec: storage.spec, status: newValue) }
    }

    /// Creates a Pod.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec(), status: PodStatus = PodStatus()) {
        storage = Storage(metadata: metadata, spec: spec, status: status)
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec, status
    }

    /// Decodes a Pod; a missing metadata, spec or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            metadata: try c.decode(.metadata, default: ObjectMeta()), spec: try c.decode(.spec, default: PodSpec()),
            status: try c.decode(.status, default: PodStatus())
        )
    }

    /// Pods are equal when their metadata, spec and status are.
    public static func == (lhs: Pod, rhs: Pod) -> Bool {
        lhs.storage === rhs.storage || (lhs.metadata == rhs.metadata && lhs.spec == rhs.spec && lhs.status == rhs.status)
    }

    /// Hashes metadata, spec and status.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(metadata)
        hasher.combine(spec)
        hasher.combine(status)
    }
}

/// The part of a Pod's `spec` the console reads; also the `spec` of workload Pod templates.
public struct PodSpec: Decodable, Sendable, Hashable {
    /// The application containers (including an injected `istio-proxy` sidecar).
    public var containers: [Container]
    /// The init containers (including `istio-init`, or `istio-proxy` as a native sidecar).
    public var initContainers: [Container]
    /// The service account the Pod runs as.
    public var serviceAccountName: String?
    /// The node the Pod is scheduled to; `nil` while pending.
    public var nodeName: String?
    /// The Pod's hostname, when set explicitly.
    public var hostname: String?

    /// Creates a Pod spec.
    public init(
        containers: [Container] = [],
        initContainers: [Container] = [],
        serviceAccountName: String? = nil,
        nodeName: String? = nil,
        hostname: String? = nil
    ) {
        self.containers = containers
        self.initContainers = initContainers
        self.serviceAccountName = serviceAccountName
        self.nodeName = nodeName
        self.hostname = hostname
    }

    private enum CodingKeys: String, CodingKey {
        case containers, initContainers, serviceAccountName, nodeName, hostname
    }

    /// Decodes a Pod spec; missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containers = try c.decode(.containers, default: [])
        initContainers = try c.decode(.initContainers, default: [])
        serviceAccountName = try c.decodeIfPresent(.serviceAccountName)
        nodeName = try c.decodeIfPresent(.nodeName)
        hostname = try c.decodeIfPresent(.hostname)
    }
}

/// A container of a Pod: its name, image and declared ports.
public struct Container: Decodable, Sendable, Hashable {
    /// The container's name, unique within the Pod.
    public var name: String
    /// The image reference, e.g. `docker.io/istio/proxyv2:1.24.0`.
    public var image: String?
    /// The ports the container declares.
    public var ports: [ContainerPort]

    /// Creates a container.
    public init(name: String, image: String? = nil, ports: [ContainerPort] = []) {
        self.name = name
        self.image = image
        self.ports = ports
    }

    private enum CodingKeys: String, CodingKey {
        case name, image, ports
    }

    /// Decodes a container; a missing name is empty, missing ports are none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        image = try c.decodeIfPresent(.image)
        ports = try c.decode(.ports, default: [])
    }
}

/// A port a container declares.
public struct ContainerPort: Decodable, Sendable, Hashable {
    /// The port's name (an IANA service name), if any.
    public var name: String?
    /// The port number in the Pod's network namespace.
    public var containerPort: Int
    /// `TCP`, `UDP` or `SCTP`; `TCP` when missing, as the API server defaults it.
    public var `protocol`: String

    /// Creates a container port.
    public init(name: String? = nil, containerPort: Int, protocol: String = "TCP") {
        self.name = name
        self.containerPort = containerPort
        self.protocol = `protocol`
    }

    private enum CodingKeys: String, CodingKey {
        case name, containerPort, `protocol`
    }

    /// Decodes a container port; a missing number is 0, a missing protocol `TCP`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(.name)
        containerPort = try c.decode(.containerPort, default: 0)
        `protocol` = try c.decode(.protocol, default: "TCP")
    }
}

/// The part of a Pod's `status` the console reads.
public struct PodStatus: Decodable, Sendable, Hashable {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`; `nil` when not reported yet.
    public var phase: String?
    /// The Pod's primary IP address.
    public var podIP: String?
    /// All the Pod's IP addresses (the `ip` of each `podIPs` entry), primary first.
    public var podIPs: [String]
    /// The IP address of the Pod's node.
    public var hostIP: String?
    /// A short machine-readable reason for the Pod's state, e.g. `Evicted`.
    public var reason: String?
    /// A human-readable message about the Pod's state.
    public var message: String?
    /// The Pod's conditions (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`).
    public var conditions: [PodCondition]
    /// One status per application container.
    public var containerStatuses: [ContainerStatus]

    /// Creates a Pod status.
    public init(
        phase: String? = nil,
        podIP: String? = nil,
        podIPs: [String] = [],
        hostIP: String? = nil,
        reason: String? = nil,
        message: String? = nil,
        conditions: [PodCondition] = [],
        containerStatuses: [ContainerStatus] = []
    ) {
        self.phase = phase
        self.podIP = podIP
        self.podIPs = podIPs
        self.hostIP = hostIP
        self.reason = reason
        self.message = message
        self.conditions = conditions
        self.containerStatuses = containerStatuses
    }

    private enum CodingKeys: String, CodingKey {
        case phase, podIP, podIPs, hostIP, reason, message, conditions, containerStatuses
    }

    /// The shape of one `podIPs` entry.
    private struct PodIP: Decodable {
        var ip: String?
    }

    /// Decodes a Pod status; missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(.phase)
        podIP = try c.decodeIfPresent(.podIP)
        podIPs = try c.decode(.podIPs, default: [PodIP]()).compactMap(\.ip)
        hostIP = try c.decodeIfPresent(.hostIP)
        reason = try c.decodeIfPresent(.reason)
        message = try c.decodeIfPresent(.message)
        conditions = try c.decode(.conditions, default: [])
        containerStatuses = try c.decode(.containerStatuses, default: [])
    }

    /// The status (`True`, `False`, `Unknown`) of the condition of this type, or `nil` when it is not reported.
    public func condition(_ type: String) -> String? {
        conditions.first { $0.type == type }?.status
    }
}

/// A condition of a Pod, e.g. `Ready` = `True`.
public struct PodCondition: Decodable, Sendable, Hashable {
    /// The condition's type, e.g. `Ready`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String

    /// Creates a condition.
    public init(type: String, status: String) {
        self.type = type
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case type, status
    }

    /// Decodes a condition; missing fields are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(.type, default: "")
        status = try c.decode(.status, default: "")
    }
}

/// The status of one container of a Pod.
public struct ContainerStatus: Decodable, Sendable, Hashable {
    /// The container's name.
    public var name: String
    /// Whether the container passes its readiness probe.
    public var ready: Bool
    /// How many times the container has restarted.
    public var restartCount: Int
    /// The image the container runs.
    public var image: String?
    /// What the container is doing now; `nil` when not reported.
    public var state: ContainerState?

    /// Creates a container status.
    public init(name: String, ready: Bool = false, restartCount: Int = 0, image: String? = nil, state: ContainerState? = nil) {
        self.name = name
        self.ready = ready
        self.restartCount = restartCount
        self.image = image
        self.state = state
    }

    private enum CodingKeys: String, CodingKey {
        case name, ready, restartCount, image, state
    }

    /// Decodes a container status; missing flags are `false`, a missing count 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        ready = try c.decode(.ready, default: false)
        restartCount = try c.decode(.restartCount, default: 0)
        image = try c.decodeIfPresent(.image)
        state = try c.decodeIfPresent(.state)
    }
}

/// A summary of a container's state: which of `running`, `waiting` or `terminated` the API server reported, with
/// the few details the console shows.
public enum ContainerState: Decodable, Sendable, Hashable {
    /// Running since the given RFC 3339 time.
    case running(startedAt: String?)
    /// Not running yet, e.g. reason `ContainerCreating` or `CrashLoopBackOff`.
    case waiting(reason: String?, message: String?)
    /// Finished with an exit code, e.g. reason `Completed` or `OOMKilled`.
    case terminated(exitCode: Int, reason: String?, message: String?)
    /// A state object with none of the known members.
    case unknown

    private enum CodingKeys: String, CodingKey {
        case running, waiting, terminated
    }

    /// The details of any of the three states; each state uses only some of the fields.
    private struct Details: Decodable {
        var startedAt: String?
        var reason: String?
        var message: String?
        var exitCode: Int?
    }

    /// Decodes a `state` object; when several members are present, `running` wins over `terminated` and `waiting`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let running: Details = try c.decodeIfPresent(.running) {
            self = .running(startedAt: running.startedAt)
        } else if let terminated: Details = try c.decodeIfPresent(.terminated) {
            self = .terminated(exitCode: terminated.exitCode ?? 0, reason: terminated.reason, message: terminated.message)
        } else if let waiting: Details = try c.decodeIfPresent(.waiting) {
            self = .waiting(reason: waiting.reason, message: waiting.message)
        } else {
            self = .unknown
        }
    }

    /// The waiting or terminated reason, if any.
    public var reason: String? {
        switch self {
        case .waiting(let reason, _), .terminated(_, let reason, _): reason
        case .running, .unknown: nil
        }
    }
}

/// A Pod template of a workload: the metadata and spec its Pods are created from.
public struct PodTemplateSpec: Decodable, Sendable, Hashable {
    /// Labels and annotations given to the Pods.
    public var metadata: ObjectMeta
    /// The Pods' spec.
    public var spec: PodSpec

    /// Creates a template.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: PodSpec = PodSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec
    }

    /// Decodes a template; missing parts are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        spec = try c.decode(.spec, default: PodSpec())
    }
}
