import AsyncHTTPClient
import Foundation
import KubeSim
import Logging
import MeshSim
import NIOCore
import NIOHTTP1
import PromClient
import ServiceLifecycle
import SimTestSupport
import SkoposDemo
import SkoposGraph
import SkoposModel
import Synchronization

/// Graph benchmarks (figures only): a synthetic mesh of 2,000 namespaces, Kiali's Bookinfo case, 50 concurrent
/// identical requests, and the demo end to end with real Prometheus. Each runs in a process of its own.
enum GraphBench {
    // MARK: - Synthetic: 2,000 namespaces, 20,000 nodes, 100,000 edges

    static let namespaces = 2_000
    static let appsPerNamespace = 10

    /// Samples of one edge from workload `a` of namespace `i` to workload `b` of namespace `k`.
    static func sample(_ i: Int, _ a: Int, _ k: Int, _ b: Int) -> MetricSample {
        MetricSample(labels: [
            "source_cluster": "east", "source_workload_namespace": "ns-\(i)", "source_workload": "app-\(a)-v1", "source_canonical_service": "app-\(a)",
            "source_canonical_revision": "v1", "destination_cluster": "east", "destination_service_namespace": "ns-\(k)",
            "destination_service": "app-\(b).ns-\(k).svc.cluster.local", "destination_service_name": "app-\(b)", "destination_workload_namespace": "ns-\(k)",
            "destination_workload": "app-\(b)-v1", "destination_canonical_service": "app-\(b)", "destination_canonical_revision": "v1",
            "request_protocol": "http", "response_code": a == b ? "503" : "200", "grpc_response_status": "", "response_flags": "-",
        ], value: 1.5)
    }

    /// Incoming and outgoing samples per namespace: 40 edges inside each namespace and 10 to the next one.
    static func syntheticTelemetry() -> (incoming: [String: [MetricSample]], outgoing: [String: [MetricSample]]) {
        var incoming: [String: [MetricSample]] = [:], outgoing: [String: [MetricSample]] = [:]
        for i in 0..<namespaces {
            for a in 0..<appsPerNamespace {
                for step in 1...4 {
                    let s = sample(i, a, i, (a + step) % appsPerNamespace)
                    incoming["ns-\(i)", default: []].append(s)
                    outgoing["ns-\(i)", default: []].append(s)
                }
                let k = (i + 1) % namespaces
                let s = sample(i, a, k, a)
                outgoing["ns-\(i)", default: []].append(s)
                incoming["ns-\(k)", default: []].append(s)
            }
        }
        return (incoming, outgoing)
    }

    /// The namespace a matcher names, e.g. `source_workload_namespace="ns-12"`.
    static func namespace(after marker: String, in query: String) -> String? {
        guard let r = query.range(of: marker) else { return nil }
        return String(query[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Answers the engine's traffic queries from the synthetic telemetry, as Prometheus would.
    static func answer(_ query: String, _ t: (incoming: [String: [MetricSample]], outgoing: [String: [MetricSample]])) -> [MetricSample] {
        if query.contains("istio_tcp") || query.contains(#"destination_workload_namespace="unknown""#) { return [] }
        if let ns = namespace(after: #"reporter="destination",destination_workload_namespace=""#, in: query) { return t.incoming[ns] ?? [] }
        if let ns = namespace(after: #"reporter="source",source_workload_namespace=""#, in: query) { return t.outgoing[ns] ?? [] }
        return []
    }

    static func syntheticKube() -> KubeView {
        let names = Set((0..<namespaces).map { "ns-\($0)" })
        return KubeView(
            clusters: ["east"], homeCluster: "east",
            namespace: { cluster, name in cluster == "east" && names.contains(name) ? NamespaceFacts(name: name) : nil },
            workloads: { cluster, ns in
                guard cluster == "east", names.contains(ns) else { return [] }
                return (0..<appsPerNamespace).map { WorkloadFacts(name: "app-\($0)-v1", namespace: ns, labels: ["app": "app-\($0)", "version": "v1"]) }
            })
    }

    static func options(_ query: String) throws -> GraphOptions {
        let items = query.split(separator: "&").map { item -> (name: String, value: String) in
            let p = item.split(separator: "=", maxSplits: 1).map(String.init)
            return (p[0], p.count > 1 ? p[1] : "")
        }
        return try GraphOptions.parse(items, now: 1_700_000_000)
    }

    static func synthetic(decodeJSON: Bool) async throws {
        let telemetry = syntheticTelemetry()
        // As Prometheus answers: the JSON bytes of each vector, decoded by the client on every query.
        let source: MetricsSource
        if decodeJSON {
            var bytes: [String: [UInt8]] = [:]
            func encode(_ samples: [MetricSample]) -> [UInt8] {
                JSONWriter.write([
                    "status": "success",
                    "data": ["resultType": "vector", "result": .array(samples.map { ["metric": .object($0.labels.mapValues { .string($0) }), "value": [1_700_000_000, .string(String($0.value))]] })],
                ])
            }
            for (ns, s) in telemetry.incoming { bytes["in:" + ns] = encode(s) }
            for (ns, s) in telemetry.outgoing { bytes["out:" + ns] = encode(s) }
            let empty = encode([])
            let canned = bytes
            source = MetricsSource { query, _ throws(GraphError) in
                let key: String
                if query.contains("istio_tcp") || query.contains(#"destination_workload_namespace="unknown""#) {
                    key = ""
                } else if let ns = namespace(after: #"reporter="destination",destination_workload_namespace=""#, in: query) {
                    key = "in:" + ns
                } else if let ns = namespace(after: #"reporter="source",source_workload_namespace=""#, in: query) {
                    key = "out:" + ns
                } else {
                    key = ""
                }
                do {
                    return try PrometheusClient.decodeVector(canned[key] ?? empty).map { MetricSample(labels: $0.metric, value: $0.value) }
                } catch {
                    throw GraphError(.internal, "\(error)")
                }
            }
        } else {
            // Answers remembered by query text, so the fake's own string search is not timed after the first run.
            let memo = Mutex<[String: [MetricSample]]>([:])
            source = MetricsSource { query, _ in
                if let known = memo.withLock({ $0[query] }) { return known }
                let samples = answer(query, telemetry)
                memo.withLock { $0[query] = samples }
                return samples
            }
        }
        let engine = GraphEngine(metrics: source)
        let kube = syntheticKube()
        let list = (0..<namespaces).map { "ns-\($0)" }.joined(separator: ",")
        let appenders = ProcessInfo.processInfo.environment["BENCH_APPENDERS"] ?? "deadNode,serviceEntry,meshCheck,workloadEntry"
        let options = try options("namespaces=\(list)&graphType=versionedApp&appenders=\(appenders)&ambientTraffic=none&queryTime=1700000000")
        var times: [Duration] = []
        var size = 0, nodes = 0, edges = 0
        for run in 0..<4 {
            let clock = ContinuousClock.now
            let map = try await engine.trafficMap(options, kube: kube)
            let built = ContinuousClock.now
            let bytes = CytoscapeWriter.encode(map, header: .init(timestamp: options.queryTime, duration: options.duration, graphType: options.graphType, boxBy: options.boxBy))
            let elapsed = ContinuousClock.now - clock
            if ProcessInfo.processInfo.environment["BENCH_PHASES"] != nil { print("  build \(fmt(built - clock)), encode \(fmt(ContinuousClock.now - built))") }
            if run > 0 { times.append(elapsed) }
            size = bytes.count
            nodes = map.count
            edges = map.edgeCount
        }
        times.sort()
        print(
            "graph, synthetic \(decodeJSON ? "(with Prometheus JSON decoding)" : "(canned vectors)"): \(namespaces) namespaces, \(nodes) nodes, \(edges) edges, versionedApp, appenders deadNode,serviceEntry,meshCheck,workloadEntry: "
                + "built and serialised in \(fmt(times[0])) (median of 3: \(fmt(times[1]))), \(size / 1024 / 1024) MiB of JSON, peak memory \(String(format: "%.0f", CacheBench.peakMemoryMB())) MB")
    }

    // MARK: - Kiali's Bookinfo case

    static func fixtures() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/kiali-graph")
    }

    /// The canned answers and options of a golden case.
    static func goldenCase(_ name: String) throws -> (answers: [String: [MetricSample]], options: GraphOptions, kube: KubeView) {
        let c = try JSONParser.parse(Array(try Data(contentsOf: fixtures().appendingPathComponent("cases/\(name).json"))))
        var answers: [String: [MetricSample]] = [:]
        for mock in c["prometheus"]?.arrayValue ?? [] {
            answers[mock["query"]?.stringValue ?? ""] = (mock["result"]?.arrayValue ?? []).map { s in
                let v: Double = s["value"]?.intValue.map(Double.init) ?? { if case .double(let d) = s["value"] { d } else { 0 } }()
                return MetricSample(labels: (s["metric"]?.objectValue ?? [:]).compactMapValues(\.stringValue), value: v)
            }
        }
        var options = try options(c[path: ["request", "rawQuery"]]?.stringValue ?? "")
        if let ambient = c[path: ["request", "optionOverrides", "Rates.Ambient"]]?.stringValue { options.rates.ambient = Rates.Ambient(rawValue: ambient)! }
        let namespaces = Set((c["kubernetes"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == "Namespace" }.compactMap { $0[path: ["metadata", "name"]]?.stringValue })
        let home = c[path: ["request", "cluster"]]?.stringValue ?? "east"
        let kube = KubeView(clusters: [home], homeCluster: home, namespace: { cluster, name in namespaces.contains(name) ? NamespaceFacts(name: name) : nil })
        return (answers, options, kube)
    }

    static func bookinfo() async throws {
        let (answers, options, kube) = try goldenCase("test_versioned_app_graph")
        let engine = GraphEngine(metrics: MetricsSource { query, _ in answers[query] ?? [] })
        var times: [Duration] = []
        for i in 0..<1_100 {
            let clock = ContinuousClock.now
            _ = try await engine.graphJSON(options, kube: kube)
            if i >= 100 { times.append(ContinuousClock.now - clock) }
        }
        times.sort()
        print("graph, Kiali's Bookinfo case (versionedApp, canned vectors): median \(fmt(times[times.count / 2])), p99 \(fmt(times[times.count * 99 / 100])) over \(times.count) builds")
    }

    // MARK: - 50 concurrent identical requests

    static func concurrent() async throws {
        let (answers, options, kube) = try goldenCase("test_versioned_app_graph")
        let fake = FakePrometheus(answers: answers.mapValues { samples in
            .array(samples.map { ["metric": .object($0.labels.mapValues { .string($0) }), "value": [1_523_364_075, .string(String($0.value))]] })
        })
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        try await fake.run { url in
            let engine = GraphEngine(metrics: .prometheus(PrometheusClient(url: url, httpClient: http)))
            let cache = GraphCache()
            var liveOptions = options
            liveOptions.queryTimeGiven = false
            let live = liveOptions
            let key = GraphCache.Key(options: live, scope: "east:bookinfo")
            let clock = ContinuousClock.now
            let hits = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await cache.graph(key) { () throws(GraphError) in try await engine.graphJSON(live, kube: kube) }.hit }
                }
                var hits = 0
                for try await hit in group where hit { hits += 1 }
                return hits
            }
            let elapsed = ContinuousClock.now - clock
            let perGraph = TrafficQueriesCount.bookinfo
            print("graph cache: 50 concurrent identical requests → \(fake.queries.count) Prometheus queries at the fake Prometheus (one graph needs \(perGraph)); \(hits) served as hits, all answered in \(fmt(elapsed))")
        }
        try await http.shutdown()
    }

    enum TrafficQueriesCount {
        /// One bookinfo namespace with the default rates: 3 request queries and 3 TCP queries.
        static let bookinfo = 6
    }

    // MARK: - The demo, end to end

    static func demo(skopos: String) async throws {
        let dir = NSTemporaryDirectory() + "skopos-bench-demo-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let (ready, continuation) = AsyncStream<DemoReport>.makeStream()
        let options = DemoOptions(
            directory: dir, scenario: DefaultScenario.load(), flavor: .kubernetes, scrapeInterval: 2, auth: .anonymous, consolePort: 20101,
            consoleExecutable: skopos)
        let demo = Demo(options: options, httpClient: http) { continuation.yield($0) }
        var logger = Logger(label: "skopos.bench")
        logger.logLevel = .error
        let group = ServiceGroup(configuration: .init(services: [demo], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ready.makeAsyncIterator()
        guard let report = await iterator.next(), let console = report.console else {
            print("graph, demo end to end: the demo did not start")
            return
        }
        func get(_ url: String) async throws -> (Duration, Int, Int) {
            let clock = ContinuousClock.now
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return (ContinuousClock.now - clock, Int(response.status.code), body.readableBytes)
        }
        let base = console + "api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&appenders=deadNode,serviceEntry,meshCheck,workloadEntry"
        // Wait until the federating Prometheus holds traffic of both clusters.
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            let response = try await http.execute(HTTPClientRequest(url: base + "&queryTime=\(Int(Date().timeIntervalSince1970))"), timeout: .seconds(30))
            let body = String(buffer: try await response.body.collect(upTo: 64 * 1024 * 1024))
            if body.contains("\"west\"") && body.contains("\"edges\": [") && body.contains("reviews-v3") { break }
            try await Task.sleep(for: .seconds(1))
        }
        // Each request historical (its own queryTime), so no cache answers it, and with its own duration too, so
        // Prometheus computes every one afresh. The namespaces exist since the demo started: queryTime stays within.
        var fresh: [Duration] = []
        var bytes = 0
        var failures: [String] = []
        let now = Int(Date().timeIntervalSince1970)
        for i in 0..<200 {
            let url = base + "&queryTime=\(now - i % 5)&duration=\(60 + i)s"
            let (t, status, size) = try await get(url)
            if status == 200 {
                fresh.append(t)
                bytes += size
            } else {
                let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
                failures.append("HTTP \(status): \(String(buffer: try await response.body.collect(upTo: 1 << 16)).prefix(300))")
            }
        }
        if let first = failures.first { print("graph, demo end to end: \(failures.count) of 200 fresh requests failed, the first with \(first)") }
        var hits: [Duration] = []
        _ = try await get(base)
        for _ in 0..<200 {
            let (t, status, _) = try await get(base)
            if status == 200 { hits.append(t) }
        }
        fresh.sort()
        hits.sort()
        if !fresh.isEmpty {
            print("graph, demo end to end (HTTP to skopos serve, real federated Prometheus, its own queryTime and duration each, no cache): Bookinfo versionedApp p50 \(fmt(fresh[fresh.count / 2])), p90 \(fmt(fresh[fresh.count * 9 / 10])), p99 \(fmt(fresh[fresh.count * 99 / 100])) over \(fresh.count) requests of \(bytes / max(fresh.count, 1) / 1024) KiB each (Kiali's reported p50: 63 ms)")
        }
        if !hits.isEmpty {
            print("graph, demo end to end, cache hits: p50 \(fmt(hits[hits.count / 2])), p99 \(fmt(hits[hits.count * 99 / 100])) over \(hits.count) requests")
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
        try await http.shutdown()
    }

    static func fmt(_ d: Duration) -> String {
        let s = d.inSeconds
        return s < 0.01 ? String(format: "%.3f ms", s * 1000) : String(format: "%.1f ms", s * 1000)
    }
}
