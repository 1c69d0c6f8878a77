public import PromClient

/// Where health reads its rates: one instant query at a time. A struct of closures (house style §4), so tests pass a
/// fake that answers from in-memory series and the server passes ``prometheus(_:)``.
///
/// The query text is sent as given: ``HealthQueries`` has already added the `query_scope` matchers.
public struct HealthMetricsSource: Sendable {
    /// Runs an instant query at a Unix time (seconds) and returns the vector's samples.
    public var vector: @Sendable (_ query: String, _ time: Double) async throws -> [RateSample]

    /// A source answering with `vector`.
    public init(vector: @escaping @Sendable (_ query: String, _ time: Double) async throws -> [RateSample]) {
        self.vector = vector
    }
}

extension HealthMetricsSource {
    /// A source backed by one Prometheus-compatible endpoint. Its errors (``PrometheusError``) are passed on; an answer
    /// that is not a vector throws ``HealthError/metricsUnavailable(_:)``.
    public static func prometheus(_ client: PrometheusClient) -> HealthMetricsSource {
        HealthMetricsSource { query, time in
            try RateSample.samples(from: try await client.query(query, time: time))
        }
    }
}
