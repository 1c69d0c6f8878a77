import Hummingbird
import Logging
import NIOCore
import SkoposGraph

/// The console's own metrics on `server.observability.metrics.port`, in Prometheus' text format. The metrics issue
/// replaces this with swift-metrics; for now the graph cache's counters, under Kiali's names.
enum MetricsListener {
    static func application(console: Console, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let c = await console.graphCache.counters
            let usage = await console.graphCache.usage
            let text = """
                # TYPE kiali_graph_cache_hits_total counter
                kiali_graph_cache_hits_total \(c.hits)
                # TYPE kiali_graph_cache_misses_total counter
                kiali_graph_cache_misses_total \(c.misses)
                # TYPE kiali_graph_cache_evictions_total counter
                kiali_graph_cache_evictions_total \(c.evictions)
                # TYPE skopos_graph_builds_total counter
                skopos_graph_builds_total \(c.builds)
                # TYPE skopos_graph_cache_bytes gauge
                skopos_graph_cache_bytes \(usage.bytes)

                """
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
    }
}
