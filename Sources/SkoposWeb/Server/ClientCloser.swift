import PromClient
import ServiceLifecycle

/// Closes the Prometheus client's connections when the server stops (it owns its HTTP client).
struct ClientCloser: Service {
    let prometheus: PrometheusClient
    func run() async throws {
        try? await gracefulShutdown()
        try? await prometheus.shutdown()
    }
}
