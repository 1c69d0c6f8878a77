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
        /// (start offset in the phase, latency) of every write, for SIM_WRITES_TRACE.
        let timeline = Mutex<[(Duration, Duration)]>([])
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
                    // Counted, not decoded: the watchers measure delivery, and decoding 500,000 events here would
                    // take the CPU the server is being measured on.
                    try? await client.watchCountingTypes("\(path)?watch=1&resourceVersion=\(rv)&timeoutSeconds=120") { type in
                        guard type == "ADDED" else { return true }
                        let n = tally.received.withLock { r -> Int in
                            r[w] += 1
                            return r[w]
                        }
                        return n < 2 * writers * perWriter
                    }
                })
            }
            try await Task.sleep(for: .milliseconds(500))

            // One connection per writer, opened (TLS handshake) before anything is measured, kept for both phases.
            let writerClients = try (0..<writers).map { _ in try SimHTTPClient(baseURL: url, caPEM: cluster.caCertificatePEM, token: cluster.adminToken) }
            for c in writerClients { _ = try await c.request("GET", path + "?limit=1") }

            /// One phase: every writer creates `perWriter` ConfigMaps, back to back (`interval` nil) or one every
            /// `interval`, on a schedule that does not drift; returns the sorted latencies and the wall time.
            func phase(_ label: String, interval: Duration?) async throws -> (latencies: [Duration], seconds: Double) {
                tally.latencies.withLock { $0 = [] }
                tally.timeline.withLock { $0 = [] }
                let clock = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for w in 0..<writers {
                        group.addTask {
                            let http = writerClients[w]
                            // Spread the paced writers over one interval.
                            let offset = interval.map { $0 * w / writers } ?? .zero
                            for i in 0..<perWriter {
                                if let interval {
                                    let due = clock + offset + interval * i
                                    if due > .now { try await Task.sleep(until: due) }
                                }
                                let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(label)-\#(w)-\#(i)"},"data":{"i":"\#(i)"}}"#
                                let t = ContinuousClock.now
                                let reply = try await http.request("POST", path, body: body)
                                let elapsed = ContinuousClock.now - t
                                if reply.status == 201 { tally.latencies.withLock { $0.append(elapsed) } }
                                tally.timeline.withLock { $0.append((t - clock, elapsed)) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                return (tally.latencies.withLock { $0 }.sorted(), (ContinuousClock.now - clock).inSeconds)
            }
            func describe(_ r: (latencies: [Duration], seconds: Double)) -> String {
                let sorted = r.latencies
                return "\(sorted.count) acknowledged in " + String(format: "%.2f s (%.0f writes/s)", r.seconds, Double(sorted.count) / r.seconds)
                    + ", p50 \(GraphBench.fmt(sorted[sorted.count / 2])), p99 \(GraphBench.fmt(sorted[sorted.count * 99 / 100]))"
            }
            // Saturation: how many writes per second the server acknowledges with writers that never wait.
            let saturated = try await phase("s", interval: nil)
            // The watchers catch up before the next phase, which measures a steady state.
            let caughtUp = ContinuousClock.now + .seconds(30)
            while watcherCount > 0 && ContinuousClock.now < caughtUp && tally.received.withLock({ $0.min() ?? 0 }) < writers * perWriter {
                try await Task.sleep(for: .milliseconds(50))
            }
            // Latency at 1,000 writes per second offered (20 per writer per second).
            let paced = try await phase("p", interval: .milliseconds(50))
            if env["SIM_WRITES_TRACE"] != nil {
                // When the slowest writes of the paced phase started: clustered (a stall) or spread out.
                let slow = tally.timeline.withLock { $0 }.sorted { $0.1 > $1.1 }.prefix(60).sorted { $0.0 < $1.0 }
                print(slow.map { String(format: "%.0fms:%.0f", $0.0.inSeconds * 1000, $0.1.inSeconds * 1000) }.joined(separator: " "))
            }
            let expected = 2 * writers * perWriter
            // Give the watchers a moment to drain, then count.
            let deadline = ContinuousClock.now + .seconds(30)
            while watcherCount > 0 && ContinuousClock.now < deadline && tally.received.withLock({ $0.min() ?? 0 }) < expected { try await Task.sleep(for: .milliseconds(100)) }
            let counts = tally.received.withLock { $0 }
            for t in watchTasks { t.cancel() }
            try? await start.shutdown()
            for c in watchClients { try? await c.shutdown() }
            for c in writerClients { try? await c.shutdown() }
            let mode = state == nil ? "in memory" : "with --state (acknowledged on disk)"
            print("sim writes \(mode), \(watcherCount) watchers, \(writers) writers × \(perWriter) creates, saturated: \(describe(saturated))")
            print("sim writes \(mode), \(watcherCount) watchers, \(writers) writers × \(perWriter) creates, paced at 1,000/s offered: \(describe(paced))")
            print("sim watchers: \(watcherCount) watchers, each received \(counts.min() ?? 0)–\(counts.max() ?? 0) of \(expected) events")
        }
    }
}
