import SkoposModel
/// The `service` object of a service's details: `{additionalDetails, annotations, cluster, createdAt, externalName,
/// healthAnnotations, ip, ips?, ipFamilies?, labels, name, namespace, ports, resourceVersion, selectors, type}`.
public struct ServiceDefinition: Sendable, Hashable {
    /// A port: `{name, protocol, appProtocol?, port}`.
    public struct Port: Sendable, Hashable {
        public var name: String
        public var `protocol`: String
        public var appProtocol: String?
        public var port: Int

        /// A port.
        public init(name: String, protocol: String, appProtocol: String? = nil, port: Int) {
            self.name = name
            self.protocol = `protocol`
            self.appProtocol = appProtocol
            self.port = port
        }
    }

    public var name: String
    public var namespace: String
    public var cluster: String
    /// RFC 3339 in UTC.
    public var createdAt: String
    public var resourceVersion: String
    /// `spec.type`.
    public var type: String
    /// `spec.clusterIP`.
    public var ip: String
    /// `spec.clusterIPs` (omitted when empty).
    public var ips: [String]
    /// `spec.ipFamilies` (omitted when empty).
    public var ipFamilies: [String]
    public var externalName: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// The `health.kiali.io/*` annotations.
    public var healthAnnotations: [String: String]
    /// `spec.selector`.
    public var selectors: [String: String]
    public var ports: [Port]

    /// A Service's definition; every other field empty.
    public init(name: String, namespace: String, cluster: String) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
        createdAt = RFC3339.zero
        resourceVersion = ""
        type = ""
        ip = ""
        ips = []
        ipFamilies = []
        externalName = ""
        labels = [:]
        annotations = [:]
        healthAnnotations = [:]
        selectors = [:]
        ports = []
    }
}
