/// Istio's standard metrics, as its proxies expose them (names, types, buckets).
public enum IstioMetric: String, Sendable, CaseIterable {
    case requestsTotal = "istio_requests_total"
    case requestDuration = "istio_request_duration_milliseconds"
    case requestBytes = "istio_request_bytes"
    case responseBytes = "istio_response_bytes"
    case requestMessages = "istio_request_messages_total"
    case responseMessages = "istio_response_messages_total"
    case tcpSentBytes = "istio_tcp_sent_bytes_total"
    case tcpReceivedBytes = "istio_tcp_received_bytes_total"
    case tcpOpened = "istio_tcp_connections_opened_total"
    case tcpClosed = "istio_tcp_connections_closed_total"

    public var isHistogram: Bool { self == .requestDuration || self == .requestBytes || self == .responseBytes }

    /// OpenMetrics names a counter family without `_total`.
    public var familyName: String { isHistogram ? rawValue : String(rawValue.dropLast("_total".count)) }

    /// The `# HELP` and `# TYPE` lines of its family: named `rawValue` in the text format, `familyName` in OpenMetrics.
    public func header(openMetrics: Bool) -> String {
        let name = openMetrics ? familyName : rawValue
        return "# HELP \(name) \(help)\n# TYPE \(name) \(isHistogram ? "histogram" : "counter")\n"
    }

    public var help: String {
        switch self {
        case .requestsTotal: return "Requests, by reporter, source, destination and response."
        case .requestDuration: return "Request duration in milliseconds."
        case .requestBytes: return "Request body sizes in bytes."
        case .responseBytes: return "Response body sizes in bytes."
        case .requestMessages: return "gRPC messages sent by clients."
        case .responseMessages: return "gRPC messages sent by servers."
        case .tcpSentBytes: return "Bytes sent during responses on TCP connections."
        case .tcpReceivedBytes: return "Bytes received during requests on TCP connections."
        case .tcpOpened: return "TCP connections opened."
        case .tcpClosed: return "TCP connections closed."
        }
    }

    /// Which flows carry the metric.
    public func applies(to proto: Scenario.PortProtocol) -> Bool {
        switch self {
        case .requestsTotal, .requestDuration, .requestBytes, .responseBytes: return proto != .tcp
        case .requestMessages, .responseMessages: return proto == .grpc
        case .tcpSentBytes, .tcpReceivedBytes, .tcpOpened, .tcpClosed: return proto == .tcp
        }
    }

    /// Istio's default buckets.
    public static let durationBuckets: [Double] = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000]
    public static let sizeBuckets: [Double] = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000]
}
