import Foundation
import SimTestSupport
import Testing

@testable import KubeSim

/// The request log: what reached the server, as the authorizer sees it, bounded and in order.
@Suite struct RequestLogTests {
    static func request(_ verb: String, _ resource: String, name: String? = nil) -> RecordedRequest {
        RecordedRequest(
            method: "GET", verb: verb, version: "v1", resource: resource, namespace: "default", name: name,
            path: "/api/v1/namespaces/default/\(resource)" + (name.map { "/\($0)" } ?? ""), isResourceRequest: true,
            isNamespacedKind: true
        )
    }

    @Test func keepsTheNewestInArrivalOrder() {
        let log = RequestLog(capacity: 3)
        #expect(log.snapshot().isEmpty)
        for i in 0..<7 { log.record(Self.request("get", "pods", name: "p\(i)")) }
        #expect(log.count == 3)
        #expect(log.snapshot().map(\.name) == ["p4", "p5", "p6"])
        log.clear()
        #expect(log.snapshot().isEmpty)
        log.record(Self.request("get", "pods", name: "again"))
        #expect(log.snapshot().map(\.name) == ["again"])
    }

    @Test func filtersByVerbAndResource() {
        let log = RequestLog()
        log.record(Self.request("list", "pods"))
        log.record(Self.request("watch", "pods"))
        log.record(Self.request("list", "services"))
        #expect(log.requests(verb: "list").map(\.resource) == ["pods", "services"])
        #expect(log.requests(resource: "pods").map(\.verb) == ["list", "watch"])
        #expect(log.requests(verb: "watch", resource: "services").isEmpty)
        #expect(log.requests().count == 3)
        #expect(log.snapshot().filter(\.isCollectionRead).count == 3)
        #expect(log.collectionReads(outside: ["default"]).isEmpty)
        #expect(log.collectionReads(outside: ["other"]).count == 3)
    }

    static func client(_ sim: RunningSimulator, token: String?) throws -> SimHTTPClient {
        try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: token)
    }

    @Test func recordsEveryRequestThatReachesTheServer() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let cluster = sim.cluster("east")
            let admin = try Self.client(sim, token: cluster.adminToken)
            let anonymous = try Self.client(sim, token: nil)
            let stranger = try Self.client(sim, token: "not-a-token")
            defer {
                Task {
                    try? await admin.shutdown()
                    try? await anonymous.shutdown()
                    try? await stranger.shutdown()
                }
            }
            cluster.requests.clear()

            #expect(try await admin.request("GET", "/api/v1/namespaces/default/pods?limit=500").status == 200)
            let (watchStatus, _) = try await admin.watch("/api/v1/pods?watch=1&timeoutSeconds=1")
            #expect(watchStatus == 200)
            let configMap = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"counted"},"data":{"k":"v"}}"#
            #expect(try await admin.request("POST", "/api/v1/namespaces/default/configmaps", body: configMap).status == 201)
            #expect(try await admin.request("GET", "/api/v1/namespaces/default/configmaps/counted").status == 200)
            #expect(try await admin.request("DELETE", "/api/v1/namespaces/default/configmaps/counted").status == 200)
            #expect(try await admin.request("GET", "/apis/apps/v1/watch/namespaces/default/deployments?timeoutSeconds=1").status == 200)
            #expect(try await admin.request("GET", "/version").status == 200)
            #expect(try await admin.request("GET", "/apis").status == 200)
            #expect(try await admin.request("GET", "/healthz").status == 200)
            #expect(try await anonymous.request("GET", "/api/v1/namespaces/default/pods").status == 403)
            #expect(try await stranger.request("GET", "/api/v1/pods").status == 401)

            let log = cluster.requests.snapshot()
            #expect(
                log.map { "\($0.verb) \($0.path)" } == [
                    "list /api/v1/namespaces/default/pods",
                    "watch /api/v1/pods",
                    "create /api/v1/namespaces/default/configmaps",
                    "get /api/v1/namespaces/default/configmaps/counted",
                    "delete /api/v1/namespaces/default/configmaps/counted",
                    "watch /apis/apps/v1/watch/namespaces/default/deployments",
                    "get /version",
                    "get /apis",
                    "list /api/v1/namespaces/default/pods",
                    "list /api/v1/pods",
                ]
            )
            #expect(
                log.first
                    == RecordedRequest(
                        method: "GET", verb: "list", group: "", version: "v1", resource: "pods", subresource: "", namespace: "default",
                        name: nil, path: "/api/v1/namespaces/default/pods", query: "limit=500", user: "system:admin", isResourceRequest: true,
                        isNamespacedKind: true
                    )
            )
            #expect(
                cluster.requests.requests(verb: "watch", resource: "pods")
                    == [
                        RecordedRequest(
                            method: "GET", verb: "watch", version: "v1", resource: "pods", namespace: nil, path: "/api/v1/pods",
                            query: "watch=1&timeoutSeconds=1", user: "system:admin", isResourceRequest: true, isNamespacedKind: true
                        )
                    ]
            )
            let deployments = try #require(cluster.requests.requests(resource: "deployments").first)
            #expect(deployments.group == "apps" && deployments.namespace == "default" && deployments.verb == "watch")
            let created = try #require(cluster.requests.requests(verb: "create").first)
            #expect(created.resource == "configmaps" && created.namespace == "default" && created.name == nil && created.method == "POST")
            #expect(cluster.requests.requests(verb: "get", resource: "configmaps").map(\.name) == ["counted"])

            let version = try #require(log.first { $0.path == "/version" })
            #expect(!version.isResourceRequest && version.namespace == nil && version.resource.isEmpty)

            // Refused requests were counted too: by RBAC (the anonymous user) and by authentication (no user).
            #expect(log.suffix(2).map(\.user) == ["system:anonymous", nil])

            // What a test of namespace-scoped informers asks: which lists and watches left namespace "default"?
            #expect(cluster.requests.collectionReads(outside: ["default"]).map(\.path) == ["/api/v1/pods", "/api/v1/pods"])
            #expect(cluster.requests.collectionReads(outside: ["default"]).map(\.user) == ["system:admin", nil])
            #expect(cluster.requests.collectionReads(outside: []).count == 5)

            // Cluster-scoped kinds are never "outside".
            #expect(try await admin.request("GET", "/api/v1/nodes").status == 200)
            #expect(try await admin.request("GET", "/api/v1/namespaces").status == 200)
            #expect(cluster.requests.collectionReads(outside: ["default"]).count == 2)
            #expect(cluster.requests.requests(resource: "nodes").map(\.isNamespacedKind) == [false])
        }
    }
}
