/// One cluster as Kiali's `KubeCluster` (`backend.md` §5.4): the `infraData` of a cluster box on the mesh page, the
/// `cluster` and `managedClusters` of a control plane, and Skopos's reachability.
public struct MeshCluster: Sendable, Hashable {
    /// A Kiali instance found on the cluster: a Service labelled `app.kubernetes.io/part-of=kiali`.
    public struct KialiInstance: Sendable, Hashable {
        /// The Service's namespace.
        public var namespace: String
        /// Annotation `operator-sdk/primary-resource` (`kiali-operator/kiali`), else `""`.
        public var operatorResource: String
        /// The Service's name.
        public var serviceName: String
        /// Annotation `kiali.io/external-url` or `clustering.kiali_urls`, else `""`.
        public var url: String
        /// Label `app.kubernetes.io/version`, else `""`.
        public var version: String

        /// Creates an instance.
        public init(namespace: String, operatorResource: String = "", serviceName: String, url: String = "", version: String = "") {
            self.namespace = namespace
            self.operatorResource = operatorResource
            self.serviceName = serviceName
            self.url = url
            self.version = version
        }
    }

    /// The cluster's name.
    public var name: String
    /// Whether the console runs in it.
    public var isKialiHome: Bool
    /// Whether the console holds credentials for it (Kiali's meaning: not whether it answers).
    public var accessible: Bool
    /// The API server's URL.
    public var apiEndpoint: String
    /// The remote-cluster Secret it came from; `""` for the home cluster.
    public var secretName: String
    /// The Kiali instances found on it; written as `null` when there are none, as Kiali does.
    public var kialiInstances: [KialiInstance]
    /// Skopos: whether the cluster's API answered the last probe; `nil` when not tracked (then left out of the JSON).
    public var reachable: Bool?
    /// Skopos: why the cluster cannot be read; left out of the JSON when `nil`.
    public var lastError: String?
    /// The Kubernetes version (`gitVersion`), when known: the version of the cluster's node on the mesh page.
    public var kubernetesVersion: String?

    /// Creates a cluster.
    public init(
        name: String,
        isKialiHome: Bool = false,
        accessible: Bool = true,
        apiEndpoint: String = "",
        secretName: String = "",
        kialiInstances: [KialiInstance] = [],
        reachable: Bool? = nil,
        lastError: String? = nil,
        kubernetesVersion: String? = nil
    ) {
        self.name = name
        self.isKialiHome = isKialiHome
        self.accessible = accessible
        self.apiEndpoint = apiEndpoint
        self.secretName = secretName
        self.kialiInstances = kialiInstances
        self.reachable = reachable
        self.lastError = lastError
        self.kubernetesVersion = kubernetesVersion
    }

    /// Whether its objects cannot be read now: no credentials, or its API does not answer.
    public var isInaccessible: Bool { !accessible || reachable == false }
}
