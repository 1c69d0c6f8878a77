public import PromClient

/// Where the engine gets its vectors: one instant query at a time. Today one Prometheus-compatible endpoint holds
/// every cluster's telemetry (federation, Thanos, Mimir); a later source can ask one Prometheus per cluster and merge
/// the vectors, behind the same two closures, without touching the appenders (`graph.md` §11).
public struct MetricsSource: Sendable {
    /// Runs an instant query at a Unix time. Errors say which endpoint failed and why.
    public var vector: @Sendable (_ query: String, _ time: Int64) async throws(GraphError) -> [MetricSample]
    /// The label matchers added to every query (`external_services.prometheus.query_scope`).
    public var queryScope: [String: String]

    public init(queryScope: [String: String] = [:], vector: @escaping @Sendable (_ query: String, _ time: Int64) async throws(GraphError) -> [MetricSample]) {
        self.vector = vector
        self.queryScope = queryScope
    }
}

extension MetricsSource {
    /// A source backed by one Prometheus-compatible endpoint. Prometheus failures become 503s naming the endpoint;
    /// an answer that is not a vector is a 500 (`graph.md` §5.1).
    public static func prometheus(_ client: PrometheusClient, queryScope: [String: String] = [:]) -> MetricsSource {
        MetricsSource(queryScope: queryScope) { query, time throws(GraphError) in
            let result: QueryResult
            do {
                result = try await client.query(query, time: Double(time))
            } catch {
                throw GraphError(.unavailable, "\(error)")
            }
            guard case .vector(let samples) = result else {
                throw GraphError(.internal, "Prometheus at \(client.url) answered a query with something other than a vector")
            }
            return samples.map { MetricSample(labels: $0.metric, value: $0.value) }
        }
    }
}
