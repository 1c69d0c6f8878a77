public import KubeTypes

/// The objects of one cluster that mesh discovery reads, as plain values: from the read model
/// (``MeshClusterObjects/init(_:)``) or written out in tests.
public struct MeshClusterObjects: Sendable {
    /// The cluster's name.
    public var cluster: String
    /// The namespaces in scope.
    public var namespaces: [Namespace]
    /// Every Deployment: istiods (`app=istiod`) and waypoints.
    public var deployments: [Deployment]
    /// Every DaemonSet: ztunnels.
    public var daemonSets: [DaemonSet]
    /// At least the ConfigMaps of the istiod namespaces (`istio`, `istio-<rev>`, `istio-ca-root-cert`, the injector).
    public var configMaps: [ConfigMap]
    /// Every Service: Kiali instances and add-on placement.
    public var services: [Service]
    /// Istio `Gateway`s and Gateway API `Gateway`s.
    public var gateways: [UnstructuredObject]

    /// Creates a cluster's objects; what is not given is empty.
    public init(
        cluster: String,
        namespaces: [Namespace] = [],
        deployments: [Deployment] = [],
        daemonSets: [DaemonSet] = [],
        configMaps: [ConfigMap] = [],
        services: [Service] = [],
        gateways: [UnstructuredObject] = []
    ) {
        self.cluster = cluster
        self.namespaces = namespaces
        self.deployments = deployments
        self.daemonSets = daemonSets
        self.configMaps = configMaps
        self.services = services
        self.gateways = gateways
    }

    /// The istiod Deployments (label `app=istiod`), by namespace and name.
    public var istiods: [Deployment] {
        deployments.filter { $0.metadata.labels["app"] == "istiod" }
            .sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
    }

    /// A ConfigMap by namespace and name.
    func configMap(namespace: String, name: String) -> ConfigMap? {
        configMaps.first { $0.metadata.namespace == namespace && $0.metadata.name == name }
    }

    /// Whether a Service of this namespace and name exists.
    func hasService(namespace: String, name: String) -> Bool {
        services.contains { $0.metadata.namespace == namespace && $0.metadata.name == name }
    }

    /// The Kiali instances: Services labelled `app.kubernetes.io/part-of=kiali`, by namespace and name.
    public var kialiInstances: [MeshCluster.KialiInstance] {
        services.filter { $0.metadata.labels["app.kubernetes.io/part-of"] == "kiali" }
            .map { s in
                MeshCluster.KialiInstance(
                    namespace: s.metadata.namespace ?? "",
                    operatorResource: s.metadata.annotations["operator-sdk/primary-resource"] ?? "",
                    serviceName: s.metadata.name,
                    url: s.metadata.annotations["kiali.io/external-url"] ?? "",
                    version: s.metadata.labels["app.kubernetes.io/version"] ?? ""
                )
            }
            .sorted { ($0.namespace, $0.serviceName) < ($1.namespace, $1.serviceName) }
    }
}
