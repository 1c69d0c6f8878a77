/// The `reason` values of `metav1.Status` that Skopos produces or decides on, each with its HTTP status code
/// (`k8s.io/apimachinery/pkg/apis/meta/v1` `StatusReason`).
public enum StatusReason: String, Sendable, CaseIterable {
    case badRequest = "BadRequest"
    case unauthorized = "Unauthorized"
    case forbidden = "Forbidden"
    case notFound = "NotFound"
    case methodNotAllowed = "MethodNotAllowed"
    case notAcceptable = "NotAcceptable"
    case alreadyExists = "AlreadyExists"
    case conflict = "Conflict"
    case gone = "Gone"
    case expired = "Expired"
    case requestEntityTooLarge = "RequestEntityTooLarge"
    case unsupportedMediaType = "UnsupportedMediaType"
    case invalid = "Invalid"
    case tooManyRequests = "TooManyRequests"
    case internalError = "InternalError"
    case serviceUnavailable = "ServiceUnavailable"
    case timeout = "Timeout"

    /// The HTTP status code an API server uses with this reason.
    public var code: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .notAcceptable: 406
        case .alreadyExists, .conflict: 409
        case .gone, .expired: 410
        case .requestEntityTooLarge: 413
        case .unsupportedMediaType: 415
        case .invalid: 422
        case .tooManyRequests: 429
        case .internalError: 500
        case .serviceUnavailable: 503
        case .timeout: 504
        }
    }

    /// The reason an API server uses for a status code when it has nothing more specific (`Gone` for 410,
    /// `Conflict` for 409); `nil` for codes without one.
    public init?(code: Int) {
        switch code {
        case 409: self = .conflict
        case 410: self = .gone
        default:
            guard let reason = Self.allCases.first(where: { $0.code == code }) else { return nil }
            self = reason
        }
    }
}
