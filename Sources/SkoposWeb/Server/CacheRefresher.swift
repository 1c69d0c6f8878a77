import ServiceLifecycle
import SkoposGraph

/// The graph cache's background refresh, as a service.
struct CacheRefresher: Service {
    let cache: GraphCache
    func run() async throws {
        await cancelWhenGracefulShutdown { await cache.run() }
    }
}
