public import AsyncHTTPClient
import Foundation
import KubeSim
import KubeTypes
import LocalPrometheus
import MeshSim
public import ServiceLifecycle
import SkoposModel

/// `skopos demo`: simulated clusters with the scenario's mesh, live Istio telemetry, one real Prometheus per cluster
/// and a federating Prometheus (the mesh's single metrics endpoint). Runs until graceful shutdown (Ctrl-C), then
/// stops every process it started.
public struct Demo: ServiceLifecycle.Service {
    public let options: DemoOptions
    let httpClient: HTTPClient
    let onReady: @Sendable (DemoReport) async -> Void

    /// - Parameter onReady: called once, when everything answers and `DIR/demo.json` is written.
    public init(options: DemoOptions, httpClient: HTTPClient, onReady: @escaping @Sendable (DemoReport) async -> Void) {
        self.options = options
        self.httpClient = httpClient
        self.onReady = onReady
    }

    public func run() async throws {
        let tools = try PrometheusTools.locate()
        let dir = options.directory
        let scenario = options.scenario
        let simulator = try Simulator(options: .init(clusters: scenario.clusters.map(\.name), directory: dir, flavor: options.flavor))
        try MeshContent.seed(simulator, with: scenario)
        let generator = TrafficGenerator(topology: MeshTopology(scenario))

        let (simReady, simContinuation) = AsyncStream<Simulator.Report>.makeStream()
        let (trafficReady, trafficContinuation) = AsyncStream<TrafficEndpoints>.makeStream()
        let running = RunningProcesses()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await simulator.run { report in simContinuation.yield(report) }
                }
                group.addTask {
                    try await TrafficServer(generator: generator) { endpoints in trafficContinuation.yield(endpoints) }.run()
                }
                group.addTask {
                    var simIterator = simReady.makeAsyncIterator()
                    var trafficIterator = trafficReady.makeAsyncIterator()
                    guard let sim = await simIterator.next(), let traffic = await trafficIterator.next() else { return }
                    let report = try await startPrometheus(tools: tools, sim: sim, traffic: traffic, running: running)
                    // Readable by its owner only: it holds the users' passwords.
                    try AtomicFile.write(JSONWriter.write(report.json) + [0x0A], to: dir + "/demo.json", mode: 0o600)
                    await onReady(report)
                    // Everything runs until Ctrl-C; then the Prometheus servers are stopped and waited for, before the
                    // simulated clusters (which stop when this task group ends).
                    try? await gracefulShutdown()
                    await running.stopAll()
                    throw DemoStopped()
                }
                try await group.next()
                group.cancelAll()
            }
        } catch is DemoStopped {
        } catch {
            await running.stopAll()
            try? FileManager.default.removeItem(atPath: dir + "/demo.json")
            throw error
        }
        await running.stopAll()
        // Its URLs answer no more: tools that read it (skopos fault) then say the demo is not running.
        try? FileManager.default.removeItem(atPath: dir + "/demo.json")
    }

    func startPrometheus(tools: PrometheusTools, sim: Simulator.Report, traffic: TrafficEndpoints, running: RunningProcesses) async throws -> DemoReport {
        let dir = options.directory + "/prometheus"
        try? FileManager.default.removeItem(atPath: dir)  // a fresh history each run
        let interval = options.scrapeInterval
        var servers: [String: LocalPrometheus] = [:]
        for cluster in options.scenario.clusters.map(\.name) {
            let prom = try await LocalPrometheus.start(
                name: cluster, tools: tools,
                configuration: PrometheusConfig.scraping(cluster: cluster, targets: [traffic.addresses[cluster] ?? ""], interval: interval),
                directory: "\(dir)/\(cluster)", httpClient: httpClient
            )
            await running.add(prom)
            servers[cluster] = prom
        }
        let sources = options.scenario.clusters.compactMap { c in servers[c.name].map { (cluster: c.name, target: $0.address) } }
        let federated = try await LocalPrometheus.start(
            name: "federated", tools: tools,
            configuration: PrometheusConfig.federating(sources: sources, interval: interval),
            directory: "\(dir)/federated", httpClient: httpClient
        )
        await running.add(federated)
        return DemoReport(
            prometheus: servers.mapValues(\.url), federatedPrometheus: federated.url, kubeconfig: sim.kubeconfigPath, users: sim.users,
            metrics: traffic.metrics, faults: traffic.faults, clusters: options.scenario.clusters.map(\.name)
        )
    }
}



/// Ends the demo's task group once everything has stopped after a graceful shutdown.
struct DemoStopped: Error {}
