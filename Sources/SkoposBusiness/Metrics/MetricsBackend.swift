public import SkoposGraph

/// Where the metrics routes read Prometheus: a range query and an instant query. A struct of closures (house style
/// §4), so tests pass a fake that records the queries and the server passes ``prometheus(_:)``.
///
/// The query text is sent as given: the builders (``MetricsPromQL``, ``OverviewPromQL``) have already added the
/// `query_scope` matchers.
public struct MetricsBackend: Sendable {
    /// Runs a range query from `start` to `end` (Unix seconds) every `step` seconds and returns the matrix's series.
    public var rangeQuery: @Sendable (_ query: String, _ start: Double, _ end: Double, _ step: Double) async throws -> [MetricSeries]
    /// Runs an instant query at a Unix time and returns the vector's samples.
    public var instantQuery: @Sendable (_ query: String, _ time: Double) async throws -> [MetricSample]

    /// A source answering with the given closures.
    public init(
        rangeQuery: @escaping @Sendable (_ query: String, _ start: Double, _ end: Double, _ step: Double) async throws -> [MetricSeries],
        instantQuery: @escaping @Sendable (_ query: String, _ time: Double) async throws -> [MetricSample]
    ) {
        self.rangeQuery = rangeQuery
        self.instantQuery = instantQuery
    }
}
