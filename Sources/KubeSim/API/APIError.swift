import KubeTypes
import SkoposModel

/// An API error rendered as a `metav1.Status`, with the status code and reason a real API server uses.
struct APIError: Error, Sendable, CustomStringConvertible {
    var code: Int
    var reason: String
    var message: String
    var details: JSONValue? = nil

    var description: String { message }

    /// The `Status` object sent to clients.
    var status: JSONValue {
        var s: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        if let details { s["details"] = details }
        return .object(s)
    }

    static func qualified(_ gr: GroupResource) -> String { gr.description }

    static func notFound(_ gr: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(qualified(gr)) \"\(name)\" not found",
            details: ["name": .string(name), "group": .string(gr.group), "kind": .string(gr.resource)]
        )
    }

    static func alreadyExists(_ gr: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(qualified(gr)) \"\(name)\" already exists",
            details: ["name": .string(name), "group": .string(gr.group), "kind": .string(gr.resource)]
        )
    }

    static func conflict(_ gr: GroupResource, _ name: String, _ why: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(qualified(gr)) \"\(name)\": \(why)",
            details: ["name": .string(name), "group": .string(gr.group), "kind": .string(gr.resource)]
        )
    }

    /// A 422 with one cause per invalid field, as the real server reports validation failures.
    static func invalid(kind: String, group: String, name: String, causes: [(field: String, message: String)]) -> APIError {
        let joined = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let summary = causes.count == 1 ? joined : "[\(joined)]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: [
                "name": .string(name), "group": .string(group), "kind": .string(kind),
                "causes": .array(
                    causes.map { ["reason": "FieldValueInvalid", "message": .string($0.message), "field": .string($0.field)] }
                ),
            ]
        )
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
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
        return APIError(
            code: 403, reason: "Forbidden", message: message,
            details: name.isEmpty
                ? ["group": .string(gr.group), "kind": .string(gr.resource)]
                : ["name": .string(name), "group": .string(gr.group), "kind": .string(gr.resource)]
        )
    }

    static func forbiddenPath(user: String, verb: String, path: String) -> APIError {
        APIError(
            code: 403, reason: "Forbidden",
            message: "forbidden: User \"\(user)\" cannot \(verb) path \"\(path)\""
        )
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func methodNotAllowed(_ message: String = "the server does not allow this method on the requested resource")
        -> APIError
    {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    static func notFoundPath() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got \(contentType)")
    }

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func tooLargeResourceVersion(requested: Int, current: Int) -> APIError {
        APIError(
            code: 504, reason: "Timeout",
            message: "Too large resource version: \(requested), current: \(current)",
            details: ["causes": [["reason": "ResourceVersionTooLarge", "message": "Too large resource version"]], "retryAfterSeconds": 1]
        )
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func tooManyRequests() -> APIError {
        APIError(
            code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
            details: ["retryAfterSeconds": 1]
        )
    }
}
