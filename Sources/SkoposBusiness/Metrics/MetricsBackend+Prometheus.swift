public import PromClient
import SkoposGraph

extension MetricsBackend {
    /// A source backed by one Prometheus-compatible endpoint (`/api/v1/query_range` and `/api/v1/query`). Its errors
    /// (``PromClient/PrometheusError``) are passed on; an answer of the wrong kind throws ``MetricsError`` 503.
    /// - Parameters:
    ///   - client: The endpoint.
    ///   - requestID: Sent as `X-Request-Id` with every query when given (`backend.md` §1.2).
    public static func prometheus(_ client: PrometheusClient, requestID: String? = nil) -> MetricsBackend {
        MetricsBackend(
            rangeQuery: { query, start, end, step in
                let result = try await client.queryRange(query, start: start, end: end, step: step, requestID: requestID)
                switch result {
                case .matrix(let series):
                    return series.map { MetricSeries(labels: $0.metric, points: $0.values.map { MetricPoint(time: $0.time, value: $0.value) }) }
                case .vector(let samples):
                    return samples.map { MetricSeries(labels: $0.metric, points: [MetricPoint(time: $0.point.time, value: $0.point.value)]) }
                default:
                    throw MetricsError(.unavailable, "Prometheus answered a range query with something other than a matrix")
                }
            },
            instantQuery: { query, time in
                let result = try await client.query(query, time: time, requestID: requestID)
                switch result {
                case .vector(let samples):
                    return samples.map { MetricSample(labels: $0.metric, value: $0.value) }
                case .scalar(let point):
                    return [MetricSample(labels: [:], value: point.value)]
                default:
                    throw MetricsError(.unavailable, "Prometheus answered an instant query with something other than a vector")
                }
            }
        )
    }
}
