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

    /// The Kubernetes view of the anonymous viewer: every cached namespace the console shows. (The login issue gives
    /// each user a view through their own credentials.)
    func kubeView() -> KubeView {
        let snapshot = registry.snapshot()
        let visibility = self.visibility
        return KubeView.snapshot(snapshot) { cluster, namespace in
            guard let ns = snapshot.cluster(cluster)?.namespace(namespace) else { return false }
            return visibility.isVisible(cluster: cluster, namespace: namespace, labels: ns.metadata.labels)
        }
    }
}
