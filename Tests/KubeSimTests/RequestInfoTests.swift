import Testing

@testable import KubeSim

/// `RequestInfo.parse`, checked against what the real API server's request-info factory derives from a path.
@Suite struct RequestInfoTests {
    private func parse(_ method: String, _ path: String, watch: Bool = false) -> RequestInfo {
        RequestInfo.parse(method: method, path: path, isWatchQuery: watch)
    }

    // MARK: Resource paths

    @Test func coreNamespacedCollection() {
        #expect(
            parse("GET", "/api/v1/namespaces/ns/pods")
                == RequestInfo(
                    isResourceRequest: true, path: "/api/v1/namespaces/ns/pods", verb: "list", prefix: "api", group: "",
                    version: "v1", namespace: "ns", resource: "pods", subresource: "", name: ""
                )
        )
    }

    @Test func coreNamespacedObject() {
        let info = parse("GET", "/api/v1/namespaces/ns/pods/web")
        #expect(info.isResourceRequest)
        #expect(info.verb == "get")
        #expect(info.prefix == "api")
        #expect(info.group == "")
        #expect(info.version == "v1")
        #expect(info.namespace == "ns")
        #expect(info.resource == "pods")
        #expect(info.name == "web")
        #expect(info.subresource == "")
    }

    @Test func coreClusterScoped() {
        let list = parse("GET", "/api/v1/nodes")
        #expect(list.isResourceRequest)
        #expect(list.namespace == "")
        #expect(list.resource == "nodes")
        #expect(list.name == "")
        #expect(list.verb == "list")

        let get = parse("GET", "/api/v1/nodes/node-1/status")
        #expect(get.namespace == "")
        #expect(get.resource == "nodes")
        #expect(get.name == "node-1")
        #expect(get.subresource == "status")
        #expect(get.verb == "get")
    }

    @Test func allNamespacesList() {
        let info = parse("GET", "/api/v1/pods")
        #expect(info.namespace == "")
        #expect(info.resource == "pods")
        #expect(info.verb == "list")
    }

    @Test func groupNamespacedWithSubresource() {
        #expect(
            parse("PUT", "/apis/apps/v1/namespaces/ns/deployments/web/status")
                == RequestInfo(
                    isResourceRequest: true, path: "/apis/apps/v1/namespaces/ns/deployments/web/status", verb: "update",
                    prefix: "apis", group: "apps", version: "v1", namespace: "ns", resource: "deployments",
                    subresource: "status", name: "web"
                )
        )
    }

    @Test func groupClusterScoped() {
        let info = parse("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin")
        #expect(info.isResourceRequest)
        #expect(info.prefix == "apis")
        #expect(info.group == "rbac.authorization.k8s.io")
        #expect(info.version == "v1")
        #expect(info.namespace == "")
        #expect(info.resource == "clusterroles")
        #expect(info.name == "admin")
        #expect(info.verb == "get")
    }

    @Test func groupCollection() {
        let info = parse("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
        #expect(info.isResourceRequest)
        #expect(info.group == "apiextensions.k8s.io")
        #expect(info.resource == "customresourcedefinitions")
        #expect(info.verb == "list")
    }

    @Test func podLogSubresource() {
        let info = parse("GET", "/api/v1/namespaces/ns/pods/p/log")
        #expect(info.namespace == "ns")
        #expect(info.resource == "pods")
        #expect(info.name == "p")
        #expect(info.subresource == "log")
        #expect(info.verb == "get")
    }

    @Test func serviceAccountTokenSubresource() {
        let info = parse("POST", "/api/v1/namespaces/ns/serviceaccounts/default/token")
        #expect(info.resource == "serviceaccounts")
        #expect(info.name == "default")
        #expect(info.subresource == "token")
        #expect(info.verb == "create")
    }

    // MARK: Namespaces themselves

    @Test func namespacesCollection() {
        let info = parse("GET", "/api/v1/namespaces")
        #expect(info.isResourceRequest)
        #expect(info.resource == "namespaces")
        #expect(info.namespace == "")
        #expect(info.name == "")
        #expect(info.verb == "list")
    }

    @Test func namedNamespace() {
        let info = parse("GET", "/api/v1/namespaces/foo")
        #expect(info.resource == "namespaces")
        #expect(info.name == "foo")
        #expect(info.namespace == "foo")
        #expect(info.subresource == "")
        #expect(info.verb == "get")
        #expect(parse("DELETE", "/api/v1/namespaces/foo").verb == "delete")
    }

    @Test func namespaceStatusAndFinalize() {
        let status = parse("PUT", "/api/v1/namespaces/foo/status")
        #expect(status.resource == "namespaces")
        #expect(status.name == "foo")
        #expect(status.namespace == "foo")
        #expect(status.subresource == "status")
        #expect(status.verb == "update")

        let finalize = parse("PUT", "/api/v1/namespaces/foo/finalize")
        #expect(finalize.resource == "namespaces")
        #expect(finalize.name == "foo")
        #expect(finalize.subresource == "finalize")
    }

    @Test func resourceInsideANamespaceIsNotTheNamespace() {
        let info = parse("GET", "/api/v1/namespaces/foo/configmaps")
        #expect(info.namespace == "foo")
        #expect(info.resource == "configmaps")
        #expect(info.name == "")
        #expect(info.subresource == "")
    }

    // MARK: Watch

    @Test func legacyWatchPrefix() {
        let info = parse("GET", "/api/v1/watch/namespaces/ns/pods")
        #expect(info.isResourceRequest)
        #expect(info.verb == "watch")
        #expect(info.namespace == "ns")
        #expect(info.resource == "pods")
        #expect(info.name == "")

        let named = parse("GET", "/apis/apps/v1/watch/namespaces/ns/deployments/web")
        #expect(named.verb == "watch")
        #expect(named.group == "apps")
        #expect(named.resource == "deployments")
        #expect(named.name == "web")

        let clusterWide = parse("GET", "/api/v1/watch/pods")
        #expect(clusterWide.verb == "watch")
        #expect(clusterWide.namespace == "")
        #expect(clusterWide.resource == "pods")
    }

    @Test func watchQuery() {
        #expect(parse("GET", "/api/v1/namespaces/ns/pods", watch: true).verb == "watch")
        #expect(parse("GET", "/api/v1/pods", watch: true).verb == "watch")
        #expect(parse("GET", "/api/v1/namespaces/ns/pods", watch: false).verb == "list")
    }

    /// The real server only turns `get` into `watch` when the path names no object: `GET .../pods/p?watch=true` is a
    /// `get` there (kubectl watches a single object with a `metadata.name` field selector on the collection).
    @Test func watchQueryOnANamedObjectIsAGet() {
        let info = parse("GET", "/api/v1/namespaces/ns/pods/p", watch: true)
        #expect(info.verb == "get")
    }

    // MARK: Verbs

    @Test func verbsFromMethods() {
        let collection = "/apis/apps/v1/namespaces/ns/deployments"
        let object = "/apis/apps/v1/namespaces/ns/deployments/web"
        #expect(parse("GET", collection).verb == "list")
        #expect(parse("GET", object).verb == "get")
        #expect(parse("HEAD", collection).verb == "list")
        #expect(parse("HEAD", object).verb == "get")
        #expect(parse("POST", collection).verb == "create")
        #expect(parse("PUT", object).verb == "update")
        #expect(parse("PATCH", object).verb == "patch")
        #expect(parse("DELETE", object).verb == "delete")
        #expect(parse("DELETE", collection).verb == "deletecollection")
    }

    @Test func methodsAreCaseInsensitive() {
        #expect(parse("get", "/api/v1/namespaces/ns/pods").verb == "list")
        #expect(parse("delete", "/api/v1/namespaces/ns/pods").verb == "deletecollection")
        #expect(parse("Patch", "/api/v1/namespaces/ns/pods/p").verb == "patch")
    }

    @Test func unknownMethodIsLowercased() {
        #expect(parse("OPTIONS", "/api/v1/namespaces/ns/pods").verb == "options")
    }

    @Test func extraSlashesAreIgnored() {
        let info = parse("GET", "//api/v1//namespaces/ns/pods/")
        #expect(info.isResourceRequest)
        #expect(info.namespace == "ns")
        #expect(info.resource == "pods")
        #expect(info.verb == "list")
    }

    // MARK: Non-resource paths

    @Test(arguments: ["/", "/api", "/api/", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/healthz", "/openapi/v3", "/readyz/ping"])
    func nonResourcePaths(_ path: String) {
        let info = parse("GET", path)
        #expect(!info.isResourceRequest)
        #expect(info.path == path)
        #expect(info.verb == "get")
        #expect(info.group == "")
        #expect(info.version == "")
        #expect(info.namespace == "")
        #expect(info.resource == "")
        #expect(info.name == "")
    }

    @Test func nonResourceVerbIsTheLowercasedMethod() {
        #expect(parse("POST", "/version").verb == "post")
        #expect(parse("DELETE", "/api").verb == "delete")
        #expect(parse("GET", "/version").prefix == "")
        #expect(parse("GET", "/apis/apps").prefix == "apis")
    }

    @Test func pathsThatOnlyLookLikeAPIPaths() {
        #expect(!parse("GET", "/apifoo/v1/pods").isResourceRequest)
        #expect(!parse("GET", "/v1/api/pods").isResourceRequest)
    }
}
