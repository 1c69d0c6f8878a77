import PromClient

/// What an appender sees: the request, Kubernetes, Prometheus, and for namespace appenders the namespace it runs for.
struct AppenderContext: Sendable {
    let options: GraphOptions
    let settings: GraphSettings
    let kube: KubeView
    let metrics: MetricsSource
    /// The namespace a namespace appender runs for; empty for finalizers.
    let namespace: String
    /// The clipped duration of that namespace's queries, in seconds.
    let duration: Int
    /// Whether that namespace is ambient.
    let ambientNamespace: Bool
    /// The requested namespaces.
    let requested: Set<String>

    /// Whether the viewer may see a namespace of a cluster.
    func isAccessible(cluster: String, namespace: String) -> Bool {
        kube.isAccessible(cluster: cluster, namespace: namespace)
    }

    /// Runs a query with the query scope applied (the text is otherwise sent as given: ``appenderVectors(_:)`` wraps
    /// appender queries in Kiali's `round(…,0.001)` first).
    func vector(_ query: String) async throws(GraphError) -> [MetricSample] {
        guard !query.isEmpty else { return [] }
        return try await metrics.vector(PromQL.applyingScope(metrics.queryScope, to: query), options.queryTime)
    }
}
