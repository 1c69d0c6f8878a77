/// The Kiali metric names of `filters[]` and of the response keys (`backend.md` §2.9), each with the Istio metric it
/// reads and how it is queried.
///
/// ```swift
/// MetricFamily(rawValue: "tcp_sent")?.istioMetric   // "istio_tcp_received_bytes_total" (swapped on purpose)
/// ```
public enum MetricFamily: String, Sendable, Hashable, CaseIterable, Comparable {
    case requestCount = "request_count"
    case requestErrorCount = "request_error_count"
    case requestDurationMillis = "request_duration_millis"
    case requestSize = "request_size"
    case responseSize = "response_size"
    case requestThroughput = "request_throughput"
    case responseThroughput = "response_throughput"
    case grpcSent = "grpc_sent"
    case grpcReceived = "grpc_received"
    case tcpSent = "tcp_sent"
    case tcpReceived = "tcp_received"
    case tcpOpened = "tcp_opened"
    case tcpClosed = "tcp_closed"

    /// How a family is queried.
    public enum Shape: Sendable, Hashable {
        /// `sum(<rateFunc>(<metric>{L}[ri])) by (G)`.
        case counter
        /// The error query over `istio_requests_total`.
        case errors
        /// `<metric>_sum`, `_count` and `_bucket`: an average and quantiles.
        case histogram
    }

    /// The Istio metric: the full name of a counter, the base name of a histogram.
    public var istioMetric: String {
        switch self {
        case .requestCount, .requestErrorCount: "istio_requests_total"
        case .requestDurationMillis: "istio_request_duration_milliseconds"
        case .requestSize: "istio_request_bytes"
        case .responseSize: "istio_response_bytes"
        case .requestThroughput: "istio_request_bytes_sum"
        case .responseThroughput: "istio_response_bytes_sum"
        case .grpcSent: "istio_request_messages_total"
        case .grpcReceived: "istio_response_messages_total"
        // Swapped on purpose, as upstream (istio/istio#32399): what the proxy received is what the peer sent.
        case .tcpSent: "istio_tcp_received_bytes_total"
        case .tcpReceived: "istio_tcp_sent_bytes_total"
        case .tcpOpened: "istio_tcp_connections_opened_total"
        case .tcpClosed: "istio_tcp_connections_closed_total"
        }
    }

    /// How the family is queried.
    public var shape: Shape {
        switch self {
        case .requestErrorCount: .errors
        case .requestDurationMillis, .requestSize, .responseSize: .histogram
        default: .counter
        }
    }

    /// By name, as Go orders map keys in the response.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
