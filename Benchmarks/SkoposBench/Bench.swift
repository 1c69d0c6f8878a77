import Foundation
import KubeClient
import KubeSim
import KubeTypes
import MeshSim
import NIOHTTP1
import SkoposModel

/// `make bench`: loads two simulated clusters with 20,000 pods, 5,000 services and 5,000 deployments each, then
/// measures the client caches against them: initial sync time, the delay of a single change, resident memory.
/// The clusters run in a separate `skopos sim` process so the memory figure is the caches' own.
@main
struct Bench {
    static let pods = Int(ProcessInfo.processInfo.environment["BENCH_PODS"] ?? "") ?? 20_000
    static let services = Int(ProcessInfo.processInfo.environment["BENCH_SERVICES"] ?? "") ?? 5_000
    static let deployments = Int(ProcessInfo.processInfo.environment["BENCH_DEPLOYMENTS"] ?? "") ?? 5_000
    static let namespaces = 100
    /// One app per Deployment; each pod belongs to one app, each Service selects one app (4 pods at the default sizes),
    /// as in a real mesh where a pod sits behind one Service.
    static var apps: Int { max(1, deployments) }

    static func residentMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
        return kb / 1024
    }

    static func seedObjects(cluster: String) -> [JSONValue] {
        var objects: [JSONValue] = []
        for n in 0..<namespaces {
            objects.append(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string("bench-\(n)")]])
        }
        for i in 0..<pods {
            let ns = "bench-\(i % namespaces)"
            objects.append([
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": .string("pod-\(i)"), "namespace": .string(ns),
                    "labels": ["app": .string("app-\(i % apps)"), "version": "v1", "pod-template-hash": "abcde12345"],
                    "annotations": ["sidecar.istio.io/status": #"{"containers":["istio-proxy"]}"#],
                ],
                "spec": [
                    "serviceAccountName": "default", "nodeName": .string("\(cluster)-node-1"),
                    "containers": [
                        ["name": "app", "image": "registry.example/app:1.0", "ports": [["containerPort": 8080, "name": "http", "protocol": "TCP"]]],
                        ["name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.24.0", "ports": [["containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"]]],
                    ],
                ],
                "status": [
                    "phase": "Running", "podIP": .string("10.128.\(i / 250 % 250).\(i % 250 + 1)"), "hostIP": "10.0.0.10",
                    "conditions": [["type": "Ready", "status": "True"], ["type": "ContainersReady", "status": "True"]],
                    "containerStatuses": [
                        ["name": "app", "ready": true, "restartCount": 0, "image": "registry.example/app:1.0", "state": ["running": ["startedAt": "2026-11-25T00:00:00Z"]]],
                        ["name": "istio-proxy", "ready": true, "restartCount": 0, "image": "docker.io/istio/proxyv2:1.24.0", "state": ["running": ["startedAt": "2026-11-25T00:00:00Z"]]],
                    ],
                ],
            ])
        }
        for i in 0..<services {
            objects.append([
                "apiVersion": "v1", "kind": "Service",
                "metadata": ["name": .string("svc-\(i)"), "namespace": .string("bench-\(i % namespaces)"), "labels": ["app": .string("app-\(i % apps)")]],
                "spec": ["selector": ["app": .string("app-\(i % apps)")], "ports": [["name": "http", "port": 80, "targetPort": 8080]]],
            ])
        }
        for i in 0..<deployments {
            // Replicas 0: the simulator makes a ReplicaSet per Deployment but no pods beyond the seeded ones.
            objects.append([
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": .string("deploy-\(i)"), "namespace": .string("bench-\(i % namespaces)"), "labels": ["app": .string("app-\(i % apps)")]],
                "spec": [
                    "replicas": 0, "selector": ["matchLabels": ["app": .string("app-\(i % apps)")]],
                    "template": ["metadata": ["labels": ["app": .string("app-\(i % apps)"), "version": "v1"]], "spec": ["containers": [["name": "app", "image": "registry.example/app:1.0"]]]],
                ],
            ])
        }
        return objects
    }

    /// The simulated mesh's telemetry: one `/metrics` page of the built-in scenario, and an hour of backfill history of
    /// the metrics the graph reads most.
    static func telemetry() {
        let topology = MeshTopology(DefaultScenario.load())
        var state = TrafficState(topology: topology)
        state.advance(seconds: 3600)
        let telemetry = IstioTelemetry(topology: topology)
        var clock = ContinuousClock.now
        var bytes = 0
        let renders = 20
        for _ in 0..<renders { bytes = MetricsExposition.text(telemetry, counts: state.counts, cluster: "east").utf8.count }
        let perRender = (ContinuousClock.now - clock) / renders
        print("telemetry: \(topology.flows.count) flows; east /metrics page \(bytes / 1024) KiB, rendered in \(perRender)")
        clock = .now
        var total = 0
        var lines = 0
        Backfill(start: 1_700_000_000, interval: 5, steps: 720, metrics: [.requestsTotal, .tcpSentBytes]).openMetrics(topology) { chunk in
            total += chunk.utf8.count
            lines += chunk.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        let elapsed = ContinuousClock.now - clock
        print("backfill: 1 h of istio_requests_total and istio_tcp_sent_bytes_total: \(lines) samples, \(total / 1024 / 1024) MiB of OpenMetrics in \(elapsed)")
    }

    static func main() async throws {
        let args = CommandLine.arguments
        if args.count == 2 && args[1] == "models" {
            // Memory of the decoded models alone: 20,000 pods as the bench seeds them.
            let objects = seedObjects(cluster: "east").filter { $0["kind"] == "Pod" }
            let json = Data(JSONWriter.write(["items": .array(objects)]))
            let before = residentMemoryMB()
            let list = try JSONDecoder().decode(ResourceList<Pod>.self, from: json)
            let after = residentMemoryMB()
            print(String(format: "%d pods decoded: %.1f MB (%.0f bytes per pod; Pod is %d bytes inline)", list.items.count, after - before,
                (after - before) * 1024 * 1024 / Double(list.items.count), MemoryLayout<Pod>.size))
            return
        }
        if args.count == 3 && args[1] == "seed" {
            // Child process: write the state directories, then exit (the parent's memory stays clean).
            for name in ["east", "west"] {
                let cluster = try SimCluster(options: SimClusterOptions(name: name, flavor: .kubernetes, stateDirectory: "\(args[2])/\(name)"))
                try cluster.seed(seedObjects(cluster: name))
                try cluster.saveState()
            }
            return
        }
        if args.count == 3 && args[1] == "baseline" {
            // Child process: the bare-client baseline; prints "<seconds> <counts>".
            try await BaselineBench.run(kubeconfig: args[2])
            return
        }
        if args.count == 2 && args[1] == "telemetry" {
            telemetry()
            return
        }
        if args.count == 2 && args[1] == "sim-writes" {
            try await SimWriteBench.run()
            return
        }
        if args.count == 3 && args[1] == "fleet" {
            try await FleetBench.run(binDir: args[2])
            return
        }
        if args.count == 3 && args[1] == "console" {
            try await ConsoleBench.run(skopos: args[2])
            return
        }
        if args.count >= 2 && args[1].hasPrefix("graph-") {
            switch args[1] {
            case "graph-synthetic": try await GraphBench.synthetic(decodeJSON: false)
            case "graph-synthetic-json": try await GraphBench.synthetic(decodeJSON: true)
            case "graph-bookinfo": try await GraphBench.bookinfo()
            case "graph-concurrent": try await GraphBench.concurrent()
            case "graph-demo": try await GraphBench.demo(skopos: args[2])
            default: print("unknown part \(args[1])")
            }
            return
        }
        let graphParts = ["graph-bookinfo", "graph-synthetic", "graph-synthetic-json", "graph-concurrent"]
        let demoSkopos = URL(fileURLWithPath: args[0]).deletingLastPathComponent().appendingPathComponent("skopos").path
        let binDirectory = URL(fileURLWithPath: args[0]).deletingLastPathComponent().path
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "console" {
            try runChild(args[0], ["console", demoSkopos])
            try runChild(args[0], ["fleet", binDirectory])
            return
        }
        for part in graphParts { try runChild(args[0], [part]) }
        try runChild(args[0], ["graph-demo", demoSkopos])
        try runChild(args[0], ["console", demoSkopos])
        try runChild(args[0], ["fleet", binDirectory])
        try runChild(args[0], ["sim-writes"])
        if ProcessInfo.processInfo.environment["BENCH_ONLY"] == "graph" { return }
        // Each part in a process of its own, so that one part's memory does not count in another's peak.
        try runChild(args[0], ["telemetry"])
        let binDir = URL(fileURLWithPath: args[0]).deletingLastPathComponent().path
        let work = NSTemporaryDirectory() + "skopos-bench-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        print("skopos bench: 2 clusters × \(pods) pods + \(services) services + \(deployments) deployments (\(namespaces) namespaces each)")

        var clock = ContinuousClock.now
        let seed = Process()
        seed.executableURL = URL(fileURLWithPath: args[0])
        seed.arguments = ["seed", work + "/state"]
        try seed.run()
        while seed.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        print("seed: \(ContinuousClock.now - clock)")

        let sim = Process()
        sim.executableURL = URL(fileURLWithPath: binDir + "/skopos")
        sim.arguments = ["sim", "--clusters", "east,west", "--flavor", "kubernetes", "--no-mesh", "--dir", work + "/sim", "--state", work + "/state"]
        sim.standardOutput = FileHandle.nullDevice
        try sim.run()
        defer { sim.terminate() }
        clock = .now
        while !FileManager.default.fileExists(atPath: work + "/sim/kubeconfig") {
            try await Task.sleep(for: .milliseconds(50))
        }
        print("simulator start with state: \(ContinuousClock.now - clock)")
        let kubeconfig = try KubeconfigLoader.load(path: work + "/sim/kubeconfig")
        let resolved = try ["east", "west"].map { try kubeconfig.resolve(context: $0) }
        // Let the simulator's controllers settle (one ReplicaSet per Deployment) before measuring.
        let probe = try KubeConnection(cluster: resolved[0], name: "probe")
        for cluster in resolved {
            let connection = try KubeConnection(cluster: cluster, name: "settle")
            while true {
                let page = try await connection.list(
                    UnstructuredObject.self, GroupVersionResource(group: "apps", version: "v1", resource: "replicasets"), options: ListOptions(limit: 1)
                )
                let total = page.items.count + (page.metadata.remainingItemCount ?? 0)
                if total >= deployments { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await connection.shutdown()
        }
        try await probe.shutdown()

        // The baseline, in a process of its own (its memory does not count in this one's peak), run twice so that
        // neither it nor the caches has the advantage of going first: a bare client that LISTs every kind the caches
        // read, in both clusters at once, and decodes into the same models.
        var baselines: [Double] = []
        for _ in 0..<2 {
            let text = try runChild(args[0], ["baseline", work + "/sim/kubeconfig"], capture: true)
            let seconds = Double(text.split(separator: " ").first ?? "") ?? .nan
            baselines.append(seconds)
            print("bare client: LIST and decode of every cached kind, both clusters: \(String(format: "%.3f", seconds)) s  [\(text.split(separator: " ").dropFirst().joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines))]")
        }
        print(String(format: "bench process before the caches: resident %.0f MB, peak %.0f MB", residentMemoryMB(), CacheBench.peakMemoryMB()))
        try await CacheBench(resolved: resolved, work: work, pods: pods, namespaces: namespaces, baselineSeconds: baselines.min() ?? .nan).run()
        sim.terminate()
    }

    /// Runs this executable with `arguments` and waits; returns its standard output when `capture` is set (otherwise
    /// it goes to this process's).
    @discardableResult
    static func runChild(_ executable: String, _ arguments: [String], capture: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        if capture { process.standardOutput = pipe }
        try process.run()
        let text = capture ? String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) : ""
        process.waitUntilExit()
        return text
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`, for printing figures.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
