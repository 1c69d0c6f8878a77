/// One request as it reached a simulated API server, described the way the server's authorizer sees it
/// (`k8s.io/apiserver/pkg/endpoints/request.RequestInfo`): for tests that count what a client really sent.
public struct RecordedRequest: Sendable, Equatable {
    /// The HTTP method (`GET`, `POST`, …).
    public var method: String
    /// The Kubernetes verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete` or `deletecollection`; for
    /// a non-resource request (discovery, `/version`, `/openapi/v2`, …) the lower-cased HTTP method.
    public var verb: String
    /// The API group; empty for the core group and for non-resource requests.
    public var group: String
    /// The API version; empty for non-resource requests.
    public var version: String
    /// The resource (`pods`); empty for non-resource requests.
    public var resource: String
    /// The subresource (`status`, `log`, `scale`); empty when none.
    public var subresource: String
    /// The namespace the request is in; `nil` when it is not namespaced (a cluster-wide list or watch, a
    /// cluster-scoped kind, a non-resource request). For `/api/v1/namespaces/NAME` it is NAME, as the server sees it.
    public var namespace: String?
    /// The object's name; `nil` for collection requests (list, watch of a collection, create, deletecollection).
    public var name: String?
    /// The request path, without the query.
    public var path: String
    /// The raw query string, as sent (still percent-encoded); empty when none.
    public var query: String
    /// The authenticated user's name (`system:admin`, `system:anonymous`, …); `nil` when authentication failed
    /// (the request was answered `401 Unauthorized`).
    public var user: String?
    /// Whether this is a resource request (`/api/v1/...`, `/apis/GROUP/VERSION/...` naming a resource) rather than
    /// discovery or another non-resource path.
    public var isResourceRequest: Bool
    /// Whether the resource's objects live in namespaces, as the server serves it (`pods`: true, `nodes`: false);
    /// false for non-resource requests and resources the server does not serve.
    public var isNamespacedKind: Bool

    /// Creates a record.
    public init(
        method: String, verb: String, group: String = "", version: String = "", resource: String = "", subresource: String = "",
        namespace: String? = nil, name: String? = nil, path: String, query: String = "", user: String? = nil, isResourceRequest: Bool,
        isNamespacedKind: Bool = false
    ) {
        self.method = method
        self.verb = verb
        self.group = group
        self.version = version
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
        self.path = path
        self.query = query
        self.user = user
        self.isResourceRequest = isResourceRequest
        self.isNamespacedKind = isNamespacedKind
    }

    /// Records a parsed request.
    init(method: String, info: RequestInfo, query: String, user: String?, isNamespacedKind: Bool) {
        self.init(
            method: method, verb: info.verb, group: info.group, version: info.version, resource: info.resource,
            subresource: info.subresource, namespace: info.namespace.isEmpty ? nil : info.namespace,
            name: info.name.isEmpty ? nil : info.name, path: info.path, query: query, user: user,
            isResourceRequest: info.isResourceRequest, isNamespacedKind: isNamespacedKind
        )
    }

    /// A list or a watch: a read of a whole collection, what an informer does.
    public var isCollectionRead: Bool { verb == "list" || verb == "watch" }
}
