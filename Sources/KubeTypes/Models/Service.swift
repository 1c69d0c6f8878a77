/// A Service (`v1`, `services`), trimmed as Kiali trims Services in its cache: selector, ports, type, external name,
/// cluster IPs and IP families.
public struct Service: NamespacedResource, ListableResource, Hashable {
    /// The core group.
    public static let group = ""
    /// `v1`.
    public static let version = "v1"
    /// `Service`.
    public static let kind = "Service"
    /// `services`.
    public static let resource = "services"

    /// The Service's metadata.
    public var metadata: ObjectMeta
    /// The Service's spec.
    public var spec: ServiceSpec

    /// Creates a Service.
    public init(metadata: ObjectMeta = ObjectMeta(), spec: ServiceSpec = ServiceSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, spec
    }

    /// Decodes a Service; a missing metadata or spec is empty. The status (load-balancer ingress) is not kept.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        spec = try c.decode(.spec, default: ServiceSpec())
    }
}

/// The part of a Service's `spec` the console reads.
public struct ServiceSpec: Decodable, Sendable, Hashable {
    /// The labels of the Pods the Service routes to; empty for a Service without selector (manual Endpoints).
    public var selector: [String: String]
    /// The Service's ports.
    public var ports: [ServicePort]
    /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`; `ClusterIP` when missing, as the API server
    /// defaults it.
    public var type: String
    /// The primary cluster IP; `None` for a headless Service.
    public var clusterIP: String?
    /// All cluster IPs, primary first.
    public var clusterIPs: [String]
    /// The DNS name an `ExternalName` Service aliases.
    public var externalName: String?
    /// `IPv4` and/or `IPv6`.
    public var ipFamilies: [String]

    /// Creates a Service spec.
    public init(
        selector: [String: String] = [:],
        ports: [ServicePort] = [],
        type: String = "ClusterIP",
        clusterIP: String? = nil,
        clusterIPs: [String] = [],
        externalName: String? = nil,
        ipFamilies: [String] = []
    ) {
        self.selector = selector
        self.ports = ports
        self.type = type
        self.clusterIP = clusterIP
        self.clusterIPs = clusterIPs
        self.externalName = externalName
        self.ipFamilies = ipFamilies
    }

    private enum CodingKeys: String, CodingKey {
        case selector, ports, type, clusterIP, clusterIPs, externalName, ipFamilies
    }

    /// Decodes a Service spec; missing collections are empty, a missing type `ClusterIP`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        selector = try c.decode(.selector, default: [:])
        ports = try c.decode(.ports, default: [])
        type = try c.decode(.type, default: "ClusterIP")
        clusterIP = try c.decodeIfPresent(.clusterIP)
        clusterIPs = try c.decode(.clusterIPs, default: [])
        externalName = try c.decodeIfPresent(.externalName)
        ipFamilies = try c.decode(.ipFamilies, default: [])
    }
}

/// A port of a Service.
public struct ServicePort: Decodable, Sendable, Hashable {
    /// The port's name; required when a Service has several ports. Istio reads the protocol from its prefix
    /// (`http-web`, `grpc`, …) when `appProtocol` is not set.
    public var name: String?
    /// The port the Service listens on.
    public var port: Int
    /// The Pods' port, by number or by container port name; `nil` means the same as `port`.
    public var targetPort: IntOrString?
    /// `TCP`, `UDP` or `SCTP`; `TCP` when missing, as the API server defaults it.
    public var `protocol`: String
    /// The application protocol, e.g. `http` or `kubernetes.io/h2c`.
    public var appProtocol: String?
    /// The node port of `NodePort` and `LoadBalancer` Services.
    public var nodePort: Int?

    /// Creates a Service port.
    public init(
        name: String? = nil,
        port: Int,
        targetPort: IntOrString? = nil,
        protocol: String = "TCP",
        appProtocol: String? = nil,
        nodePort: Int? = nil
    ) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.protocol = `protocol`
        self.appProtocol = appProtocol
        self.nodePort = nodePort
    }

    private enum CodingKeys: String, CodingKey {
        case name, port, targetPort, `protocol`, appProtocol, nodePort
    }

    /// Decodes a Service port; a missing number is 0, a missing protocol `TCP`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(.name)
        port = try c.decode(.port, default: 0)
        targetPort = try c.decodeIfPresent(.targetPort)
        `protocol` = try c.decode(.protocol, default: "TCP")
        appProtocol = try c.decodeIfPresent(.appProtocol)
        nodePort = try c.decodeIfPresent(.nodePort)
    }
}
