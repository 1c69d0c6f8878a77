public import SkoposModel

/// A node of the mesh page graph (`graph.md` §12): an infrastructure component, or a cluster or namespace box.
public struct MeshNode: Sendable, Hashable {
    /// The node's `infraType`.
    public enum InfraType: String, Sendable, Hashable {
        case cluster, istiod, dataplane, kiali, metricStore, traceStore, grafana, perses, gateway, waypoint, ztunnel, namespace
    }

    /// What `infraData` holds.
    public enum InfraData: Sendable, Hashable {
        case none
        case cluster(MeshCluster)
        case controlPlane(ControlPlane)
        case namespaces([MeshNamespace])
        case workload(MeshInfraWorkload)
        case json(JSONValue)
    }

    /// The SHA-256 of ``key``, lowercase hex.
    public var id: String
    /// `infra_<cluster>_<namespace>_<name>_<version>`, before hashing.
    public var key: String
    /// The hashed ID of the box around it; `""` for none.
    public var parent: String
    /// The cluster's name; `_external_` outside every known cluster.
    public var cluster: String
    /// The node's label: a component, cluster or namespace name.
    public var infraName: String
    /// What the node is.
    public var infraType: InfraType
    /// The namespace; `""` for clusters, data planes and external add-ons.
    public var namespace: String
    /// `infra` or `box`.
    public var nodeType: String
    /// A status string (`Healthy`, `Unreachable`, …); `nil` (written `null`) for namespace boxes.
    public var healthData: String?
    /// The component's details.
    public var infraData: InfraData
    /// An ambient data plane or ztunnel.
    public var isAmbient: Bool
    /// `cluster`, `namespace`, or `""` for a node that is not a box.
    public var isBox: String
    /// Outside every known cluster.
    public var isExternal: Bool
    /// Its objects cannot be read.
    public var isInaccessible: Bool
    /// Kiali's mTLS flag; never set by the builder.
    public var isMTLS: Bool
    /// Kubernetes, Istio, revision or add-on version; `""` for none.
    public var version: String

    /// Creates a node; its ID is the hash of `infra_<cluster>_<namespace>_<name>_<version>`.
    public init(
        infraType: InfraType,
        cluster: String,
        namespace: String,
        name: String,
        version: String = "",
        nodeType: String = "infra",
        healthData: String? = "Healthy",
        infraData: InfraData = .none
    ) {
        self.key = "infra_\(cluster)_\(namespace)_\(name)_\(version)"
        self.id = SHA256Hex.of(key)
        self.parent = ""
        self.cluster = cluster
        self.infraName = name
        self.infraType = infraType
        self.namespace = namespace
        self.nodeType = nodeType
        self.healthData = healthData
        self.infraData = infraData
        self.isAmbient = false
        self.isBox = ""
        self.isExternal = false
        self.isInaccessible = false
        self.isMTLS = false
        self.version = version
    }
}
