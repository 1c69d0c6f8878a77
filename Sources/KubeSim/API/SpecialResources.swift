import Foundation
import Hummingbird
import KubeTypes
import SkoposModel

/// Resources that are computed rather than stored: access and token reviews, TokenRequest, and OpenShift's
/// projects and `users/~`.
struct SpecialResources {
    let cluster: SimCluster
    let request: APIRequest
    let type: ResourceType

    var info: RequestInfo { request.info }

    /// The response for a computed resource, or `nil` when the request is for stored objects.
    func response() async throws -> Response? {
        switch (info.group, info.resource, info.subresource) {
        case ("authorization.k8s.io", "selfsubjectaccessreviews", ""):
            return try review { spec in cluster.authorizeForReview(user: request.user, spec: spec) }
        case ("authorization.k8s.io", "subjectaccessreviews", ""):
            return try review { spec in
                let user = UserInfo(
                    name: spec["user"]?.stringValue ?? "", groups: spec["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                    uid: spec["uid"]?.stringValue ?? ""
                )
                return cluster.authorizeForReview(user: user, spec: spec)
            }
        case ("authorization.k8s.io", "localsubjectaccessreviews", ""):
            return try review { spec in
                var spec = spec
                spec[path: ["resourceAttributes", "namespace"]] = .string(info.namespace)
                let user = UserInfo(name: spec["user"]?.stringValue ?? "", groups: spec["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                return cluster.authorizeForReview(user: user, spec: spec)
            }
        case ("authorization.k8s.io", "selfsubjectrulesreviews", ""):
            return try review { spec in
                cluster.rbac.rules(for: request.user, namespace: spec["namespace"]?.stringValue ?? "").statusJSON
            }
        case ("authentication.k8s.io", "tokenreviews", ""):
            return try review { spec in
                guard let token = spec["token"]?.stringValue, let user = cluster.authenticate(token: token) else {
                    return ["authenticated": false, "error": "invalid bearer token"]
                }
                return [
                    "authenticated": true,
                    "user": ["username": .string(user.name), "uid": .string(user.uid), "groups": .array(user.groups.map { .string($0) })],
                    "audiences": spec["audiences"] ?? ["https://kubernetes.default.svc.cluster.local"],
                ]
            }
        case ("authentication.k8s.io", "selfsubjectreviews", ""):
            guard info.verb == "create" else { throw APIError.methodNotAllowed() }
            var body = (try? request.decodedBody()) ?? [:]
            body["apiVersion"] = .string(type.apiVersion(info.version))
            body["kind"] = "SelfSubjectReview"
            body["status"] = ["userInfo": ["username": .string(request.user.name), "uid": .string(request.user.uid), "groups": .array(request.user.groups.map { .string($0) })]]
            return APIResponder.json(body, status: 201)
        case ("", "serviceaccounts", "token"):
            return try tokenRequest()
        case ("project.openshift.io", "projects", ""):
            return try projects()
        case ("user.openshift.io", "users", "") where info.name == "~" && info.verb == "get":
            return try currentUser()
        default:
            return nil
        }
    }

    /// A create-only review: echoes the spec and fills in `status`.
    func review(_ evaluate: (JSONValue) throws -> JSONValue) throws -> Response {
        guard info.verb == "create" else { throw APIError.methodNotAllowed() }
        var body = try request.decodedBody()
        guard let spec = body["spec"] else {
            throw APIError.invalid(kind: type.kind, group: type.group, name: "", causes: [(field: "spec", message: "Required value")])
        }
        if type.kind.hasSuffix("AccessReview") && spec["resourceAttributes"] == nil && spec["nonResourceAttributes"] == nil {
            throw APIError.invalid(
                kind: type.kind, group: type.group, name: "",
                causes: [(field: "spec.resourceAttributes", message: "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified")]
            )
        }
        body["apiVersion"] = .string(type.apiVersion(info.version))
        body["kind"] = .string(type.kind)
        if body["metadata"] == nil { body["metadata"] = ["creationTimestamp": .null] }
        body["status"] = try evaluate(spec)
        return APIResponder.json(body, status: 201)
    }

    /// TokenRequest: `POST .../serviceaccounts/NAME/token` issues a bound token (`kubectl create token`).
    func tokenRequest() throws -> Response {
        guard info.verb == "create" else { throw APIError.methodNotAllowed() }
        let saResource = GroupResource.serviceAccounts
        guard let sa = cluster.storage.get(saResource, ObjectKey(namespace: info.namespace, name: info.name)) else {
            throw APIError.notFound(saResource, info.name)
        }
        try ResourceHandler.checkMediaTypes(verb: "create", contentType: request.contentType, accept: request.accept)
        // kube-apiserver decodes a TokenRequest from the body: an empty or other body is refused.
        var body = try request.decodedBody()
        guard body.objectValue != nil, body["kind"] == nil || body["kind"] == "TokenRequest" else {
            throw APIError.badRequest("the body of a token request must be a TokenRequest object")
        }
        // As kube-apiserver: a lifetime under 10 minutes is refused, not stretched.
        let seconds = body[path: ["spec", "expirationSeconds"]]?.intValue ?? 3600
        guard seconds >= 600 else {
            throw APIError.invalid(
                kind: "TokenRequest", group: "authentication.k8s.io", name: info.name,
                causes: [(field: "spec.expirationSeconds", message: "Invalid value: \(seconds): may not specify a duration less than 10 minutes")])
        }
        guard seconds <= 1 << 32 else {
            throw APIError.invalid(
                kind: "TokenRequest", group: "authentication.k8s.io", name: info.name,
                causes: [(field: "spec.expirationSeconds", message: "Invalid value: \(seconds): may not specify a duration larger than 2^32 seconds")])
        }
        let audiences = body[path: ["spec", "audiences"]]?.arrayValue?.compactMap(\.stringValue) ?? [cluster.signer.issuer]
        let expires = Date().addingTimeInterval(Double(seconds))
        // A token bound to a Pod or Secret: the object must exist (and match its uid when given).
        var bound: ServiceAccountTokenSigner.BoundObject?
        if let ref = body[path: ["spec", "boundObjectRef"]], let kind = ref["kind"]?.stringValue, let name = ref["name"]?.stringValue {
            guard kind == "Pod" || kind == "Secret" else {
                throw APIError.invalid(
                    kind: "TokenRequest", group: "authentication.k8s.io", name: info.name,
                    causes: [(field: "spec.boundObjectRef.kind", message: "Unsupported value: \"\(kind)\": supported values: \"Pod\", \"Secret\"")])
            }
            let resource = kind == "Pod" ? GroupResource(group: "", resource: "pods") : GroupResource.secrets
            guard let object = cluster.storage.get(resource, ObjectKey(namespace: info.namespace, name: name)) else { throw APIError.notFound(resource, name) }
            if let uid = ref["uid"]?.stringValue, !uid.isEmpty, uid != object.uid {
                throw APIError.conflict(resource, name, "the UID in the bound object reference (\(uid)) does not match the UID in record")
            }
            bound = .init(kind: kind, name: name, uid: object.uid)
        }
        let token = cluster.signer.boundToken(
            namespace: info.namespace, serviceAccount: info.name, serviceAccountUID: sa.uid, audiences: audiences, expiresAt: expires, boundTo: bound)
        body["apiVersion"] = "authentication.k8s.io/v1"
        body["kind"] = "TokenRequest"
        body["metadata"] = ["name": .string(info.name), "namespace": .string(info.namespace), "creationTimestamp": .null]
        body[path: ["spec", "audiences"]] = .array(audiences.map { .string($0) })
        body[path: ["spec", "expirationSeconds"]] = .int(seconds)
        body["status"] = ["token": .string(token), "expirationTimestamp": .string(Timestamp.format(expires))]
        return APIResponder.json(body, status: 201)
    }

    /// OpenShift projects: the namespaces the user may `get`, shown as `Project` objects.
    func projects() throws -> Response? {
        let nsResource = GroupResource.namespaces
        func project(_ ns: JSONValue) -> JSONValue {
            var p = ns
            p["apiVersion"] = "project.openshift.io/v1"
            p["kind"] = "Project"
            return p
        }
        func visible(_ name: String) -> Bool {
            request.user.groups.contains("system:masters")
                || cluster.rbac.authorize(user: request.user, attributes: .resource(verb: "get", resource: "namespaces", namespace: name, name: name)).allowed
        }
        switch info.verb {
        case "list":
            let selection = try Selection(request: request, type: type)
            let (items, rv) = cluster.storage.list(nsResource)
            let projects = items.filter { visible($0.key.name) && selection.matches($0) }.map { project($0.object) }
            if request.wantsTable {
                return APIResponder.json(TableConverter.table(type: type, objects: projects, includeObject: request.query["includeObject"] ?? "Metadata", listMetadata: ["resourceVersion": .string(String(rv))]))
            }
            return APIResponder.json(["apiVersion": "project.openshift.io/v1", "kind": "ProjectList", "metadata": ["resourceVersion": .string(String(rv))], "items": .array(projects)])
        case "get":
            guard let ns = cluster.storage.get(nsResource, ObjectKey(namespace: "", name: info.name)), visible(info.name) else {
                throw APIError.notFound(type.groupResource, info.name)
            }
            return APIResponder.json(project(ns.object))
        case "watch":
            throw APIError.methodNotAllowed("watching projects is not supported by the simulator; watch namespaces instead")
        default:
            return nil
        }
    }

    /// `GET /apis/user.openshift.io/v1/users/~`: the logged-in user.
    func currentUser() throws -> Response {
        if request.user.name == "system:anonymous" {
            throw APIError.forbidden(user: request.user.name, verb: "get", gr: type.groupResource, name: "~", namespace: "")
        }
        let stored = cluster.storage.get(type.groupResource, ObjectKey(namespace: "", name: request.user.name))?.object
        var user: JSONValue = stored ?? [
            "apiVersion": "user.openshift.io/v1", "kind": "User",
            "metadata": ["name": .string(request.user.name), "creationTimestamp": .null],
        ]
        user["groups"] = .array(request.user.groups.filter { !$0.hasPrefix("system:") }.map { .string($0) })
        return APIResponder.json(user)
    }
}

extension SimCluster {
    /// The `status` of an access review for a user and a review spec.
    func authorizeForReview(user: UserInfo, spec: JSONValue) -> JSONValue {
        if user.groups.contains("system:masters") { return ["allowed": true, "reason": "the user is in system:masters"] }
        guard let attributes = RequestAttributes(reviewSpec: spec) else { return ["allowed": false, "evaluationError": "no attributes"] }
        return rbac.authorize(user: user, attributes: attributes).statusJSON
    }
}
