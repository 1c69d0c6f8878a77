import Foundation
import KubeSim
import SimTestSupport
import SkoposModel
import Synchronization

/// `skopos sim` under write load with `--state` (every write on disk before it is acknowledged): 50 concurrent
/// writers creating ConfigMaps, and 100 watchers that must each receive every event.
enum SimWriteBench {
    /// Shared tallies of the writers and watchers.
    final class Tally: Sendable {
        let received: Mutex<[Int]>
        let latencies = Mutex<[Duration]>([])
        init(watchers: Int) { received = Mutex(Array(repeating: 0, count: watchers)) }
    }

    static func run() async throws {
        let dir = NSTemporaryDirectory() + "skopos-bench-writes-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ProcessInfo.processInfo.environment
        // SIM_WRITES_WATCHERS and SIM_WRITES_NO_STATE vary the load, to see what costs what.
        let writers = 50, perWriter = 100, watcherCount = env["SIM_WRITES_WATCHERS"].flatMap { Int($0) } ?? 100
        let state: String? = env["SIM_WRITES_NO_STATE"] == nil ? dir + "/state" : nil
        try await withSimulator(clusters: ["east"], flavor: .kubernetes, stateDirectory: state, directory: dir + "/sim") { sim in
            let cluster = sim.cluster("east")
            let url = sim.endpoints("east").apiURL
            let path = "/api/v1/namespaces/default/configmaps"
            // Watchers from now on.
            let start = try SimHTTPClient(baseURL: url, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            let rv = try await start.request("GET", path).json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "0"
            let tally = Tally(watchers: max(watcherCount, 1))
            let watchClients = try (0..<watcherCount).map { _ in try SimHTTPClient(baseURL: url, caPEM: cluster.caCertificatePEM, token: cluster.adminToken) }
            var watchTasks: [Task<Void, Never>] = []
            for w in 0..<watcherCount {
                let client = watchClients[w % watchClients.count]
                watchTasks.append(Task {
                    guard let (_, events) = try? await client.watch("\(path)?watch=1&resourceVersion=\(rv)&timeoutSeconds=120") else { return }
                    do {
                        for try await event in events where event["type"] == "ADDED" {
                            let n = tally.received.withLock { r -> Int in
                                r[w] += 1
                                return r[w]
                            }
                            if n >= writers * perWriter { return }
                        }
                    } catch {}
                })
            }
            try await Task.sleep(for: .milliseconds(500))
            let clock = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        let http = try SimHTTPClient(baseURL: url, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
                        for i in 0..<perWriter {
                            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w\#(w)-\#(i)"},"data":{"i":"\#(i)"}}"#
                            let t = ContinuousClock.now
                            let reply = try await http.request("POST", path, body: body)
                            let elapsed = ContinuousClock.now - t
                            if reply.status == 201 { tally.latencies.withLock { $0.append(elapsed) } }
                        }
                        try await http.shutdown()
                    }
                }
                try await group.waitForAll()
            }
            let total = ContinuousClock.now - clock
            let sorted = tally.latencies.withLock { $0 }.sorted()
            let seconds = total.inSeconds
            // Give the watchers a moment to drain, then count.
            let deadline = ContinuousClock.now + .seconds(30)
            while watcherCount > 0 && ContinuousClock.now < deadline && tally.received.withLock({ $0.min() ?? 0 }) < writers * perWriter { try await Task.sleep(for: .milliseconds(100)) }
            let counts = tally.received.withLock { $0 }
            for t in watchTasks { t.cancel() }
            try? await start.shutdown()
            for c in watchClients { try? await c.shutdown() }
            print(
                "sim writes with --state (acknowledged on disk): \(writers) writers × \(perWriter) creates: \(sorted.count) acknowledged in "
                    + String(format: "%.2f s (%.0f writes/s)", seconds, Double(sorted.count) / seconds)
                    + ", p50 \(GraphBench.fmt(sorted[sorted.count / 2])), p99 \(GraphBench.fmt(sorted[sorted.count * 99 / 100]))")
            print("sim watchers: \(watcherCount) watchers, each received \(counts.min() ?? 0)–\(counts.max() ?? 0) of \(writers * perWriter) events")
        }
    }
}
