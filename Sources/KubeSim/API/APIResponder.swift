import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import Logging
import NIOCore
import SkoposModel

/// The HTTP entry point of a simulated API server: authenticates, authorises and dispatches every request the way
/// kube-apiserver does, answering errors as `metav1.Status` objects.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let cluster: SimCluster

    /// The largest request body accepted (the real server's limit is 3 MiB for most kinds).
    static let maximumBodySize = 3 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await handle(request)
        } catch let error as APIError {
            return Self.error(error)
        } catch {
            cluster.logger.error("request failed", metadata: ["error.type": "\(type(of: error))", "path": "\(request.uri.path)"])
            return Self.error(.internalError("\(error)"))
        }
    }

    func handle(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let query = APIRequest.parseQuery(String(request.uri.query ?? ""))
        let method = request.method.rawValue

        // Endpoints that need no credentials.
        switch path {
        case "/healthz", "/livez", "/readyz":
            return Self.text("ok")
        case "/.well-known/oauth-authorization-server" where cluster.flavor == .openshift:
            return Self.json(OAuthServer(cluster: cluster).metadata())
        default:
            break
        }
        if cluster.flavor == .openshift && (path.hasPrefix("/oauth/") || path == "/login") {
            var request = request
            let body = try await Self.collect(&request)
            return OAuthServer(cluster: cluster).handle(method: method, path: path, query: query, headers: request.headers, body: body)
        }

        // Authentication: a bearer token, or anonymous.
        let authenticated: UserInfo?
        if let header = request.headers[.authorization] {
            authenticated = header.lowercased().hasPrefix("bearer ")
                ? cluster.authenticate(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) : nil
        } else {
            authenticated = UserInfo(name: "system:anonymous", groups: ["system:unauthenticated"])
        }
        let info = RequestInfo.parse(method: method, path: path, isWatchQuery: query["watch"] == "true" || query["watch"] == "1")
        // Counted at the server: every request past this point, refused or not.
        let namespacedKind = info.isResourceRequest
            && cluster.catalog.lookup(group: info.group, version: info.version, resource: info.resource)?.namespaced == true
        cluster.requests.record(
            RecordedRequest(method: method, info: info, query: String(request.uri.query ?? ""), user: authenticated?.name, isNamespacedKind: namespacedKind)
        )
        guard let requester = authenticated else { throw APIError.unauthorized }
        // Concurrency per user, as priority and fairness limits it; long-running requests are exempt.
        let counted = !InFlightRequests.isLongRunning(info)
        if counted {
            guard cluster.inFlight.acquire(requester.name, limit: cluster.options.maxInFlightPerUser) else { throw APIError.tooManyRequests() }
        }
        defer { if counted { cluster.inFlight.release(requester.name) } }
        let user = try Impersonation.effectiveUser(requester, headers: request.headers, rbac: cluster.rbac)

        var mutable = request
        let body = try await Self.collect(&mutable)
        let api = APIRequest(
            method: method, path: path, query: query, accept: request.headers[.accept] ?? "",
            contentType: request.headers[.contentType] ?? "application/json", body: body, info: info, user: user,
            rawQuery: String(request.uri.query ?? "")
        )

        if let fault = cluster.faults.take(verb: info.verb, resource: info.resource) {
            if case .status(let code) = fault {
                throw Self.faultError(code)
            }
            if info.verb == "watch" { return try await WatchHandler(cluster: cluster, request: api, fault: fault).response() }
        }

        try authorize(api)

        if !info.isResourceRequest {
            return try nonResource(api)
        }
        let response = try await ResourceHandler(cluster: cluster, request: api).response()
        // With --state, a write is acknowledged only once it is on disk (group commit: one flush for many writers).
        if let wal = cluster.wal, ["create", "update", "patch", "delete", "deletecollection"].contains(info.verb) {
            await wal.waitDurable(cluster.storage.resourceVersion)
        }
        return response
    }

    static func faultError(_ code: Int) -> APIError {
        switch code {
        case 429: return .tooManyRequests()
        case 410: return .gone("too old resource version: 1 (2)")
        case 404: return .notFoundPath()
        case 401: return .unauthorized
        case 403: return APIError(.forbidden, message: "forbidden by an injected fault")
        default: return APIError(KubeStatus(code: code, reason: code >= 500 ? "InternalError" : "BadRequest", message: "injected fault: HTTP \(code)"))
        }
    }

    static func collect(_ request: inout Request) async throws -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: maximumBodySize)
            return Array(buffer.readableBytesView)
        } catch {
            throw APIError(.requestEntityTooLarge, message: "Request entity too large: limit is \(maximumBodySize)")
        }
    }

    /// RBAC, as the real authorizer applies it (`system:masters` always passes).
    func authorize(_ r: APIRequest) throws(APIError) {
        if r.user.groups.contains("system:masters") { return }
        let attributes: RequestAttributes
        if r.info.isResourceRequest {
            var name = r.info.name
            if r.info.resource == "namespaces" && r.info.verb == "create" { name = "" }
            attributes = .resource(
                verb: r.info.verb, group: r.info.group, version: r.info.version, resource: r.info.resource,
                subresource: r.info.subresource, namespace: r.info.resource == "namespaces" ? r.info.name : r.info.namespace, name: name
            )
        } else {
            attributes = .nonResource(verb: r.info.verb, path: r.path)
        }
        // OpenShift lets every user list the projects they can see; the list is filtered later.
        if r.info.group == "project.openshift.io" && r.info.resource == "projects" && (r.info.verb == "list" || r.info.verb == "watch") {
            return
        }
        let decision = cluster.rbac.authorize(user: r.user, attributes: attributes)
        if decision.allowed { return }
        if r.info.isResourceRequest {
            throw APIError.forbidden(
                user: r.user.name, verb: r.info.verb, gr: GroupResource(group: r.info.group, resource: r.info.subresource.isEmpty ? r.info.resource : "\(r.info.resource)/\(r.info.subresource)"),
                name: r.info.name, namespace: r.info.resource == "namespaces" ? "" : r.info.namespace
            )
        }
        throw APIError.forbiddenPath(user: r.user.name, verb: r.info.verb, path: r.path)
    }

    func nonResource(_ r: APIRequest) throws -> Response {
        let discovery = Discovery(cluster: cluster)
        switch r.path {
        case "/version", "/version/":
            return Self.json(discovery.version())
        case "/api", "/api/":
            if Discovery.wantsAggregated(r.accept) {
                let ct = Discovery.aggregatedContentType(r.accept)
                return Self.json(discovery.aggregated(legacy: true, contentType: ct), contentType: ct)
            }
            return Self.json(discovery.apiVersions())
        case "/apis", "/apis/":
            if Discovery.wantsAggregated(r.accept) {
                let ct = Discovery.aggregatedContentType(r.accept)
                return Self.json(discovery.aggregated(legacy: false, contentType: ct), contentType: ct)
            }
            return Self.json(discovery.apiGroupList())
        case "/openapi/v3", "/openapi/v3/":
            return Self.json(OpenAPIDocuments(cluster: cluster).index())
        case "/openapi/v2":
            // kubectl asks for the gnostic protobuf form; an empty Document (no definitions) is valid protobuf and
            // makes client-side validation skip kinds it has no schema for, as it does for kinds a server does not
            // describe. JSON clients get the definitions.
            if r.accept.contains("protobuf") && !r.accept.contains("json") {
                return Self.bytes([], contentType: "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
            }
            return Self.json(OpenAPIDocuments(cluster: cluster).swagger())
        default:
            break
        }
        if r.path.hasPrefix("/openapi/v3/") {
            let gv = String(r.path.dropFirst("/openapi/v3/".count))
            guard let doc = OpenAPIDocuments(cluster: cluster).document(for: gv) else { throw APIError.notFoundPath() }
            return Self.json(doc)
        }
        let parts = r.path.split(separator: "/").map(String.init)
        if parts.count == 2, parts[0] == "api" {
            guard parts[1] == "v1" else { throw APIError.notFoundPath() }
            return Self.json(discovery.resourceList(group: "", version: "v1"))
        }
        if parts.count == 2, parts[0] == "apis" {
            guard let group = discovery.apiGroup(parts[1]) else { throw APIError.notFoundPath() }
            return Self.json(group)
        }
        if parts.count == 3, parts[0] == "apis" {
            guard cluster.catalog.groups.contains(where: { $0.name == parts[1] && $0.versions.contains(parts[2]) }) else {
                throw APIError.notFoundPath()
            }
            return Self.json(discovery.resourceList(group: parts[1], version: parts[2]))
        }
        throw APIError.notFoundPath()
    }

    // MARK: Responses

    static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> Response {
        bytes(JSONWriter.write(value), status: status, contentType: contentType)
    }

    static func bytes(_ bytes: [UInt8], status: Int = 200, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, private"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ s: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> Response {
        bytes(Array(s.utf8), status: status, contentType: contentType)
    }

    static func error(_ e: APIError) -> Response {
        var r = json(e.status.json, status: e.code)
        if e.code == 429 { r.headers[.retryAfter] = "1" }
        return r
    }
}
