public import SkoposModel

/// One Istio control plane (an istiod Deployment) as Kiali's `/api/mesh/controlplanes` and the istiod node's
/// `infraData` show it (`backend.md` §2.8, §5.5).
public struct ControlPlane: Sendable, Hashable {
    /// Its mesh configuration, root CA and network.
    public struct Config: Sendable, Hashable {
        /// The root certificates from ConfigMap `istio-ca-root-cert` (key `root-cert.pem`) in istiod's namespace.
        public var certificates: [Certificate]
        /// The mesh config in force: the revision's ConfigMap merged over the shared one.
        public var effectiveMesh: JSONValue
        /// The revision's ConfigMap (`istio` or `istio-<rev>`), when it exists: name and parsed `mesh` key.
        public var standard: ConfigMapMesh?
        /// The ConfigMap named by istiod's `SHARED_MESH_CONFIG`, when set and found.
        public var shared: ConfigMapMesh?
        /// `global.network` of the sidecar injector's values; `""` when not set.
        public var network: String

        /// Creates a configuration.
        public init(
            certificates: [Certificate] = [],
            effectiveMesh: JSONValue = [:],
            standard: ConfigMapMesh? = nil,
            shared: ConfigMapMesh? = nil,
            network: String = ""
        ) {
            self.certificates = certificates
            self.effectiveMesh = effectiveMesh
            self.standard = standard
            self.shared = shared
            self.network = network
        }
    }

    /// A ConfigMap holding a mesh config.
    public struct ConfigMapMesh: Sendable, Hashable {
        /// The cluster of the ConfigMap.
        public var cluster: String
        /// The ConfigMap's namespace (istiod's).
        public var namespace: String
        /// The ConfigMap's name.
        public var name: String
        /// The parsed `mesh` key.
        public var mesh: JSONValue

        /// Creates a ConfigMap's mesh config.
        public init(cluster: String, namespace: String, name: String, mesh: JSONValue) {
            self.cluster = cluster
            self.namespace = namespace
            self.name = name
            self.mesh = mesh
        }
    }

    /// A root certificate of the mesh CA.
    public struct Certificate: Sendable, Hashable {
        /// The ConfigMap the certificate comes from (`istio-ca-root-cert`).
        public var configMapName: String
        /// The issuer as Go's `pkix.Name.String()` writes it, e.g. `O=cluster.local`.
        public var issuer: String
        /// RFC 3339, UTC, e.g. `2021-07-27T14:37:00Z`.
        public var notBefore: String
        /// RFC 3339, UTC.
        public var notAfter: String
        /// The DNS names of its subjectAltName extension.
        public var dnsNames: [String]
        /// Why the certificate could not be read; `""` when it could.
        public var error: String
        /// Whether the ConfigMap could be read.
        public var accessible: Bool
        /// Kiali leaves it empty.
        public var cluster: String

        /// Creates a certificate entry.
        public init(
            configMapName: String,
            issuer: String = "",
            notBefore: String = "",
            notAfter: String = "",
            dnsNames: [String] = [],
            error: String = "",
            accessible: Bool = true,
            cluster: String = ""
        ) {
            self.configMapName = configMapName
            self.issuer = issuer
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.dnsNames = dnsNames
            self.error = error
            self.accessible = accessible
            self.cluster = cluster
        }
    }

    /// Container limits as Kiali reports them: memory in MB (10⁶ bytes, rounded up), CPU in cores.
    public struct Thresholds: Sendable, Hashable {
        /// `limits.memory` in MB (10⁶ bytes), rounded up; 0 without a limit.
        public var memory: Int
        /// `limits.cpu` in cores; 0 without a limit.
        public var cpu: Double

        /// Creates thresholds.
        public init(memory: Int = 0, cpu: Double = 0) {
            self.memory = memory
            self.cpu = cpu
        }
    }

    /// The cluster istiod runs in.
    public var cluster: MeshCluster
    /// istiod's `CLUSTER_ID`: its own cluster's name, or for an external control plane the cluster it manages.
    public var id: String
    /// The Deployment's name.
    public var istiodName: String
    /// The Deployment's namespace.
    public var istiodNamespace: String
    /// Label `istio.io/rev` of the Deployment, `default` without it.
    public var revision: String
    /// `meshConfig.rootNamespace`, else istiod's namespace.
    public var rootNamespace: String
    /// `id` is not istiod's own cluster.
    public var externalControlPlane: Bool
    /// istiod's `EXTERNAL_ISTIOD=true`: it may manage remote clusters.
    public var managesExternal: Bool
    /// The clusters whose data plane it manages, its own first (unless external).
    public var managedClusters: [MeshCluster]
    /// The namespaces of the managed clusters that select its revision (or one of its tags), by cluster then name.
    public var managedNamespaces: [MeshNamespace]
    /// istiod's monitoring port (`--monitoringAddr=:<port>`), 15014 by default.
    public var monitoringPort: Int
    /// Mesh config, root certificates and network.
    public var config: Config
    /// The first container's `resources` as in the Deployment (`{}` when none).
    public var resources: JSONValue
    /// Memory and CPU limits.
    public var thresholds: Thresholds
    /// `Healthy`, `Unreachable` or `NotReady` from the caller's checks; `""` when not checked.
    public var status: String
    /// The revision tags pointing at this revision, `default` first; the JSON shows the first as `tag`.
    public var tags: [MeshTag]
    /// The Istio version istiod reports (`1.27.0`); `nil` when unknown.
    public var version: String?

    /// Creates a control plane.
    public init(
        cluster: MeshCluster,
        id: String,
        istiodName: String = "istiod",
        istiodNamespace: String = "istio-system",
        revision: String = "default",
        rootNamespace: String? = nil,
        externalControlPlane: Bool = false,
        managesExternal: Bool = false,
        managedClusters: [MeshCluster] = [],
        managedNamespaces: [MeshNamespace] = [],
        monitoringPort: Int = 15014,
        config: Config = Config(),
        resources: JSONValue = [:],
        thresholds: Thresholds = Thresholds(),
        status: String = "",
        tags: [MeshTag] = [],
        version: String? = nil
    ) {
        self.cluster = cluster
        self.id = id
        self.istiodName = istiodName
        self.istiodNamespace = istiodNamespace
        self.revision = revision
        self.rootNamespace = rootNamespace ?? istiodNamespace
        self.externalControlPlane = externalControlPlane
        self.managesExternal = managesExternal
        self.managedClusters = managedClusters
        self.managedNamespaces = managedNamespaces
        self.monitoringPort = monitoringPort
        self.config = config
        self.resources = resources
        self.thresholds = thresholds
        self.status = status
        self.tags = tags
        self.version = version
    }

    /// Where istiod runs.
    public var key: IstiodKey { IstiodKey(cluster: cluster.name, namespace: istiodNamespace, name: istiodName) }

    /// Whether it manages this cluster's data plane.
    public func manages(cluster name: String) -> Bool { managedClusters.contains { $0.name == name } }

    /// Whether a data-plane object labelled with `revision` (a revision or a tag name) belongs to it.
    public func serves(revision rev: String) -> Bool { rev == revision || tags.contains { $0.name == rev } }

    /// The tag the JSON shows.
    public var tag: MeshTag? { tags.first }
}
