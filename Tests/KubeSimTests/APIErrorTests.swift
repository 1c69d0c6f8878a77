import KubeTypes
import SkoposModel
import Testing

@testable import KubeSim

/// The Status objects the simulator sends, as the real API server writes them.
@Suite struct APIErrorTests {
    static func status(_ code: Int, _ reason: String, _ message: String, details: JSONValue? = nil) -> JSONValue {
        var s: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        if let details { s["details"] = details }
        return .object(s)
    }

    @Test func notFound() {
        #expect(
            APIError.notFound(.pods, "web").status.json
                == Self.status(404, "NotFound", "pods \"web\" not found", details: ["name": "web", "group": "", "kind": "pods"])
        )
        #expect(
            APIError.notFound(.deployments, "web").status.json
                == Self.status(404, "NotFound", "deployments.apps \"web\" not found", details: ["name": "web", "group": "apps", "kind": "deployments"])
        )
        #expect(APIError.notFoundPath().status.json == Self.status(404, "NotFound", "the server could not find the requested resource"))
    }

    @Test func conflictsAndForbidden() {
        #expect(
            APIError.conflict(.configMaps, "c", "the object has been modified").status.json
                == Self.status(
                    409, "Conflict", "Operation cannot be fulfilled on configmaps \"c\": the object has been modified",
                    details: ["name": "c", "group": "", "kind": "configmaps"]
                )
        )
        #expect(APIError.alreadyExists(.pods, "p").reason == "AlreadyExists")
        #expect(
            APIError.forbidden(user: "bob", verb: "list", gr: .pods, name: "", namespace: "dev").status.json
                == Self.status(
                    403, "Forbidden", "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"dev\"",
                    details: ["group": "", "kind": "pods"]
                )
        )
        #expect(APIError.unauthorized.status.json == Self.status(401, "Unauthorized", "Unauthorized"))
    }

    @Test func invalidWithCauses() {
        let error = APIError.invalid(
            kind: "ConfigMap", group: "", name: "c",
            causes: [(field: "metadata.name", message: "Required value"), (field: "data", message: "Invalid value")]
        )
        #expect(
            error.status.json
                == Self.status(
                    422, "Invalid", "ConfigMap \"c\" is invalid: [metadata.name: Required value, data: Invalid value]",
                    details: [
                        "name": "c", "group": "", "kind": "ConfigMap",
                        "causes": [
                            ["reason": "FieldValueInvalid", "message": "Required value", "field": "metadata.name"],
                            ["reason": "FieldValueInvalid", "message": "Invalid value", "field": "data"],
                        ],
                    ]
                )
        )
    }

    @Test func watchAndRetryStatuses() {
        #expect(APIError.gone("too old resource version: 1 (2)").status.json == Self.status(410, "Expired", "too old resource version: 1 (2)"))
        #expect(
            APIError.tooLargeResourceVersion(requested: 9, current: 5).status.json
                == Self.status(
                    504, "Timeout", "Too large resource version: 9, current: 5",
                    details: ["causes": [["reason": "ResourceVersionTooLarge", "message": "Too large resource version"]], "retryAfterSeconds": 1]
                )
        )
        #expect(APIError.tooLargeResourceVersion(requested: 9, current: 5).status.isResourceVersionTooLarge)
        #expect(
            APIError.tooManyRequests().status.json
                == Self.status(429, "TooManyRequests", "Too many requests, please try again later.", details: ["retryAfterSeconds": 1])
        )
        #expect(APIResponder.faultError(503).status.json == Self.status(503, "InternalError", "injected fault: HTTP 503"))
        #expect(APIResponder.faultError(418).status.json == Self.status(418, "BadRequest", "injected fault: HTTP 418"))
    }
}
