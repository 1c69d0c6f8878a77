public import KubeTypes

/// A failed Kubernetes API call: what kind of failure (``FailureKind``, the one classification), the cluster, what
/// was asked for, and the server's `Status` when it sent one. Its description names all three and never holds
/// credentials.
public struct KubeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var kind: FailureKind
    /// The cluster the call went to.
    public var cluster: String
    /// The request path (never with credentials or query); empty when the call was not sent.
    public var path: String
    /// The server's Status, when it answered with one (an error response or a watch's `ERROR` event).
    public var status: KubeStatus?
    /// The server's message, or what went wrong on the way.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: The failure class.
    ///   - cluster: The cluster.
    ///   - path: The request path.
    ///   - status: The server's Status, if any.
    ///   - message: The message; the Status message when empty.
    public init(kind: FailureKind, cluster: String, path: String = "", status: KubeStatus? = nil, message: String = "") {
        self.kind = kind
        self.cluster = cluster
        self.path = path
        self.status = status
        self.message = message.isEmpty ? (status?.message ?? "") : message
    }

    /// An error from the server's Status, classified by its code and reason.
    /// - Parameters:
    ///   - status: The Status.
    ///   - cluster: The cluster.
    ///   - path: The request path.
    public init(status: KubeStatus, cluster: String = "", path: String = "") {
        self.init(kind: status.failureKind, cluster: cluster, path: path, status: status)
    }

    /// `cluster east: /api/v1/namespaces/bookinfo/pods: forbidden (403 Forbidden): pods is forbidden: …`.
    public var description: String {
        var s = "cluster \(cluster): "
        if !path.isEmpty { s += "\(path): " }
        s += kind.description
        if let status { s += " (\(status.code)\(status.reason.isEmpty ? "" : " \(status.reason)"))" }
        if !message.isEmpty { s += ": \(message)" }
        return s
    }

    /// The HTTP status (or an `ERROR` event's code), when the server answered.
    public var httpStatus: Int? { status?.code }
    /// The Status reason, when the server sent one.
    public var reason: String? { status?.reason }

    /// 410 Gone, or reason `Expired`/`Gone`.
    public var isExpired: Bool { kind == .gone }
    /// The requested resourceVersion is newer than the server has (see ``KubeStatus/isResourceVersionTooLarge``).
    public var isResourceVersionTooLarge: Bool { status?.isResourceVersionTooLarge ?? false }
    /// 500 Internal Server Error (a bounded burst of these is retried at once by the reflector).
    public var isInternalError: Bool { status?.code == 500 || status?.reason == StatusReason.internalError.rawValue }
    /// 404.
    public var isNotFound: Bool { kind == .notFound }
    /// 403.
    public var isForbidden: Bool { kind == .forbidden }
    /// 409.
    public var isConflict: Bool { kind == .conflict }
}
