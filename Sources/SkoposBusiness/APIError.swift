/// Why a console request cannot be answered, with the HTTP status its route answers (`backend.md` §1.5). The message
/// says what was wrong and where, for the `error` field of `{"error": …}`. One type for the inventory, Istio
/// configuration and metrics routes (their names are aliases).
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which HTTP answer it becomes.
    public enum Kind: Sendable, Hashable {
        /// A bad query-parameter value, an unmanaged GVK, or a range that ends before the namespace existed: 400.
        case badRequest
        /// The namespace is not one the viewer may see: 403 (`Cannot access namespace data: …`).
        case forbidden
        /// No such cluster or object: 404 (upstream answers 500 for an unknown cluster, §1.5 [FIX]).
        case notFound
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
        case .notFound: 404
        case .unavailable: 503
        }
    }

    public var description: String { message }

    /// A 400 naming a parameter and the value it had: `invalid '<name>' value: "<value>"`, plus `(<expected>)` when
    /// given.
    static func invalid(_ name: String, _ value: String, expected: String? = nil) -> APIError {
        APIError(.badRequest, "invalid '\(name)' value: \"\(value)\"" + (expected.map { " (\($0))" } ?? ""))
    }
}

/// Why an inventory request (apps, workloads, services: lists and details) cannot be answered.
public typealias InventoryError = APIError
/// Why an Istio configuration or TLS request cannot be answered.
public typealias IstioConfigError = APIError
/// Why a metrics request (`backend.md` §2.9) cannot be answered.
public typealias MetricsError = APIError
