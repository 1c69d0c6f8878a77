import PromClient

/// Running the Prometheus queries of the telemetry appenders (`responseTime`, `securityPolicy`, `throughput`,
/// `aggregateNode`).
extension AppenderContext {
    /// Runs one appender's queries concurrently and returns the answers in query order, so that the caller applies
    /// them in Kiali's order and its first-wins or last-wins rules give the same result as Kiali's serial loop. An
    /// empty query is not sent and answers nothing.
    ///
    /// Each query is sent as Kiali's `PromQueryAppender` sends it (`graph.md` §5.1, "post-processing of every query
    /// string"): the query scope first, then the wrapper `round(<query>,0.001)`. The appender path goes through the
    /// same function as the traffic queries, so its queries are rounded too. ``vector(_:)`` adds only the scope, so
    /// the wrapper is added here, before the scope: the scope rewrites every `{` and `round(` has none, so the text
    /// is the same as scoping first.
    /// - Parameter queries: The PromQL texts, as the appender builds them (without scope or rounding).
    /// - Returns: One vector per query, in the order of `queries`.
    /// - Throws: ``GraphError`` from the first query that failed.
    func appenderVectors(_ queries: [String]) async throws(GraphError) -> [[MetricSample]] {
        let texts = queries.map { $0.isEmpty ? "" : PromQL.applyingScope(metrics.queryScope, to: "round(\($0),0.001)") }
        return try await metrics.vectors(texts, at: options.queryTime)
    }
}
