import AsyncHTTPClient
import Foundation
import LocalPrometheus
import PromClient
import SkoposGraph
import Testing

/// Bad input and failing Prometheus give Kiali's status codes with messages that say what was wrong.
@Suite
struct GraphErrorTests {
    static let kube = KubeView(clusters: ["east"], homeCluster: "east") { _, name in name == "bookinfo" ? NamespaceFacts(name: name) : nil }

    @Test("Bad parameter values are 400s naming the parameter", arguments: [
        ("graphType", "nope"), ("duration", "ten"), ("queryTime", "-5"), ("boxBy", "zone"), ("rateTcp", "bytes"), ("appenders", "deadNode,bogus"),
        ("injectServiceNodes", "maybe"), ("refreshInterval", "5"), ("aggregate", "not a label"),
    ])
    func badParameters(name: String, value: String) throws {
        #expect {
            try GraphOptions.parse([("namespaces", "bookinfo"), (name, value)], now: 0)
        } throws: { error in
            guard let e = error as? GraphError else { return false }
            return e.status == 400 && e.message.contains(name == "appenders" ? "bogus" : name == "graphType" ? "graphType" : name)
        }
    }

    @Test("Names that would change the PromQL are refused: no query is built from them")
    func promQLInjection() {
        let hostile = #"x"} or sum(istio_requests_total{destination_workload_namespace="secret"}) #"#
        #expect(throws: GraphError.self) { try GraphOptions.parse([("namespaces", hostile)], now: 0) }
        #expect(throws: GraphError.self) { try GraphOptions.parse([("clusterName", hostile)], route: .workload(namespace: "bookinfo", workload: "w"), now: 0) }
        #expect(throws: GraphError.self) { try GraphOptions.parse([], route: .workload(namespace: "bookinfo", workload: hostile), now: 0) }
        #expect(throws: GraphError.self) { try GraphOptions.parse([("graphType", "app")], route: .app(namespace: "bookinfo", app: "a\"b", version: nil), now: 0) }
        #expect(throws: GraphError.self) { try GraphOptions.parse([], route: .service(namespace: "bookinfo", service: "reviews.*"), now: 0) }
    }

    @Test("Unknown parameter names are ignored unless strict; an empty boolean means the default")
    func strictAndEmpty() throws {
        let lenient = try GraphOptions.parse([("namespaces", "bookinfo"), ("includeAmbient", "true"), ("injectServiceNodes", "")], now: 0)
        #expect(lenient.injectServiceNodes == false)
        #expect {
            try GraphOptions.parse([("namespaces", "bookinfo"), ("includeAmbient", "true")], now: 0, strict: true)
        } throws: { ($0 as? GraphError)?.message == "unsupported query parameter 'includeAmbient'" }
    }

    @Test("An app node graph needs an app graph type; a namespace graph needs namespaces")
    func routeRules() {
        #expect(throws: GraphError.self) { try GraphOptions.parse([("graphType", "workload")], route: .app(namespace: "bookinfo", app: "reviews", version: nil), now: 0) }
        #expect(throws: GraphError.self) { try GraphOptions.parse([], now: 0) }
    }

    @Test("A namespace no cluster shows is a 403; one created after queryTime is a 400")
    func namespaces() async throws {
        let engine = GraphEngine(metrics: MetricsSource { _, _ in [] })
        await #expect {
            _ = try await engine.graphJSON(try GraphOptions.parse([("namespaces", "secret")], now: 1_700_000_000), kube: Self.kube)
        } throws: { ($0 as? GraphError)?.status == 403 }
        let young = KubeView(clusters: ["east"], homeCluster: "east") { _, name in NamespaceFacts(name: name, created: 1_800_000_000) }
        await #expect {
            _ = try await engine.graphJSON(try GraphOptions.parse([("namespaces", "bookinfo"), ("queryTime", "1700000000")], now: 0), kube: young)
        } throws: { ($0 as? GraphError)?.status == 400 }
    }

    @Test("A namespace seen nowhere while a cluster cannot be read is a 503 naming that cluster, not a 403")
    func unreadableCluster() async throws {
        var kube = KubeView(clusters: ["east", "west"], homeCluster: "east") { cluster, name in cluster == "east" && name == "bookinfo" ? NamespaceFacts(name: name) : nil }
        kube.unavailableClusters = ["west": "connection refused"]
        let engine = GraphEngine(metrics: MetricsSource { _, _ in [] })
        await #expect {
            _ = try await engine.graphJSON(try GraphOptions.parse([("namespaces", "travels")], now: 1_700_000_000), kube: kube)
        } throws: { error in
            guard let e = error as? GraphError else { return false }
            return e.status == 503 && e.message.contains("cluster [west] is unreachable: connection refused")
        }
        // A namespace some reachable cluster shows is served.
        _ = try await engine.graphJSON(try GraphOptions.parse([("namespaces", "bookinfo")], now: 1_700_000_000), kube: kube)
    }

    @Test("An unreachable Prometheus is a 503 that names it")
    func unreachablePrometheus() async throws {
        let port = try FreePort.find()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await http.shutdown() } }
        let engine = GraphEngine(metrics: .prometheus(PrometheusClient(url: "http://127.0.0.1:\(port)", httpClient: http)))
        await #expect {
            _ = try await engine.graphJSON(try GraphOptions.parse([("namespaces", "bookinfo")], now: 1_700_000_000), kube: Self.kube)
        } throws: { error in
            guard let e = error as? GraphError else { return false }
            return e.status == 503 && e.message.contains("127.0.0.1:\(port)")
        }
    }
}
