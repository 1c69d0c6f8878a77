import AsyncHTTPClient
import Foundation
import KubeClient
import KubeSim
import KubeTypes
import Logging
import MeshSim
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SkoposDemo
import SkoposModel

/// The console API from its caches: `skopos demo` (anonymous) with 500 extra namespaces in each of its two clusters,
/// then `/api/namespaces` and the other calls of the Overview that exist so far, each asked 200 times.
enum ConsoleBench {
    static let namespacesPerCluster = Int(ProcessInfo.processInfo.environment["BENCH_CONSOLE_NAMESPACES"] ?? "") ?? 500

    static func run(skopos: String) async throws {
        let dir = NSTemporaryDirectory() + "skopos-bench-console-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let (ready, continuation) = AsyncStream<DemoReport>.makeStream()
        let options = DemoOptions(
            directory: dir, scenario: DefaultScenario.load(), flavor: .kubernetes, scrapeInterval: 5, auth: .anonymous, consolePort: 20131,
            consoleExecutable: skopos)
        let demo = Demo(options: options, httpClient: http) { continuation.yield($0) }
        var logger = Logger(label: "skopos.bench")
        logger.logLevel = .error
        let group = ServiceGroup(configuration: .init(services: [demo], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ready.makeAsyncIterator()
        guard let report = await iterator.next(), let console = report.console else {
            print("console: the demo did not start")
            return
        }
        // 500 more namespaces per cluster, created through each API server as a user would.
        let kubeconfig = try KubeconfigLoader.load(path: report.kubeconfig)
        let gvr = GroupVersionResource(group: "", version: "v1", resource: "namespaces")
        var clock = ContinuousClock.now
        for name in ["east", "west"] {
            let connection = try KubeConnection(cluster: try kubeconfig.resolve(context: name), name: name)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for chunk in stride(from: 0, to: namespacesPerCluster, by: 50) {
                    tasks.addTask {
                        for i in chunk..<min(chunk + 50, namespacesPerCluster) {
                            let body: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string("team-\(i)"), "labels": ["istio-injection": "enabled"]]]
                            _ = try await connection.create(gvr, body: JSONWriter.write(body))
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            try await connection.shutdown()
        }
        print("console: created \(namespacesPerCluster) namespaces in each of 2 clusters in \(ContinuousClock.now - clock)")
        func get(_ path: String) async throws -> (Duration, Int, Int) {
            let start = ContinuousClock.now
            let response = try await http.execute(HTTPClientRequest(url: console + path), timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return (ContinuousClock.now - start, Int(response.status.code), body.readableBytes)
        }
        // Wait until the console's caches hold them all.
        clock = .now
        let expected = 2 * namespacesPerCluster
        while ContinuousClock.now - clock < .seconds(60) {
            let response = try await http.execute(HTTPClientRequest(url: console + "api/namespaces"), timeout: .seconds(30))
            let list = (try? JSONParser.parse(Array(try await response.body.collect(upTo: 64 * 1024 * 1024).readableBytesView)))?.arrayValue ?? []
            if list.filter({ $0["name"]?.stringValue?.hasPrefix("team-") == true }).count >= expected { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        print("console: all \(expected) namespaces listed \(ContinuousClock.now - clock) after the last create")
        // The Overview's calls (backend.md §8.2) that come from the console's caches, then the two that ask Prometheus.
        let overview = [
            "api/namespaces", "api/config", "api/istio/status", "api/mesh/controlplanes", "api/skopos/clusters",
            "api/clusters/health?clusterName=east&namespaces=" + (0..<100).map { "team-\($0)" }.joined(separator: ","),
            "api/istio/config?validate=true&clusterName=west", "api/overview/metrics/apps/rates", "api/overview/metrics/services/rates",
            "api/namespaces/team-7/info?clusterName=west", "api/overview/metrics/services/latency", "api/overview/metrics/services/throughput",
        ]
        for path in overview {
            var times: [Duration] = []
            var bytes = 0
            var status = 0
            for _ in 0..<200 {
                let (t, s, b) = try await get(path)
                times.append(t)
                status = s
                bytes = b
            }
            times.sort()
            func ms(_ d: Duration) -> String { String(format: "%.2f ms", d.inSeconds * 1000) }
            let shown = path.count > 70 ? String(path.prefix(70)) + "…" : path
            print("console: GET /\(shown) (\(status), \(bytes / 1024) KiB): p50 \(ms(times[100])) p95 \(ms(times[190])) max \(ms(times[199]))")
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
        try await http.shutdown()
    }
}
