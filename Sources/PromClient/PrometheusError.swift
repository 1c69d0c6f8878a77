/// A Prometheus answer that could not be had: which endpoint, what kind of failure, and the details (Prometheus' own
/// message, the HTTP status, the transport error).
///
/// The endpoint is the base URL plus the API path, without user info; the description never holds credentials.
///
/// ```text
/// Prometheus at http://127.0.0.1:9090/api/v1/query is unreachable: connection refused (…)
/// Prometheus at https://prom:9090/api/v1/query: TLS handshake failed (check ca_file or insecure_skip_verify): …
/// Prometheus at http://prom:9090/api/v1/query refused the credentials: authentication failed (HTTP 401): …
/// Prometheus at http://prom:9090/api/v1/query rejected the query (bad_data): 1:6: parse error: …
/// ```
public struct PrometheusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Hashable {
        /// No connection: connection refused or reset, unknown host, no route.
        case unreachable
        /// No answer in time: the connection or the whole call took longer than the timeout.
        case timeout
        /// The TLS handshake failed: an unknown CA, a wrong server name, an expired certificate.
        case tls
        /// HTTP 401: authentication failed (missing, wrong or expired credentials).
        case unauthorized
        /// HTTP 403: authorization failed (the credentials are valid but lack the permission).
        case forbidden
        /// An answer that is not Prometheus' API JSON (an HTML page, a proxy's error, an unexpected status or shape).
        case badResponse
        /// Prometheus' `errorType`: `bad_data`, `timeout`, `execution`, `canceled`, `internal`, ...
        case query(String)
        /// The client could not be set up or could not build the request: a bad URL, an unreadable CA or
        /// credential file, an invalid custom header.
        case configuration
        /// The calling task was cancelled.
        case cancelled
    }

    /// The base URL of the endpoint, without user info.
    public var url: String
    /// The API path called (`/api/v1/query`), or empty when no request was made.
    public var path: String
    /// What kind of failure this is.
    public var kind: Kind
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?
    /// Prometheus' message, the start of an unexpected answer, or the transport error. Never a credential.
    public var message: String

    /// Creates an error (also for test doubles of the client).
    /// - Parameters:
    ///   - url: The base URL, without user info.
    ///   - path: The API path, if a request was made.
    ///   - kind: The failure class.
    ///   - httpStatus: The HTTP status, if the server answered.
    ///   - message: What went wrong.
    public init(url: String, path: String = "", kind: Kind, httpStatus: Int? = nil, message: String) {
        self.url = url
        self.path = path
        self.kind = kind
        self.httpStatus = httpStatus
        self.message = message
    }

    /// The URL called: base URL and path.
    public var endpoint: String { url + path }

    /// One line naming the endpoint and the reason.
    public var description: String {
        let detail = message.isEmpty ? "" : ": \(message)"
        switch kind {
        case .unreachable:
            return "Prometheus at \(endpoint) is unreachable\(detail)"
        case .timeout:
            return "Prometheus at \(endpoint) did not answer in time\(detail)"
        case .tls:
            return "Prometheus at \(endpoint): TLS handshake failed (check ca_file or insecure_skip_verify)\(detail)"
        case .unauthorized:
            return "Prometheus at \(endpoint) refused the credentials: authentication failed (HTTP \(httpStatus ?? 401))\(detail)"
        case .forbidden:
            return "Prometheus at \(endpoint) denied access: authorization failed (HTTP \(httpStatus ?? 403))\(detail)"
        case .badResponse:
            return "Prometheus at \(endpoint) answered something unexpected\(detail)"
        case .query(let type):
            return "Prometheus at \(endpoint) rejected the query (\(type))\(detail)"
        case .configuration:
            return "Prometheus client for \(endpoint) is misconfigured\(detail)"
        case .cancelled:
            return "Prometheus request to \(endpoint) was cancelled"
        }
    }
}
