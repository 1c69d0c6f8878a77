import AsyncHTTPClient
import Foundation
import KubeTypes
import Logging
import MeshSim
import NIOCore
import NIOHTTP1
import PromClient
import ServiceLifecycle
import SimTestSupport
import SkoposDemo
import SkoposModel
import Testing

/// The demo as `make demo` runs it, in-process: simulated clusters, live telemetry, a real Prometheus per cluster
/// and a federating one. Scrapes every second here (5 s in the demo) to keep the test short.
@Suite("Live demo with federation", .timeLimit(.minutes(4)))
struct LiveDemoTests {
    @Test("The federated Prometheus has every cluster pair; a fault shows up as 503s; everything stops")
    func federationAndFault() async throws {
        _ = try TestPrometheus.tools()
        try await withHTTPClient { httpClient in
            try await withTemporaryDirectory { dir in
                let (reports, continuation) = AsyncStream<DemoReport>.makeStream()
                let options = DemoOptions(
                    directory: dir, scenario: DefaultScenario.load(), scrapeInterval: 1, auth: .anonymous, consolePort: 20101, consoleExecutable: SimProcess.binary)
                let demo = Demo(options: options, httpClient: httpClient) { report in
                    continuation.yield(report)
                }
                var logger = Logger(label: "test.demo")
                logger.logLevel = .error
                let group = ServiceGroup(configuration: .init(services: [demo], logger: logger))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    var iterator = reports.makeAsyncIterator()
                    let report = try #require(await iterator.next())
                    do {
                        try await check(report, dir: dir, httpClient: httpClient)
                    } catch {
                        await group.triggerGracefulShutdown()
                        throw error
                    }
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
                // Every Prometheus (and its watchdog) is gone.
                #expect(await ProcessTable.waitUntilGone(dir + "/prometheus").isEmpty)
            }
        }
    }

    func check(_ report: DemoReport, dir: String, httpClient: HTTPClient) async throws {
        // demo.json, as conventions §4 says (console and tracing do not exist yet).
        let json = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/demo.json"))))
        #expect(json[path: ["prometheus", "federated"]]?.stringValue == report.federatedPrometheus)
        #expect(json[path: ["prometheus", "east"]]?.stringValue != nil && json[path: ["prometheus", "west"]]?.stringValue != nil)
        #expect(json["kubeconfig"]?.stringValue == dir + "/kubeconfig")
        #expect(json["users"]?.arrayValue?.first?["name"] == "admin")
        #expect(!report.federatedPrometheus.hasSuffix(":9090"))

        let federated = PrometheusClient(url: report.federatedPrometheus, httpClient: httpClient)
        // The seed's aggregated query answers non-zero rows for east→east, east→west and west→west.
        let rows = try await TestPrometheus.eventually(federated, "sum(rate(istio_requests_total[1m])) by (source_cluster,destination_cluster)") { rows in
            [("east", "east"), ("east", "west"), ("west", "west")].allSatisfy { pair in
                (rows.value(["source_cluster": pair.0, "destination_cluster": pair.1]) ?? 0) > 0
            }
        }
        #expect(rows.count == 4)
        // Federation carries both clusters' series: each cluster's proxies report their own side.
        let sides = try await federated.query(#"count(istio_requests_total{reporter="destination"}) by (destination_cluster)"#).samples
        #expect(Set(sides.compactMap { $0.metric["destination_cluster"] }) == ["east", "west"])
        let instances = try await federated.query("count(istio_requests_total) by (instance)").samples
        #expect(instances.count == 2)

        // The console (skopos serve, a child process) answers Kiali's graph with nodes in both clusters and
        // productpage's edge from east to reviews in west.
        // istiod's version through the pod proxy of the demo's clusters.
        let kubectl = Kubectl(kubeconfig: report.kubeconfig, home: dir)
        let istiod = try await kubectl.check(["--context", "west", "get", "pods", "-n", "istio-system", "-l", "app=istiod", "-o", "jsonpath={.items[0].metadata.name}"])
        #expect(try await kubectl.check(["--context", "west", "get", "--raw", "/api/v1/namespaces/istio-system/pods/\(istiod):15014/proxy/version"]) == "1.24.2")

        let console = try #require(report.console)
        #expect(json["console"]?.stringValue == console)
        try await checkConsoleGraph(console, httpClient: httpClient)
        // The Overview's namespaces: bookinfo in east and in west.
        let listed = try await httpClient.execute(HTTPClientRequest(url: console + "api/namespaces"), timeout: .seconds(30))
        let namespaces = try JSONParser.parse(String(buffer: try await listed.body.collect(upTo: 1 << 22))).arrayValue ?? []
        #expect(listed.status == .ok)
        #expect(Set(namespaces.filter { $0["name"] == "bookinfo" }.compactMap { $0["cluster"]?.stringValue }) == ["east", "west"], "\(namespaces)")

        // Switch a fault on: reviews-v3 in west answers 503 to every request.
        var request = HTTPClientRequest(url: report.faults + "/west/bookinfo/reviews-v3")
        request.method = .PUT
        request.body = .bytes(ByteBuffer(string: #"{"code": 503, "percent": 100}"#))
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        #expect(response.status == .ok)
        // Reported by reviews-v3 (west) and by its callers in east, and all of it reaches the federated endpoint.
        let west = PrometheusClient(url: try #require(report.prometheus["west"]), httpClient: httpClient)
        _ = try await TestPrometheus.eventually(west, #"sum(istio_requests_total{reporter="destination",destination_workload="reviews-v3",response_code="503"})"#) {
            ($0.first?.value ?? 0) > 0
        }
        let bySide = try await TestPrometheus.eventually(
            federated, #"sum(rate(istio_requests_total{destination_workload="reviews-v3",response_code=~"5.."}[1m])) by (reporter, source_cluster)"#
        ) { rows in
            (rows.value(["reporter": "source", "source_cluster": "east"]) ?? 0) > 0 && (rows.value(["reporter": "destination", "source_cluster": "east"]) ?? 0) > 0
        }
        #expect(bySide.count >= 2)
        // Other workloads keep answering 200, and only 200: reviews-v2's requests are there, none of them failed.
        let healthy = try await federated.query(#"sum by (response_code) (istio_requests_total{reporter="destination",destination_workload="reviews-v2"})"#).samples
        #expect(healthy.map { $0.metric["response_code"] } == ["200"], "\(healthy)")
        #expect((healthy.first?.value ?? 0) > 0)
        // A fault on a workload the scenario does not have is refused with the reason.
        var bad = HTTPClientRequest(url: report.faults + "/west/bookinfo/reviews-v9")
        bad.method = .PUT
        let refused = try await httpClient.execute(bad, timeout: .seconds(10))
        let reason = String(buffer: try await refused.body.collect(upTo: 1 << 16))
        #expect(refused.status == .notFound)
        #expect(reason.contains("no workload \\\"reviews-v9\\\"") || reason.contains("no workload \"reviews-v9\""), "\(reason)")
    }

    func checkConsoleGraph(_ console: String, httpClient: HTTPClient) async throws {
        let url = console + "api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp"
        var last = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let response = try await httpClient.execute(HTTPClientRequest(url: url + "&queryTime=\(Int(Date().timeIntervalSince1970))"), timeout: .seconds(30))
            last = String(buffer: try await response.body.collect(upTo: 1 << 24))
            if response.status == .ok, let graph = try? JSONParser.parse(last) {
                let nodes = (graph[path: ["elements", "nodes"]]?.arrayValue ?? []).compactMap { $0["data"] }
                let edges = (graph[path: ["elements", "edges"]]?.arrayValue ?? []).compactMap { $0["data"] }
                let byID = Dictionary(nodes.compactMap { n in n["id"]?.stringValue.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
                let clusters = Set(nodes.compactMap { $0["cluster"]?.stringValue })
                let eastToWest = edges.contains { e in
                    guard let s = e["source"]?.stringValue.flatMap({ byID[$0] }), let t = e["target"]?.stringValue.flatMap({ byID[$0] }) else { return false }
                    return s["cluster"] == "east" && s["workload"] == "productpage-v1" && t["cluster"] == "west" && t["app"] == "reviews"
                }
                if clusters.isSuperset(of: ["east", "west"]) && eastToWest { return }
            }
            try await Task.sleep(for: .seconds(1))
        }
        Issue.record("the console's graph never showed both clusters and productpage (east) → reviews (west): \(last.prefix(2000))")
    }
}
