import AsyncHTTPClient
import Foundation
import KubeClient
import KubeSim
import KubeTypes
import LocalPrometheus
import NIOCore
import NIOHTTP1
import SkoposModel

/// A large fleet as Kiali users reported it (kiali/kiali#9476): 4 clusters with 805, 801, 38 and 38 namespaces, a
/// Deployment (2 pods) and a Service in each namespace, a real (empty) Prometheus, and `skopos serve` as a separate
/// process. Prints the time from start to serving every namespace, to the health of every namespace, the console's
/// peak memory, the Namespaces page's calls (`backend.md` §8.1) and the p95 of one 100-namespace chunk, and east's
/// latency with the smallest remote cluster stopped as a ratio to it running.
enum FleetBench {
    static let sizes: [(name: String, namespaces: Int)] = [("east", 805), ("west", 801), ("north", 38), ("south", 38)]

    static func run(binDir: String) async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await measure(binDir: binDir, http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    static func measure(binDir: String, http: HTTPClient) async throws {
        let work = NSTemporaryDirectory() + "skopos-bench-fleet-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        print("fleet: \(sizes.map { "\($0.name) \($0.namespaces)" }.joined(separator: ", ")) namespaces; a Deployment (2 pods) and a Service in each")

        // Three clusters in one simulator, the last one alone (so it can be stopped).
        func startSim(_ clusters: [String], _ dir: String) async throws -> Process {
            let sim = Process()
            sim.executableURL = URL(fileURLWithPath: binDir + "/skopos")
            sim.arguments = ["sim", "--clusters", clusters.joined(separator: ","), "--flavor", "kubernetes", "--no-mesh", "--dir", dir]
            sim.standardOutput = FileHandle.nullDevice
            try sim.run()
            while !FileManager.default.fileExists(atPath: dir + "/kubeconfig") { try await Task.sleep(for: .milliseconds(50)) }
            return sim
        }
        let main = try await startSim(sizes.dropLast().map(\.name), work + "/sim-main")
        defer { main.terminate() }
        let last = try await startSim([sizes.last!.name], work + "/sim-last")
        defer { if last.isRunning { last.terminate() } }
        var resolved: [String: ResolvedCluster] = [:]
        for (name, _) in sizes {
            let dir = name == sizes.last!.name ? work + "/sim-last" : work + "/sim-main"
            resolved[name] = try KubeconfigLoader.load(path: dir + "/kubeconfig").resolve(context: name)
        }

        var clock = ContinuousClock.now
        for (name, count) in sizes {
            let connection = try KubeConnection(cluster: resolved[name]!, name: name)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for chunk in stride(from: 0, to: count, by: 25) {
                    tasks.addTask {
                        for i in chunk..<min(chunk + 25, count) { try await seed(connection, namespace: "team-\(i)") }
                    }
                }
                try await tasks.waitForAll()
            }
            try await connection.shutdown()
        }
        print("fleet: seeded in \(ContinuousClock.now - clock)")

        // The console's mounts, as the operator lays them out; an empty real Prometheus.
        let root = work + "/console"
        func write(_ text: String, _ path: String) throws {
            let full = root + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        func kubeconfig(_ name: String) throws -> String {
            let r = resolved[name]!
            guard case .token(let token) = r.credentials else { throw BenchError("no token for \(name)") }
            return try SimKubeconfig.render([.init(name: name, server: r.server, caPEM: String(decoding: r.caPEM ?? [], as: UTF8.self), token: token)])
        }
        for (name, _) in sizes.dropFirst() { try write(try kubeconfig(name), "/kiali-remote-cluster-secrets/kiali-remote-cluster-secret-\(name)/\(name)") }
        try write(try kubeconfig("east"), "/kubeconfig")
        let tools = try PrometheusTools.locate()
        let prometheus = try await LocalPrometheus.start(
            name: "fleet", tools: tools, configuration: PrometheusConfig.empty(), directory: work + "/prometheus", httpClient: http)
        defer { Task { await prometheus.stop() } }
        let port = try FreePort.find()
        try write(
            """
            auth:
              strategy: anonymous
            kubernetes_config:
              cluster_name: east
            external_services:
              prometheus:
                url: \(prometheus.url)
            server:
              address: 127.0.0.1
              port: \(port)
              observability:
                metrics:
                  port: \(try FreePort.find())
            """, "/kiali-configuration/config.yaml")

        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binDir + "/skopos")
        serve.arguments = ["serve", "--mount-root", root, "--kubeconfig", "/kubeconfig"]
        serve.standardOutput = FileHandle.nullDevice
        serve.standardError = FileHandle.nullDevice
        clock = .now
        try serve.run()
        defer { serve.terminate() }
        let base = "http://127.0.0.1:\(port)/"
        func get(_ path: String) async throws -> (Duration, Int, [UInt8], HTTPHeaders) {
            let start = ContinuousClock.now
            let response = try await http.execute(HTTPClientRequest(url: base + path), timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            return (ContinuousClock.now - start, Int(response.status.code), Array(body.readableBytesView), response.headers)
        }
        let total = sizes.reduce(0) { $0 + $1.namespaces }
        var serving: Duration?
        while ContinuousClock.now - clock < .seconds(120) {
            if let (_, status, body, _) = try? await get("api/namespaces"), status == 200,
                ((try? JSONParser.parse(body))?.arrayValue ?? []).filter({ $0["name"]?.stringValue?.hasPrefix("team-") == true }).count == total
            {
                serving = ContinuousClock.now - clock
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("fleet: start to serving all \(total) namespaces: \(serving.map { "\($0)" } ?? "not within 120 s")")
        var healthy: Duration?
        while ContinuousClock.now - clock < .seconds(180) {
            var all = true
            for (name, _) in sizes {
                let answer = try? await get("api/clusters/health?clusterName=\(name)")
                if answer?.3.first(name: "X-Kiali-Health-Cached") != "true" { all = false }
            }
            if all {
                healthy = ContinuousClock.now - clock
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        print("fleet: start to the health of every namespace: \(healthy.map { "\($0)" } ?? "not within 180 s")")
        print(String(format: "fleet: console memory: %.0f MB resident, %.0f MB peak", memoryMB(serve.processIdentifier, "VmRSS"), memoryMB(serve.processIdentifier, "VmHWM")))

        // The Namespaces page for east (805 namespaces): every call of §8.1, six at a time as a browser does.
        let eastNamespaces = (0..<805).map { "team-\($0)" }
        var pageCalls = ["api/namespaces", "api/mesh/controlplanes", "api/istio/config?clusterName=east"]
        for chunk in stride(from: 0, to: eastNamespaces.count, by: 100) {
            let list = eastNamespaces[chunk..<min(chunk + 100, eastNamespaces.count)].joined(separator: ",")
            pageCalls += [
                "api/clusters/health?namespaces=\(list)&type=&clusterName=east", "api/clusters/tls?namespaces=\(list)&clusterName=east",
                "api/istio/validations?namespaces=\(list)&clusterName=east",
            ]
        }
        let pageStart = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { tasks in
            var next = 0
            var out: [(String, Int)] = []
            func add() {
                guard next < pageCalls.count else { return }
                let path = pageCalls[next]
                next += 1
                tasks.addTask { (path, try await get(path).1) }
            }
            for _ in 0..<6 { add() }
            while let r = try await tasks.next() {
                out.append(r)
                add()
            }
            return out
        }
        let missing = statuses.filter { $0.1 != 200 }.map { "\($0.0.split(separator: "?").first ?? "") \($0.1)" }
        print("fleet: Namespaces page for 805 namespaces, \(pageCalls.count) calls: \(ContinuousClock.now - pageStart)"
            + (missing.isEmpty ? "" : " (not 200: \(Set(missing).sorted().joined(separator: ", ")))"))
        // One 100-namespace chunk of the page, each of its calls 40 times over the chunks of east.
        for call in ["api/clusters/health?type=&clusterName=east&namespaces=", "api/clusters/tls?clusterName=east&namespaces=",
            "api/istio/validations?clusterName=east&namespaces="]
        {
            var chunkTimes: [Duration] = []
            for i in 0..<40 {
                let start = (i % 8) * 100
                let chunk = eastNamespaces[start..<min(start + 100, eastNamespaces.count)].joined(separator: ",")
                chunkTimes.append(try await get(call + chunk).0)
            }
            chunkTimes.sort()
            let name = String(call.split(separator: "?").first ?? "")
            print(String(format: "fleet: /%@ for 100 namespaces: p50 %.1f ms, p95 %.1f ms", name, chunkTimes[20].inSeconds * 1000, chunkTimes[38].inSeconds * 1000))
        }

        // East with the last cluster running, then stopped.
        func eastLatency() async throws -> Duration {
            var times: [Duration] = []
            for _ in 0..<50 {
                times.append(try await get("api/namespaces").0)
                times.append(try await get("api/clusters/health?clusterName=east&namespaces=team-1").0)
            }
            times.sort()
            return times[times.count / 2]
        }
        let up = try await eastLatency()
        last.terminate()
        last.waitUntilExit()
        let stoppedName = sizes.last!.name
        let stopClock = ContinuousClock.now
        while ContinuousClock.now - stopClock < .seconds(60) {
            let (_, _, body, _) = try await get("api/skopos/clusters")
            if ((try? JSONParser.parse(body))?.arrayValue ?? []).contains(where: { $0["name"]?.stringValue == stoppedName && $0["reachable"] == false }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let down = try await eastLatency()
        print(String(format: "fleet: east p50 with %@ down / up: %.2f (%.2f ms / %.2f ms; marked unreachable after %.1f s)", stoppedName,
            down.inSeconds / up.inSeconds, down.inSeconds * 1000, up.inSeconds * 1000, (ContinuousClock.now - stopClock).inSeconds))
    }

    static func seed(_ connection: KubeConnection, namespace: String) async throws {
        let ns = GroupVersionResource(group: "", version: "v1", resource: "namespaces")
        _ = try await connection.create(ns, body: JSONWriter.write(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace), "labels": ["istio-injection": "enabled"]]]))
        let labels: JSONValue = ["app": "web", "version": "v1"]
        _ = try await connection.create(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespace: namespace,
            body: JSONWriter.write([
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web-v1", "namespace": .string(namespace), "labels": labels],
                "spec": [
                    "replicas": 2, "selector": ["matchLabels": labels],
                    "template": ["metadata": ["labels": labels], "spec": ["containers": [["name": "web", "image": "registry.example/web:1"]]]],
                ],
            ]))
        _ = try await connection.create(
            GroupVersionResource(group: "", version: "v1", resource: "services"), namespace: namespace,
            body: JSONWriter.write([
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": .string(namespace), "labels": ["app": "web"]],
                "spec": ["selector": ["app": "web"], "ports": [["name": "http", "port": 80, "targetPort": 8080]]],
            ]))
    }

    static func memoryMB(_ pid: Int32, _ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0) / 1024
    }
}
