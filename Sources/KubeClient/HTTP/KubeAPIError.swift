/// An error from a Kubernetes API call: the HTTP status and the server's `Status` (reason, message), or a transport
/// or decoding problem, always with the cluster and path it concerns. Extensible without breaking callers (SSWG shape).
public struct KubeAPIError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case status, transport, decoding, configuration }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The server answered with an error status.
        public static let status = Code(.status)
        /// The server could not be reached or the connection broke.
        public static let transport = Code(.transport)
        /// The answer was not what the API promises.
        public static let decoding = Code(.decoding)
        /// The connection could not be set up (bad CA, key, URL).
        public static let configuration = Code(.configuration)
        public var description: String { "\(base)" }
    }

    public var code: Code
    /// The cluster the call went to.
    public var cluster: String
    /// The request path (never with credentials).
    public var path: String
    /// The HTTP status, when the server answered.
    public var httpStatus: Int?
    /// `Status.reason` (`NotFound`, `Expired`, `Forbidden`, ...), when the server sent one.
    public var reason: String?
    /// `Status.message`, or the transport error's description.
    public var message: String
    /// Whether `Status.details.causes` names `ResourceVersionTooLarge`.
    public var isResourceVersionTooLarge: Bool

    public init(
        code: Code, cluster: String, path: String, httpStatus: Int? = nil, reason: String? = nil, message: String,
        isResourceVersionTooLarge: Bool = false
    ) {
        self.code = code
        self.cluster = cluster
        self.path = path
        self.httpStatus = httpStatus
        self.reason = reason
        self.message = message
        self.isResourceVersionTooLarge = isResourceVersionTooLarge
    }

    public var description: String {
        var s = "cluster \(cluster): \(path): "
        if let httpStatus { s += "\(httpStatus) " }
        if let reason, !reason.isEmpty { s += "\(reason): " }
        return s + message
    }

    /// 410 Gone, or reason `Expired`/`Gone` (servers up to 1.17 use either).
    public var isExpired: Bool { httpStatus == 410 || reason == "Expired" || reason == "Gone" }
    public var isNotFound: Bool { httpStatus == 404 }
    public var isForbidden: Bool { httpStatus == 403 }
    public var isConflict: Bool { httpStatus == 409 }
}
