import Crypto
import KubeClient
import KubeTypes
import Logging
import PromClient
import SkoposGraph

/// What the routes share: the clusters, Prometheus, the graph engine and its cache, and the settings.
final class Console: Sendable {
    let config: KialiConfig
    let registry: ClusterRegistry
    let prometheus: PrometheusClient
    let engine: GraphEngine
    let graphCache: GraphCache
    let visibility: NamespaceVisibility
    let logger: Logger
    let version: String
    let warnings: [String]

    init(
        config: KialiConfig, registry: ClusterRegistry, prometheus: PrometheusClient, engine: GraphEngine, graphCache: GraphCache,
        visibility: NamespaceVisibility, logger: Logger, version: String, warnings: [String]
    ) {
        self.config = config
        self.registry = registry
        self.prometheus = prometheus
        self.engine = engine
        self.graphCache = graphCache
        self.visibility = visibility
        self.logger = logger
        self.version = version
        self.warnings = warnings
    }

    /// What a viewer may see of the clusters: for the anonymous viewer, every cached namespace the console shows.
    /// (The login issue gives each user a view through their own credentials.)
    func kubeView(for viewer: Viewer) -> KubeView {
        let snapshot = registry.snapshot()
        let visibility = self.visibility
        switch viewer {
        case .anonymous:
            return KubeView.snapshot(snapshot) { cluster, namespace in
                guard let ns = snapshot.cluster(cluster)?.namespace(namespace) else { return false }
                return visibility.isVisible(cluster: cluster, namespace: namespace, labels: ns.metadata.labels)
            }
        }
    }

    /// A fingerprint of everything a viewer may see (each cluster's visible namespaces): the graph cache's scope. A
    /// graph depends on more than the requested namespaces (what is inaccessible, Istio configuration, outside
    /// nodes), so viewers share an entry only when they see exactly the same.
    func scopeFingerprint(for viewer: Viewer) -> String {
        let snapshot = registry.snapshot()
        var hasher = SHA256()
        switch viewer {
        case .anonymous: hasher.update(data: Array("anonymous\n".utf8))
        }
        for cluster in snapshot.clusters {
            for ns in cluster.namespaces.map(\.metadata.name).sorted()
            where visibility.isVisible(cluster: cluster.name, namespace: ns, labels: cluster.namespace(ns)?.metadata.labels ?? [:]) {
                hasher.update(data: Array("\(cluster.name):\(ns)\n".utf8))
            }
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
