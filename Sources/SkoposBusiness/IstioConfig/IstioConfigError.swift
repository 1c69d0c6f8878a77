/// Why an Istio configuration or TLS request cannot be answered, with the HTTP status the route answers
/// (`backend.md` §1.5). The message says what was wrong and where, for the `error` field of `{"error": …}`.
public struct IstioConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which HTTP answer it becomes.
    public enum Kind: Sendable, Hashable {
        /// A bad query-parameter value or an unmanaged GVK (`Object type not managed: <gvk>`): 400.
        case badRequest
        /// The namespace is not one the viewer may see (or does not exist there): 403.
        case forbidden
        /// No such cluster or object: 404 (upstream answers 500 for an unknown cluster, §1.5 [FIX]).
        case notFound
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
        case .notFound: 404
        }
    }

    public var description: String { message }
}
