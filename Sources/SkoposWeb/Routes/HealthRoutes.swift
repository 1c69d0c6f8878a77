import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposGraph
import SkoposModel

/// `GET /api/clusters/health` (`backend.md` §7.7): the health of namespaces of one cluster, from the health cache
/// (computed in the background with the console's view), filtered to the namespaces the viewer may see.
enum HealthRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/clusters/health") { request, context -> Response in
            let query = request.uri.queryParameters
            let clusterName = query.get("clusterName").flatMap { $0.isEmpty ? nil : $0 } ?? console.authenticator.home?.name ?? ""
            guard let cluster = console.registry.cluster(clusterName) else {
                return ErrorResponse.json(.notFound, "cluster [\(clusterName)] is not known to this console")
            }
            let typeText = query.get("type") ?? ""
            guard let types = HealthTypes(parameter: typeText) else {
                return ErrorResponse.json(.badRequest, "invalid 'type' value: \"\(typeText)\" (app, service or workload)")
            }
            if let interval = query.get("rateInterval"), HealthWindow(parsing: interval) == nil {
                return ErrorResponse.json(.badRequest, "invalid 'rateInterval' value: \"\(interval)\"")
            }
            if let time = query.get("queryTime"), !time.isEmpty, Int64(time) == nil {
                return ErrorResponse.json(.badRequest, "cannot parse query parameter 'queryTime'")
            }
            let access = await console.access(for: context.viewer)
            let snapshot = cluster.snapshot()
            let visible = snapshot.namespaces.filter { console.isVisible(access, cluster: clusterName, namespace: $0) }.map(\.metadata.name)
            let requested = (query.get("namespaces") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // Names the viewer may not see are dropped silently, as Kiali does (and §4.8 [FIX]: always filtered).
            let namespaces = requested.isEmpty ? visible.sorted() : requested.filter { Set(visible).contains($0) }
            let health: ClustersHealth
            let cached: Bool
            if console.config.kialiInternal.healthCacheEnabled {
                (health, cached) = console.health.clustersHealth(cluster: clusterName, namespaces: namespaces, types: types)
            } else {
                // Cache off: computed now, per namespace, with the request's window and time.
                let window = query.get("rateInterval").flatMap { HealthWindow(parsing: $0) } ?? .default
                let time = query.get("queryTime").flatMap { Double($0) } ?? Date().timeIntervalSince1970
                let onDemand = OnDemandHealth(rates: console.engine.settings.healthRates, queryScope: console.config.externalServices.prometheus.queryScope,
                    metrics: .prometheus(console.prometheus))
                let mesh = console.registry.snapshot()
                var computed: [String: NamespaceHealth] = [:]
                for ns in namespaces {
                    guard let input = NamespaceHealthInput.snapshot(mesh, cluster: clusterName, namespace: ns) else { continue }
                    computed[ns] = await onDemand.namespace(input, types: types, window: window, time: time)
                }
                (health, cached) = (ClustersHealth(types: types, namespaces: computed), false)
            }
            var response = ErrorResponse.bytes(health.jsonBytes())
            response.headers[.init("X-Kiali-Health-Cached")!] = cached ? "true" : "false"
            return response
        }
    }
}
