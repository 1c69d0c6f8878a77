import KubeTypes
import SkoposModel

/// A failed request: the `metav1.Status` (KubeTypes' ``KubeStatus``) the handlers throw and the responder sends, with
/// the status code, reason and message a real API server uses.
struct APIError: Error, Sendable, CustomStringConvertible {
    /// The Status object sent to the client.
    var status: KubeStatus

    /// Wraps a status.
    init(_ status: KubeStatus) {
        self.status = status
    }

    /// A status with one of the standard reasons and the code that goes with it.
    init(_ reason: StatusReason, message: String, details: KubeStatus.Details? = nil) {
        self.status = KubeStatus(reason, message: message, details: details)
    }

    /// The HTTP status code.
    var code: Int { status.code }
    /// The reason (`NotFound`, `Expired`, …).
    var reason: String { status.reason }
    /// The message.
    var message: String { status.message }

    var description: String { message }

    /// The details a real server gives for an error about one object (or, without a name, one resource).
    static func details(_ gr: GroupResource, name: String?) -> KubeStatus.Details {
        KubeStatus.Details(name: name, group: gr.group, kind: gr.resource)
    }

    static func notFound(_ gr: GroupResource, _ name: String) -> APIError {
        APIError(.notFound, message: "\(gr) \"\(name)\" not found", details: details(gr, name: name))
    }

    static func alreadyExists(_ gr: GroupResource, _ name: String) -> APIError {
        APIError(.alreadyExists, message: "\(gr) \"\(name)\" already exists", details: details(gr, name: name))
    }

    static func conflict(_ gr: GroupResource, _ name: String, _ why: String) -> APIError {
        APIError(.conflict, message: "Operation cannot be fulfilled on \(gr) \"\(name)\": \(why)", details: details(gr, name: name))
    }

    /// A 422 with one cause per invalid field, as the real server reports validation failures.
    static func invalid(kind: String, group: String, name: String, causes: [(field: String, message: String)]) -> APIError {
        let joined = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let summary = causes.count == 1 ? joined : "[\(joined)]"
        return APIError(
            .invalid, message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: KubeStatus.Details(
                name: name, group: group, kind: kind,
                causes: causes.map { KubeStatus.Cause(reason: "FieldValueInvalid", message: $0.message, field: $0.field) }
            )
        )
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, message: message)
    }

    static func forbidden(user: String, verb: String, gr: GroupResource, name: String, namespace: String, extra: String = "")
        -> APIError
    {
        var message = "\(gr.resource)"
        if !gr.group.isEmpty { message += ".\(gr.group)" }
        if !name.isEmpty { message += " \"\(name)\"" }
        message += " is forbidden: User \"\(user)\" cannot \(verb) resource \"\(gr.resource)\" in API group \"\(gr.group)\""
        message += namespace.isEmpty ? " at the cluster scope" : " in the namespace \"\(namespace)\""
        if !extra.isEmpty { message += ": \(extra)" }
        return APIError(.forbidden, message: message, details: details(gr, name: name.isEmpty ? nil : name))
    }

    static func forbiddenPath(user: String, verb: String, path: String) -> APIError {
        APIError(.forbidden, message: "forbidden: User \"\(user)\" cannot \(verb) path \"\(path)\"")
    }

    static let unauthorized = APIError(.unauthorized, message: "Unauthorized")

    static func methodNotAllowed(_ message: String = "the server does not allow this method on the requested resource")
        -> APIError
    {
        APIError(.methodNotAllowed, message: message)
    }

    static func notFoundPath() -> APIError {
        APIError(.notFound, message: "the server could not find the requested resource")
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(.unsupportedMediaType, message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got \(contentType)")
    }

    /// `410 Expired`, as a request or a watch's `ERROR` event reports a resourceVersion older than the event window.
    static func gone(_ message: String) -> APIError {
        APIError(.expired, message: message)
    }

    static func tooLargeResourceVersion(requested: Int, current: Int) -> APIError {
        APIError(
            .timeout, message: "Too large resource version: \(requested), current: \(current)",
            details: KubeStatus.Details(
                causes: [KubeStatus.Cause(reason: "ResourceVersionTooLarge", message: "Too large resource version")], retryAfterSeconds: 1
            )
        )
    }

    static func internalError(_ message: String) -> APIError {
        APIError(.internalError, message: "Internal error occurred: \(message)")
    }

    static func tooManyRequests() -> APIError {
        APIError(
            .tooManyRequests, message: "Too many requests, please try again later.",
            details: KubeStatus.Details(retryAfterSeconds: 1)
        )
    }
}
