public import AsyncHTTPClient
import Foundation
import KubeSim
import KubeTypes
import LocalPrometheus
import Logging
import MeshSim
public import ServiceLifecycle
import SkoposModel

/// `skopos demo`: simulated clusters with the scenario's mesh, live Istio telemetry, one real Prometheus per cluster
/// and a federating Prometheus (the mesh's single metrics endpoint). Runs until graceful shutdown (Ctrl-C), then
/// stops every process it started.
public struct Demo: ServiceLifecycle.Service {
    /// The scenario, the directory and the scrape interval.
    public let options: DemoOptions
    let httpClient: HTTPClient
    let onReady: @Sendable (DemoReport) async -> Void

    /// - Parameter onReady: called once, when everything answers and `DIR/demo.json` is written.
    public init(options: DemoOptions, httpClient: HTTPClient, onReady: @escaping @Sendable (DemoReport) async -> Void) {
        self.options = options
        self.httpClient = httpClient
        self.onReady = onReady
    }

    /// Runs everything until graceful shutdown, then stops it: the Prometheus servers first, then the telemetry and the
    /// clusters; removes `DIR/demo.json`.
    /// - Throws: `LocalPrometheusError` when Prometheus is missing or does not start, `SimError` or `ScenarioError`
    ///   when the clusters cannot be set up, or the error of whatever part stopped unexpectedly.
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
        // A graceful shutdown (Ctrl-C) stops a service group's services one at a time, the last first, each awaited
        // before the next: the Prometheus servers stop before the telemetry they scrape and the simulated clusters.
        let services: [any ServiceLifecycle.Service] = [
            ClosureService { try await simulator.run { report in simContinuation.yield(report) } },
            TrafficServer(generator: generator) { endpoints in trafficContinuation.yield(endpoints) },
            ClosureService {
                try await runPrometheus(tools: tools, simReady: simReady, trafficReady: trafficReady, running: running, clusters: simulator.clusters)
            },
        ]
        let group = ServiceGroup(configuration: .init(services: services, logger: Logger(label: "skopos.demo")))
        do {
            try await group.run()
        } catch {
            await running.stopAll()
            try? FileManager.default.removeItem(atPath: dir + "/demo.json")
            throw error
        }
        // Its URLs answer no more: tools that read it (skopos fault) then say the demo is not running.
        try? FileManager.default.removeItem(atPath: dir + "/demo.json")
    }

    /// Once the clusters and their telemetry answer, starts the Prometheus servers, writes `demo.json` and reports;
    /// on graceful shutdown, stops the servers and waits for them to exit.
    func runPrometheus(
        tools: PrometheusTools, simReady: AsyncStream<Simulator.Report>, trafficReady: AsyncStream<TrafficEndpoints>, running: RunningProcesses,
        clusters: [SimCluster]
    ) async throws {
        var simIterator = simReady.makeAsyncIterator()
        var trafficIterator = trafficReady.makeAsyncIterator()
        // The streams end only when the group is cancelled, which ends this service anyway.
        guard let sim = await simIterator.next(), let traffic = await trafficIterator.next() else { return }
        var report = try await startPrometheus(tools: tools, sim: sim, traffic: traffic, running: running)
        if let executable = options.consoleExecutable {
            let console = try await DemoConsole.start(
                executable: executable, options: options, sim: sim, clusters: clusters, prometheusURL: report.federatedPrometheus, httpClient: httpClient)
            await running.add(console.process)
            report.console = console.url
            report.consoleAuth = options.auth.rawValue
        }
        // Readable by its owner only: it holds the users' passwords.
        try AtomicFile.write(JSONWriter.write(report.json) + [0x0A], to: options.directory + "/demo.json", mode: 0o600)
        await onReady(report)
        // Throws only when the group is cancelled (another service failed); the servers stop either way.
        try? await gracefulShutdown()
        await running.stopAll()
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
