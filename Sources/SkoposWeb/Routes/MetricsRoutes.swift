import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposModel

/// Namespace metrics (`backend.md` §2.9) and the Overview's metrics: `/api/namespaces/{ns}/metrics`,
/// `/api/clusters/metrics` (batched per §8.4), `/api/overview/metrics/services/{latency,throughput,rates}` and
/// `/api/overview/metrics/apps/rates`, each limited to what the viewer may see.
enum MetricsRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces/:namespace/metrics") { request, context -> Response in
            let namespace = context.parameters.get("namespace") ?? ""
            return await metrics(console, request, context, route: .namespace, namespaces: [namespace]) { m, query, creations throws(MetricsError) in
                MetricsJSON.namespace(try await m.metrics(namespace: namespace, creation: creations[namespace], query: query))
            }
        }
        router.get("\(prefix)api/clusters/metrics") { request, context -> Response in
            await metrics(console, request, context, route: .clusters, namespaces: nil) { m, query, creations throws(MetricsError) in
                MetricsJSON.clusters(try await m.clustersMetrics(query: query, creations: creations))
            }
        }
        router.get("\(prefix)api/overview/metrics/services/latency") { _, context in
            await overview(console, context) { o, scope, health throws(MetricsError) in
                OverviewJSON.latencies(try await o.serviceLatencies(scope: scope, health: health, time: Date().timeIntervalSince1970))
            }
        }
        router.get("\(prefix)api/overview/metrics/services/throughput") { _, context in
            await overview(console, context) { o, scope, health throws(MetricsError) in
                OverviewJSON.throughput(try await o.serviceThroughput(scope: scope, health: health, time: Date().timeIntervalSince1970))
            }
        }
        router.get("\(prefix)api/overview/metrics/services/rates") { _, context in
            await overview(console, context) { _, _, health in
                OverviewJSON.serviceRates(console.config.kialiInternal.healthCacheEnabled ? OverviewMetrics.serviceRates(health) : nil)
            }
        }
        router.get("\(prefix)api/overview/metrics/apps/rates") { _, context in
            await overview(console, context) { _, _, health in
                OverviewJSON.appRates(console.config.kialiInternal.healthCacheEnabled ? OverviewMetrics.appRates(health) : nil)
            }
        }
    }

    static func backend(_ console: Console) -> MetricsBackend { .prometheus(console.prometheus) }

    /// Parses, checks that every namespace asked for is visible (403 otherwise, as Kiali), and runs `body` with each
    /// namespace's creation time.
    static func metrics(
        _ console: Console, _ request: Request, _ context: ConsoleContext, route: MetricsQuery.Route, namespaces: [String]?,
        body: (NamespaceMetrics, MetricsQuery, [String: Double]) async throws(MetricsError) -> [UInt8]
    ) async -> Response {
        let query: MetricsQuery
        do {
            query = try MetricsQuery.parse(
                QueryString.parse(request.uri.query ?? ""), route: route, now: Date().timeIntervalSince1970, strict: console.config.server.strictQueryParams)
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
        let home = console.authenticator.home?.name ?? ""
        let clusterName = query.clusterName.flatMap { $0.isEmpty ? nil : $0 } ?? home
        guard let cluster = console.registry.cluster(clusterName) else {
            return ErrorResponse.json(.notFound, "cluster [\(clusterName)] is not known to this console")
        }
        let access = await console.access(for: context.viewer)
        let snapshot = cluster.snapshot()
        var creations: [String: Double] = [:]
        for ns in namespaces ?? query.namespaces {
            guard let object = snapshot.namespace(ns), console.isVisible(access, cluster: clusterName, namespace: object) else {
                return ErrorResponse.json(.forbidden, "Cannot access namespace data: namespace [\(ns)] in cluster [\(clusterName)] is not accessible")
            }
            if let text = object.metadata.creationTimestamp, let date = RFC3339.date(text) { creations[ns] = date.timeIntervalSince1970 }
        }
        let metrics = NamespaceMetrics(source: backend(console), queryScope: console.config.externalServices.prometheus.queryScope, homeCluster: home)
        do {
            return ErrorResponse.bytes(try await body(metrics, query, creations))
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
    }

    /// The viewer's namespaces per cluster, their health entries, and the one-query-or-per-cluster choice.
    static func overview(
        _ console: Console, _ context: ConsoleContext, body: (OverviewMetrics, OverviewScope, OverviewHealth) async throws(MetricsError) -> [UInt8]
    ) async -> Response {
        let access = await console.access(for: context.viewer)
        var visible: [String: [String]] = [:]
        var entries: [HealthCache.Entry] = []
        var seesEverything = true
        for cluster in console.registry.clusters where access.covers(cluster: cluster.name) {
            let snapshot = cluster.snapshot()
            let names = snapshot.namespaces.filter { console.isVisible(access, cluster: cluster.name, namespace: $0) }.map(\.metadata.name)
            if names.count != snapshot.namespaces.filter({ console.isVisible(.everything, cluster: cluster.name, namespace: $0) }).count {
                seesEverything = false
            }
            visible[cluster.name] = names.sorted()
            let cached = console.health.entries(cluster: cluster.name)
            entries += names.compactMap { cached[$0] }
        }
        if console.registry.clusters.contains(where: { !access.covers(cluster: $0.name) }) { seesEverything = false }
        let selectors = !console.config.deployment.discoverySelectors.default.isEmpty || !console.config.deployment.discoverySelectors.overrides.isEmpty
        let scope = OverviewScope.choose(
            clusterWideAccess: console.config.deployment.clusterWideAccess, hasDiscoverySelectors: selectors, viewerSeesEveryNamespace: seesEverything,
            visible: visible)
        let window = console.config.unmodelled["health_config"]?[path: ["compute", "duration"]]?.stringValue ?? "5m"
        let overview = OverviewMetrics(source: backend(console), queryScope: console.config.externalServices.prometheus.queryScope, window: window)
        do {
            return ErrorResponse.bytes(try await body(overview, scope, OverviewHealth(entries: entries)))
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
    }
}
