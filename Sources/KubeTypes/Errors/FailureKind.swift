/// The one classification of a failed Kubernetes request, used by the client's errors, the informers' decisions
/// and the status the console reports for a cluster.
public enum FailureKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The API server could not be reached: connection refused or reset, unknown host, no route.
    case unreachable
    /// The TLS handshake failed: an unknown CA, a wrong server name, an expired certificate.
    case tls
    /// 401: the credentials were refused (a missing, wrong or expired token).
    case unauthorized
    /// 403: the credentials are valid but lack the permission.
    case forbidden
    /// 404: no such object or resource.
    case notFound
    /// 409: the object exists already, or changed meanwhile.
    case conflict
    /// 410, `Expired` or `Gone`: the requested resourceVersion is no longer available.
    case gone
    /// The request took too long: a client-side deadline, or a 504 from the server.
    case timeout
    /// 429: the server asks to slow down.
    case tooManyRequests
    /// 400, 405, 406, 413, 415, 422: the server refused the request as malformed or invalid.
    case invalid
    /// 5xx other than 504: the server failed.
    case serverError
    /// The answer did not have the shape the API promises.
    case decoding
    /// The connection could not be set up from its configuration (a bad CA, key, URL or credential plugin).
    case configuration

    /// Classifies an answer by its HTTP status and `Status.reason`; the reason wins where it is specific
    /// (`Expired` on a 200 watch stream's `ERROR` event, `Timeout`).
    public init(httpStatus: Int?, reason: String?) {
        switch reason.flatMap(StatusReason.init(rawValue:)) {
        case .expired?, .gone?: self = .gone
        case .timeout?: self = .timeout
        case .tooManyRequests?: self = .tooManyRequests
        case .unauthorized?: self = .unauthorized
        case .forbidden?: self = .forbidden
        case .notFound?: self = .notFound
        case .alreadyExists?, .conflict?: self = .conflict
        case .internalError?, .serviceUnavailable?: self = .serverError
        case .badRequest?, .methodNotAllowed?, .notAcceptable?, .requestEntityTooLarge?, .unsupportedMediaType?, .invalid?:
            self = .invalid
        case nil:
            switch httpStatus ?? 0 {
            case 401: self = .unauthorized
            case 403: self = .forbidden
            case 404: self = .notFound
            case 409: self = .conflict
            case 410: self = .gone
            case 429: self = .tooManyRequests
            case 504, 408: self = .timeout
            case 500...599: self = .serverError
            default: self = .invalid
            }
        }
    }

    /// What the failure means, for messages: "unreachable", "TLS handshake failed", "unauthorized", …
    public var description: String {
        switch self {
        case .unreachable: "unreachable"
        case .tls: "TLS handshake failed"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not found"
        case .conflict: "conflict"
        case .gone: "resource version expired"
        case .timeout: "timed out"
        case .tooManyRequests: "too many requests"
        case .invalid: "invalid request"
        case .serverError: "server error"
        case .decoding: "unexpected answer"
        case .configuration: "bad configuration"
        }
    }
}
