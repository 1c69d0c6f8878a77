import Foundation
public import KubeSim
public import MeshSim
public import ServiceLifecycle
import SkoposModel

/// `skopos sim`: simulated clusters holding a scenario's mesh, with each cluster's Istio telemetry on its own
/// `/metrics` and the fault switch. Runs until graceful shutdown (Ctrl-C): watches end, state is saved, and
/// `DIR/mesh.json` is removed.
public struct SimRun: ServiceLifecycle.Service {
    /// The simulated clusters.
    public let simulator: Simulator
    /// The mesh the clusters hold; nil when they are empty.
    public let scenario: Scenario?
    let generator: TrafficGenerator?
    let onWarning: @Sendable (String) -> Void
    let onReady: @Sendable (SimReport) async -> Void

    /// Chooses the clusters and their mesh, creates the clusters and seeds them.
    ///
    /// Without `options.clusters` the clusters are the scenario's (east and west without a mesh). The built-in
    /// scenario is for east and west: other clusters start empty, with a warning. A scenario file's clusters must be
    /// among the simulated ones.
    /// - Parameters:
    ///   - onWarning: told what is not as asked but does not stop the simulator (no mesh content, mesh.json unwritable).
    ///   - onReady: called once, when every cluster answers, `kubeconfig` and `sim.json` are written and, with a mesh,
    ///     `DIR/mesh.json` too.
    /// - Throws: `SimRunError` naming the option or file at fault.
    public init(
        options: SimOptions,
        onWarning: @escaping @Sendable (String) -> Void = { _ in },
        onReady: @escaping @Sendable (SimReport) async -> Void
    ) throws(SimRunError) {
        var scenario: Scenario?
        switch options.mesh {
        case .none: scenario = nil
        case .builtIn: scenario = DefaultScenario.load()
        case .scenario(let file): scenario = file
        }
        let names = options.clusters ?? scenario?.clusters.map(\.name) ?? ["east", "west"]
        if case .builtIn = options.mesh, let builtIn = scenario, builtIn.clusters.map(\.name) != names {
            onWarning("no mesh content: the built-in scenario needs clusters \(builtIn.clusters.map(\.name).joined(separator: ",")) (use --scenario for others)")
            scenario = nil
        }
        do {
            simulator = try Simulator(
                options: .init(clusters: names, directory: options.directory, flavor: options.flavor, stateDirectory: options.stateDirectory, usersFile: options.usersFile,
                    runImages: options.runImages)
            )
        } catch {
            throw .simulator(error)
        }
        if let scenario {
            do {
                try MeshContent.seed(simulator, with: scenario)
            } catch {
                throw .mesh(error)
            }
        }
        self.scenario = scenario
        self.generator = scenario.map { TrafficGenerator(topology: MeshTopology($0)) }
        self.onWarning = onWarning
        self.onReady = onReady
    }

    /// The simulated clusters' names, in the order of the kubeconfig.
    public var clusterNames: [String] { simulator.clusters.map(\.name) }

    /// `DIR/mesh.json`: where the mesh's telemetry and fault switch answer, while the simulator runs.
    public var meshJSONPath: String { simulator.options.directory + "/mesh.json" }

    /// Runs the clusters and, with a mesh, its telemetry until graceful shutdown, which cancels them; removes
    /// `DIR/mesh.json` when they stop.
    /// - Throws: the error of a cluster or listener that could not start or stopped unexpectedly.
    public func run() async throws {
        let (trafficReady, trafficContinuation) = AsyncStream<TrafficEndpoints>.makeStream()
        if generator == nil { trafficContinuation.finish() }
        // When the simulator stops, the URLs in mesh.json answer no more.
        defer { try? FileManager.default.removeItem(atPath: meshJSONPath) }
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let generator {
                    group.addTask { try await TrafficServer(generator: generator) { trafficContinuation.yield($0) }.run() }
                }
                group.addTask { try await runSimulator(trafficReady) }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    func runSimulator(_ trafficReady: AsyncStream<TrafficEndpoints>) async throws {
        try await simulator.run { simulatorReport in
            var iterator = trafficReady.makeAsyncIterator()
            let report = SimReport(simulator: simulatorReport, traffic: await iterator.next())
            if let json = report.meshJSON {
                do {
                    try AtomicFile.write(JSONWriter.write(json) + [0x0A], to: meshJSONPath, mode: 0o644)
                } catch {
                    onWarning("cannot write \(meshJSONPath): \(error)")
                }
            }
            await onReady(report)
        }
    }
}
