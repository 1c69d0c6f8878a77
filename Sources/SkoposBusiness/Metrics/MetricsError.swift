/// Why a metrics request (`backend.md` §2.9) cannot be answered, with the HTTP status the route answers (§1.5). The
/// message says what was wrong and where, for the `error` field of the body.
public struct MetricsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which HTTP answer it becomes.
    public enum Kind: Sendable, Hashable {
        /// A bad query-parameter value, or a range that ends before the namespace existed: 400.
        case badRequest
        /// The namespace is not one the viewer may see: 403 (`Cannot access namespace data: …`).
        case forbidden
        /// Prometheus failed or answered something unexpected: 503 with its message.
        case unavailable
    }

    /// Which HTTP answer it becomes.
    public var kind: Kind
    /// What was wrong and where.
    public var message: String

    /// An error of a kind with its message.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The HTTP status code.
    public var status: Int {
        switch kind {
        case .badRequest: 400
        case .forbidden: 403
        case .unavailable: 503
        }
    }

    public var description: String { message }

    /// A 400 naming a parameter and the value it had: `invalid '<name>' value: "<value>"`, plus `(<expected>)` when
    /// given.
    static func invalid(_ name: String, _ value: String, expected: String? = nil) -> MetricsError {
        MetricsError(.badRequest, "invalid '\(name)' value: \"\(value)\"" + (expected.map { " (\($0))" } ?? ""))
    }
}
