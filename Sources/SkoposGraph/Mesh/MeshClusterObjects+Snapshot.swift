public import KubeClient
import KubeTypes

extension MeshClusterObjects {
    /// The objects of a cluster of the read model: namespaces in scope, Deployments, DaemonSets, Services and gateways
    /// of every namespace, ConfigMaps of the namespaces that run an istiod. O(objects of those kinds); no copies of
    /// the objects' contents.
    public init(_ snapshot: ClusterSnapshot) {
        let deployments = snapshot.list(.deployments)
        let istiodNamespaces = Set(deployments.filter { $0.metadata.labels["app"] == "istiod" }.compactMap(\.metadata.namespace))
        self.init(
            cluster: snapshot.name,
            namespaces: snapshot.namespaces,
            deployments: deployments,
            daemonSets: snapshot.list(.daemonSets),
            configMaps: istiodNamespaces.sorted().flatMap { snapshot.list(.configMaps, namespace: $0) },
            services: snapshot.list(.services),
            gateways: snapshot.list(.gateways) + snapshot.list(.k8sGateways)
        )
    }

    /// Every cluster of the read model, home first.
    public static func all(_ snapshot: MeshSnapshot) -> [MeshClusterObjects] {
        snapshot.clusters.map(MeshClusterObjects.init)
    }
}

extension MeshCluster {
    /// A cluster as the console knows it: its status, and the Kiali instances among its Services.
    /// - Parameters:
    ///   - status: the cluster's status in the registry.
    ///   - objects: its objects, for the Kiali instances; `nil` when it has none cached.
    ///   - accessible: whether the console holds credentials for it (every cluster of the registry does).
    public init(status: ClusterStatus, objects: MeshClusterObjects?, accessible: Bool = true) {
        self.init(
            name: status.name,
            isKialiHome: status.isHome,
            accessible: accessible,
            apiEndpoint: status.apiEndpoint,
            secretName: status.secretName ?? "",
            kialiInstances: objects?.kialiInstances ?? [],
            reachable: status.reachable,
            lastError: status.reachable ? nil : status.lastError,
            kubernetesVersion: status.serverVersion
        )
    }
}
