/// Why a graph could not be built, with the HTTP status Kiali answers for it (`graph.md` §1).
public struct GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A bad parameter value, an unknown appender, a namespace that did not exist at `queryTime`: 400.
        case badRequest
        /// No requested namespace is accessible: 403.
        case forbidden
        /// Prometheus failed or is unreachable: 503.
        case unavailable
        /// Prometheus answered something that is not a vector; internal errors: 500.
        case `internal`
    }

    /// Which HTTP answer it becomes.
    public var kind: Kind
    /// What was wrong and where, for the `error` field.
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
        case .internal: 500
        }
    }

    public var description: String { message }
}
