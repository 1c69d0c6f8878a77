public import KubeClient
import KubeTypes

/// One cluster as `/api/config` `clusters` and the mesh page show it (`backend.md` §5.4), plus Skopos's `reachable`
/// and `lastError`.
public struct ClusterInfo: Sendable, Equatable {
    /// A Kiali instance found on the cluster: a Service labelled `app.kubernetes.io/part-of=kiali`.
    public struct KialiInstance: Sendable, Equatable {
        public var namespace: String
        public var operatorResource: String
        public var serviceName: String
        public var url: String
        public var version: String
    }

    public var name: String
    /// The console holds credentials for it (Kiali's meaning; not whether it answers).
    public var accessible: Bool
    public var apiEndpoint: String
    public var isKialiHome: Bool
    public var kialiInstances: [KialiInstance]
    public var secretName: String
    public var reachable: Bool
    public var lastError: String?
}

/// The clusters the console knows, home first, then by name.
public enum ClusterListing {
    public static func clusters(_ snapshot: MeshSnapshot, statuses: [ClusterStatus]) -> [ClusterInfo] {
        statuses.sorted { ($0.isHome ? 0 : 1, $0.name) < ($1.isHome ? 0 : 1, $1.name) }.map { status in
            let services = snapshot.cluster(status.name)?.list(.services) ?? []
            let instances = services.filter { $0.metadata.labels["app.kubernetes.io/part-of"] == "kiali" }.map { s in
                ClusterInfo.KialiInstance(
                    namespace: s.metadata.namespace ?? "", operatorResource: s.metadata.annotations["operator-sdk/primary-resource"] ?? "",
                    serviceName: s.metadata.name, url: s.metadata.annotations["kiali.io/external-url"] ?? "",
                    version: s.metadata.labels["app.kubernetes.io/version"] ?? "")
            }.sorted { ($0.namespace, $0.serviceName) < ($1.namespace, $1.serviceName) }
            return ClusterInfo(
                name: status.name, accessible: true, apiEndpoint: status.apiEndpoint, isKialiHome: status.isHome, kialiInstances: instances,
                secretName: status.secretName ?? "", reachable: status.reachable, lastError: status.lastError)
        }
    }
}
