import AsyncHTTPClient
import Crypto
import KubeClient
import KubeTypes
import Logging
import PromClient
import SkoposBusiness
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
    let authenticator: Authenticator
    /// Every namespace's health, computed in the background (`backend.md` §7.8).
    let health: HealthCache
    let loginLimiter = LoginRateLimiter()
    let prometheusSettings = PrometheusSettingsCache()
    let controlPlanes = ControlPlaneProbe()
    let addOnStatus = AddOnStatus()
    let mesh = MeshDiscoveryCache()
    /// For the console's own checks of add-ons (not Prometheus queries, not clusters): the process-wide client,
    /// which needs no shutdown.
    var httpClient: HTTPClient { .shared }

    init(
        config: KialiConfig, registry: ClusterRegistry, prometheus: PrometheusClient, engine: GraphEngine, graphCache: GraphCache,
        visibility: NamespaceVisibility, authenticator: Authenticator, health: HealthCache, logger: Logger, version: String, warnings: [String]
    ) {
        self.authenticator = authenticator
        self.health = health
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

    /// What a viewer may see: for a user, per cluster they have a session for, the namespaces their token there
    /// may see (asked in parallel, 10 s cache). A cluster that refuses the token, or cannot say and has never said,
    /// shows nothing.
    func access(for viewer: Viewer) async -> ViewerAccess {
        guard case .user(let user) = viewer else { return .everything }
        let registry = self.registry
        let access = authenticator.access
        let result = await withTaskGroup(of: (String, Set<String>).self) { group in
            for (name, credential) in user.clusters {
                guard let cluster = registry.cluster(name) else { continue }
                group.addTask {
                    let names = try? await access.namespaces(cluster: cluster, credentials: credential.requestCredentials) {
                        cluster.snapshot().namespaces.map(\.metadata.name)
                    }
                    return (name, names ?? [])
                }
            }
            var out: [String: Set<String>] = [:]
            for await (name, names) in group { out[name] = names }
            return out
        }
        return ViewerAccess(namespaces: result)
    }

    /// Whether a namespace is shown to a viewer with `access`: the discovery selectors and the viewer's own access.
    func isVisible(_ access: ViewerAccess, cluster: String, namespace: Namespace) -> Bool {
        access.allows(cluster: cluster, namespace: namespace.metadata.name)
            && visibility.isVisible(cluster: cluster, namespace: namespace.metadata.name, labels: namespace.metadata.labels)
    }

    /// What a viewer may see of the clusters, as the graph engine reads it.
    func kubeView(for access: ViewerAccess) -> KubeView {
        let snapshot = registry.snapshot()
        let visibility = self.visibility
        return KubeView.snapshot(snapshot) { cluster, namespace in
            guard access.allows(cluster: cluster, namespace: namespace), let ns = snapshot.cluster(cluster)?.namespace(namespace) else { return false }
            return visibility.isVisible(cluster: cluster, namespace: namespace, labels: ns.metadata.labels)
        }
    }

    /// A fingerprint of everything a viewer may see (each cluster's visible namespaces): the graph cache's scope. A
    /// graph depends on more than the requested namespaces (what is inaccessible, Istio configuration, outside
    /// nodes), so viewers share an entry only when they see exactly the same; two users who do share it.
    func scopeFingerprint(for access: ViewerAccess) -> String {
        let snapshot = registry.snapshot()
        var hasher = SHA256()
        // The viewer's own access as well: a cache entry's refreshes read with the access it was built with, so two
        // viewers share it only when their access is the same, not merely what it shows now.
        if let namespaces = access.namespaces {
            for (cluster, names) in namespaces.sorted(by: { $0.key < $1.key }) {
                hasher.update(data: Array("access \(cluster):\(names.sorted().joined(separator: ","))\n".utf8))
            }
        } else {
            hasher.update(data: Array("access everything\n".utf8))
        }
        for cluster in snapshot.clusters.sorted(by: { $0.name < $1.name }) {
            for ns in cluster.namespaces.sorted(by: { $0.metadata.name < $1.metadata.name }) where isVisible(access, cluster: cluster.name, namespace: ns) {
                hasher.update(data: Array("\(cluster.name):\(ns.metadata.name)\n".utf8))
            }
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
