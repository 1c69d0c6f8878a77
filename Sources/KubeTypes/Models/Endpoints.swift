/// The Endpoints of a Service (`v1`, `endpoints`): the Pod addresses behind it, ready and not ready.
public struct Endpoints: NamespacedResource, ListableResource, Hashable {
    /// The core group.
    public static let group = ""
    /// `v1`.
    public static let version = "v1"
    /// `Endpoints`.
    public static let kind = "Endpoints"
    /// `endpoints`.
    public static let resource = "endpoints"

    /// The metadata; the name equals the Service's.
    public var metadata: ObjectMeta
    /// Groups of addresses sharing the same ports.
    public var subsets: [EndpointSubset]

    /// Creates Endpoints.
    public init(metadata: ObjectMeta = ObjectMeta(), subsets: [EndpointSubset] = []) {
        self.metadata = metadata
        self.subsets = subsets
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, subsets
    }

    /// Decodes Endpoints; missing subsets (a Service with no Pods) are none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        subsets = try c.decode(.subsets, default: [])
    }
}

/// A set of addresses that all expose the same ports.
public struct EndpointSubset: Decodable, Sendable, Hashable {
    /// Addresses of ready Pods.
    public var addresses: [EndpointAddress]
    /// Addresses of Pods that are not ready (yet).
    public var notReadyAddresses: [EndpointAddress]
    /// The ports every address exposes.
    public var ports: [EndpointPort]

    /// Creates a subset.
    public init(addresses: [EndpointAddress] = [], notReadyAddresses: [EndpointAddress] = [], ports: [EndpointPort] = []) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }

    private enum CodingKeys: String, CodingKey {
        case addresses, notReadyAddresses, ports
    }

    /// Decodes a subset; missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        addresses = try c.decode(.addresses, default: [])
        notReadyAddresses = try c.decode(.notReadyAddresses, default: [])
        ports = try c.decode(.ports, default: [])
    }
}

/// One endpoint address, usually a Pod's IP.
public struct EndpointAddress: Decodable, Sendable, Hashable {
    /// The IP address.
    public var ip: String
    /// The hostname, for Pods of a headless Service with `subdomain`.
    public var hostname: String?
    /// The node hosting the endpoint.
    public var nodeName: String?
    /// The object behind the address, usually a Pod.
    public var targetRef: ObjectReference?

    /// Creates an address.
    public init(ip: String, hostname: String? = nil, nodeName: String? = nil, targetRef: ObjectReference? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.nodeName = nodeName
        self.targetRef = targetRef
    }

    private enum CodingKeys: String, CodingKey {
        case ip, hostname, nodeName, targetRef
    }

    /// Decodes an address; a missing IP is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ip = try c.decode(.ip, default: "")
        hostname = try c.decodeIfPresent(.hostname)
        nodeName = try c.decodeIfPresent(.nodeName)
        targetRef = try c.decodeIfPresent(.targetRef)
    }
}

/// A reference to another object, such as an endpoint's Pod.
public struct ObjectReference: Decodable, Sendable, Hashable {
    /// The kind, e.g. `Pod`.
    public var kind: String?
    /// The namespace.
    public var namespace: String?
    /// The name.
    public var name: String?
    /// The uid.
    public var uid: String?

    /// Creates a reference.
    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }
}

/// A port of an endpoint subset.
public struct EndpointPort: Decodable, Sendable, Hashable {
    /// The port's name; matches the Service port's name.
    public var name: String?
    /// The port number.
    public var port: Int
    /// `TCP`, `UDP` or `SCTP`; `TCP` when missing, as the API server defaults it.
    public var `protocol`: String
    /// The application protocol, copied from the Service port.
    public var appProtocol: String?

    /// Creates a port.
    public init(name: String? = nil, port: Int, protocol: String = "TCP", appProtocol: String? = nil) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
        self.appProtocol = appProtocol
    }

    private enum CodingKeys: String, CodingKey {
        case name, port, `protocol`, appProtocol
    }

    /// Decodes a port; a missing number is 0, a missing protocol `TCP`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(.name)
        port = try c.decode(.port, default: 0)
        `protocol` = try c.decode(.protocol, default: "TCP")
        appProtocol = try c.decodeIfPresent(.appProtocol)
    }
}
