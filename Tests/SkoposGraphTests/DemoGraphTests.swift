import AsyncHTTPClient
import Foundation
import KubeClient
import LocalPrometheus
import MeshSim
import PromClient
import SimTestSupport
import SkoposGraph
import SkoposModel
import Testing

/// The demo scenario's graph from a real Prometheus holding backfilled history, at a fixed time, over simulated east
/// and west clusters: exact figures for known edges.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DemoGraphTests {
    static let start = 1_700_000_000
    static let at = Int64(start + 600)

    @Test("Bookinfo across east and west: productpage's edges to every reviews, a faulty edge's error rate, cluster boxes")
    func demoScenarioGraph() async throws {
        let tools = try PrometheusTools.locate()
        let scenario = DefaultScenario.load()
        let topology = MeshTopology(scenario)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await http.shutdown() } }
        try await withTemporaryDirectory { dir in
            let file = dir + "/history.om"
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: file))
            try Backfill(start: Self.start, interval: 5, steps: 180, metrics: [.requestsTotal, .tcpSentBytes, .tcpReceivedBytes]).openMetrics(topology) { chunk in
                try handle.write(contentsOf: Data(chunk.utf8))
            }
            try handle.close()
            try await tools.createBlocks(from: file, into: dir + "/prometheus/data")
            let prometheus = try await LocalPrometheus.start(
                name: "backfill", tools: tools, configuration: PrometheusConfig.empty(), directory: dir + "/prometheus", httpClient: http)
            defer { Task { await prometheus.stop() } }

            // The clusters existed before the history: Go's zero creation time, as Kiali's tests leave it.
            var objects: [String: [JSONValue]] = [:]
            for cluster in ["east", "west"] {
                objects[cluster] = ScenarioManifests.objects(for: cluster, in: scenario).map { o in
                    guard o["kind"]?.stringValue == "Namespace", var m = o["metadata"]?.objectValue else { return o }
                    m["creationTimestamp"] = "2020-01-01T00:00:00Z"
                    var copy = o.objectValue ?? [:]
                    copy["metadata"] = .object(m)
                    return .object(copy)
                }
            }
            let url = prometheus.url
            let (json, afterWestDown): (JSONValue, JSONValue) = try await MeshHarness.withClusters(objects, home: "east") { registry, running in
                let engine = GraphEngine(metrics: .prometheus(PrometheusClient(url: url, httpClient: http)))
                let query = QueryStringItems.parse(
                    "namespaces=bookinfo&graphType=versionedApp&boxBy=cluster,app&duration=60s&appenders=deadNode,serviceEntry,meshCheck,workloadEntry"
                        + "&rateTcp=sent&ambientTraffic=none&queryTime=\(Self.at)")
                let options = try GraphOptions.parse(query, now: 0)
                let first = try JSONParser.parse(try await engine.graphJSON(options, kube: .snapshot(registry.snapshot())))
                // West goes down (graph.md §11 [FIX]): the graph is still built, from telemetry and what is cached.
                await running["west"]?.stop()
                let deadline = ContinuousClock.now + .seconds(30)
                while registry.statuses.first(where: { $0.name == "west" })?.reachable == true, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                }
                let second = try JSONParser.parse(try await engine.graphJSON(options, kube: .snapshot(registry.snapshot())))
                return (first, second)
            }
            let westNodes = (afterWestDown[path: ["elements", "nodes"]]?.arrayValue ?? []).filter { $0[path: ["data", "cluster"]]?.stringValue == "west" }
            #expect(!westNodes.isEmpty, "with west unreachable the graph still shows west's nodes from telemetry")
            let nodes = (json[path: ["elements", "nodes"]]?.arrayValue ?? []).compactMap { $0["data"] }
            let edges = (json[path: ["elements", "edges"]]?.arrayValue ?? []).compactMap { $0["data"] }
            func node(_ cluster: String, _ workload: String) -> JSONValue? {
                nodes.first { $0["cluster"]?.stringValue == cluster && $0["workload"]?.stringValue == workload && $0["nodeType"]?.stringValue == "app" }
            }
            func edge(_ from: JSONValue?, _ to: JSONValue?) -> JSONValue? {
                guard let s = from?["id"]?.stringValue, let t = to?["id"]?.stringValue else { return nil }
                return edges.first { $0["source"]?.stringValue == s && $0["target"]?.stringValue == t }
            }
            let productpage = node("east", "productpage-v1")
            #expect(productpage != nil, "nodes: \(nodes.map { "\($0["cluster"]?.stringValue ?? "")/\($0["workload"]?.stringValue ?? $0["isBox"]?.stringValue ?? "")" })")
            // productpage (east) sends 8 rps to reviews, a quarter to each reviews in both clusters.
            for (cluster, workload) in [("east", "reviews-v1"), ("east", "reviews-v2"), ("west", "reviews-v2"), ("west", "reviews-v3")] {
                let e = edge(productpage, node(cluster, workload))
                #expect(e?[path: ["traffic", "rates", "http"]]?.stringValue == "2.00", "productpage → \(cluster)/\(workload): \(String(describing: e))")
            }
            // kiali#6492: incoming cross-cluster traffic shows on the west node itself.
            let v3In = (node("west", "reviews-v3")?["traffic"]?.arrayValue ?? []).first { $0["protocol"]?.stringValue == "http" }?[path: ["rates", "httpIn"]]?.stringValue
            #expect(v3In == "2.00", "reviews-v3 (west) incoming: \(String(describing: v3In))")
            // details answers 5% of its 8 rps with 503.
            let details = edge(productpage, node("east", "details-v1"))
            #expect(details?[path: ["traffic", "rates", "http"]]?.stringValue == "8.00")
            #expect(details?[path: ["traffic", "rates", "httpPercentErr"]]?.stringValue == "5.0")
            #expect(details?[path: ["traffic", "rates", "http5xx"]]?.stringValue == "0.40")
            // One box per cluster, and every bookinfo node inside its own cluster's box.
            let boxes = nodes.filter { $0["isBox"]?.stringValue == "cluster" }
            #expect(Set(boxes.compactMap { $0["cluster"]?.stringValue }) == ["east", "west"])
            let westBox = boxes.first { $0["cluster"]?.stringValue == "west" }?["id"]?.stringValue
            let reviewsV3 = node("west", "reviews-v3")
            let parentOfV3 = reviewsV3?["parent"]?.stringValue
            let v3Box = nodes.first { $0["id"]?.stringValue == parentOfV3 }
            #expect(v3Box?["parent"]?.stringValue == westBox || parentOfV3 == westBox)
        }
    }
}

/// `a=1&b` as ordered query items (tests).
enum QueryStringItems {
    static func parse(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&").map { item in
            let p = item.split(separator: "=", maxSplits: 1).map(String.init)
            return (p[0], p.count > 1 ? p[1] : "")
        }
    }
}
