import Foundation
import Hummingbird
import Logging
import SkoposGraph

/// Kiali's graph routes (`graph.md` §2.1): the namespace graph, cached and shared, and the node graphs.
enum GraphRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces/graph") { request, context in
            await respond(console, request, context, route: .namespaces)
        }
        router.get("\(prefix)api/namespaces/:namespace/workloads/:workload/graph") { request, context in
            await respond(console, request, context, route: .workload(namespace: try context.parameters.require("namespace"), workload: try context.parameters.require("workload")))
        }
        router.get("\(prefix)api/namespaces/:namespace/applications/:app/graph") { request, context in
            await respond(console, request, context, route: .app(namespace: try context.parameters.require("namespace"), app: try context.parameters.require("app"), version: nil))
        }
        router.get("\(prefix)api/namespaces/:namespace/applications/:app/versions/:version/graph") { request, context in
            await respond(
                console, request, context,
                route: .app(namespace: try context.parameters.require("namespace"), app: try context.parameters.require("app"), version: try context.parameters.require("version")))
        }
        router.get("\(prefix)api/namespaces/:namespace/services/:service/graph") { request, context in
            await respond(console, request, context, route: .service(namespace: try context.parameters.require("namespace"), service: try context.parameters.require("service")))
        }
        router.get("\(prefix)api/namespaces/:namespace/aggregates/:aggregate/:aggregateValue/graph") { request, context in
            await respond(
                console, request, context,
                route: .aggregate(
                    namespace: try context.parameters.require("namespace"), aggregate: try context.parameters.require("aggregate"),
                    value: try context.parameters.require("aggregateValue"), service: nil))
        }
        router.get("\(prefix)api/namespaces/:namespace/aggregates/:aggregate/:aggregateValue/:service/graph") { request, context in
            await respond(
                console, request, context,
                route: .aggregate(
                    namespace: try context.parameters.require("namespace"), aggregate: try context.parameters.require("aggregate"),
                    value: try context.parameters.require("aggregateValue"), service: try context.parameters.require("service")))
        }
    }

    static func respond(_ console: Console, _ request: Request, _ context: ConsoleContext, route: GraphOptions.Route) async -> Response {
        let query = QueryString.parse(request.uri.query ?? "")
        do {
            let options = try GraphOptions.parse(
                query, route: route, now: Int64(Date().timeIntervalSince1970), strict: console.config.server.strictQueryParams)
            let (bytes, hit) = try await graph(console, options, access: await console.access(for: context.viewer))
            var response = ErrorResponse.bytes(bytes)
            response.headers[.init("X-Skopos-Graph-Cache")!] = hit ? "hit" : "miss"
            return response
        } catch {
            switch error.kind {
            case .forbidden: return ErrorResponse.jsonString(.forbidden, error.message)
            case .badRequest: return ErrorResponse.json(.badRequest, error.message)
            case .unavailable:
                console.logger.warning("graph unavailable", metadata: ["skopos.request": "\(request.uri.path)", "error.type": "\(error.message)"])
                return ErrorResponse.json(.serviceUnavailable, error.message)
            case .internal:
                console.logger.error("graph failed", metadata: ["skopos.request": "\(request.uri.path)", "error.type": "\(error.message)"])
                return ErrorResponse.json(.internalServerError, error.message)
            }
        }
    }

    /// The graph for a request: namespace graphs through the shared cache, keyed by the options and everything this
    /// viewer may see (two viewers who see the same share the entry; the entry's refreshes read through the same
    /// viewer's access); node graphs built every time (as Kiali).
    static func graph(_ console: Console, _ options: GraphOptions, access: ViewerAccess) async throws(GraphError) -> (bytes: [UInt8], hit: Bool) {
        let kube = console.kubeView(for: access)
        let engine = console.engine
        guard options.kind == .namespace else {
            return (try await engine.graphJSON(options, kube: kube), false)
        }
        let scope = console.scopeFingerprint(for: access)
        let refresh = options.refreshInterval.map { Duration.milliseconds($0) }
        return try await console.graphCache.graph(
            GraphCache.Key(options: options, scope: scope), refreshInterval: refresh, historical: options.queryTimeGiven
        ) { () throws(GraphError) -> [UInt8] in
            // Every build, refreshes included, reads the clusters as they are then, at the time it runs.
            var now = options
            if !now.queryTimeGiven { now.queryTime = Int64(Date().timeIntervalSince1970) }
            return try await engine.graphJSON(now, kube: console.kubeView(for: access))
        }
    }
}
