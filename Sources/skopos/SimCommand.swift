import ArgumentParser
import Foundation
import KubeSim
import KubeTypes
import Logging
import MeshSim
import SkoposDemo
import ServiceLifecycle
import SkoposModel
import UnixSignals

/// `skopos sim`: simulated Kubernetes/OpenShift clusters for tests and demos.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run simulated Kubernetes/OpenShift clusters that kubectl and other clients can drive.",
        discussion: """
            Each cluster is an HTTPS API server on a loopback port with its own CA. When every cluster answers, \
            DIR/kubeconfig (one context per cluster) and DIR/sim.json are written. The clusters hold the scenario's \
            mesh (the built-in Bookinfo on east and west unless --scenario or --no-mesh), whose Istio telemetry is \
            served on a /metrics endpoint per cluster, listed in DIR/mesh.json. Stop with Ctrl-C.
            """
    )

    @Option(help: "Comma-separated cluster names (default: the scenario's clusters; east,west with --no-mesh).")
    var clusters: String?

    @Option(help: "Scenario file (YAML) for the mesh content; the built-in Bookinfo scenario when omitted.")
    var scenario: String?

    @Flag(help: "Empty clusters: no Istio, no workloads, no telemetry.")
    var noMesh = false

    @Option(help: "Directory for kubeconfig, sim.json and the generated users file.")
    var dir: String

    @Option(help: "openshift (default) or kubernetes.")
    var flavor: String = "openshift"

    @Option(help: "Directory in which to persist CA, tokens, ports and objects across restarts.")
    var state: String?

    @Option(help: "OAuth users file: one user:password[:group1,group2] per line.")
    var users: String?

    func run() async throws {
        guard let flavor = ClusterFlavor(rawValue: flavor) else {
            throw ValidationError("--flavor must be openshift or kubernetes, not \"\(flavor)\"")
        }
        let absolute = absolutePath
        var mesh: Scenario? = noMesh ? nil : try ScenarioParser.load(path: scenario)
        let names = clusters.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            ?? mesh?.clusters.map(\.name) ?? ["east", "west"]
        if scenario == nil, let builtIn = mesh, builtIn.clusters.map(\.name) != names {
            // The built-in scenario is for east and west; other clusters start empty (an explicit --scenario must match).
            FileHandle.standardError.write(Data("skopos sim: no mesh content: the built-in scenario needs clusters east,west (use --scenario for others)\n".utf8))
            mesh = nil
        }
        let simulator: Simulator
        do {
            simulator = try Simulator(
                options: .init(clusters: names, directory: absolute(dir), flavor: flavor, stateDirectory: state.map(absolute), usersFile: users)
            )
        } catch {
            throw ValidationError("\(error)")
        }
        if let mesh {
            do {
                try MeshContent.seed(simulator, with: mesh)
            } catch {
                throw ValidationError("\(error) (choose them with --clusters, or use --no-mesh)")
            }
        }
        let service = SimulatorService(simulator: simulator, mesh: mesh.map { TrafficGenerator(topology: MeshTopology($0)) })
        let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: .init(label: "skopos.sim")))
        try await group.run()
    }
}

/// Runs the simulator as a `Service`, so SIGINT/SIGTERM shut it down gracefully (watches end, state is saved).
struct SimulatorService: ServiceLifecycle.Service {
    let simulator: Simulator
    let mesh: TrafficGenerator?

    func run() async throws {
        let (metricsReady, metricsContinuation) = AsyncStream<TrafficEndpoints>.makeStream()
        if mesh == nil { metricsContinuation.finish() }
        // When the simulator stops, the URLs in mesh.json answer no more.
        defer { try? FileManager.default.removeItem(atPath: simulator.options.directory + "/mesh.json") }
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let mesh {
                    group.addTask { try await TrafficServer(generator: mesh) { metricsContinuation.yield($0) }.run() }
                }
                group.addTask { try await runSimulator(metricsReady) }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    func runSimulator(_ metricsReady: AsyncStream<TrafficEndpoints>) async throws {
        try await simulator.run { report in
                var lines: [String] = []
                for (name, endpoints) in report.clusters {
                    var line = "\(name): \(endpoints.apiURL)"
                    if let router = endpoints.routerURL { line += " router \(router)" }
                    lines.append(line)
                }
                var iterator = metricsReady.makeAsyncIterator()
                if let traffic = await iterator.next() {
                    let metrics = traffic.metrics
                    for (name, _) in report.clusters { if let url = metrics[name] { lines.append("\(name) metrics: \(url)") } }
                    lines.append("faults: \(traffic.faults)")
                    let json: JSONValue = ["metrics": .object(metrics.mapValues { .string($0) }), "faults": .string(traffic.faults)]
                    let path = simulator.options.directory + "/mesh.json"
                    do {
                        try AtomicFile.write(JSONWriter.write(json) + [0x0A], to: path, mode: 0o644)
                    } catch {
                        FileHandle.standardError.write(Data("skopos sim: cannot write \(path): \(error)\n".utf8))
                    }
                }
                if let users = report.usersPath { lines.append("users: \(users)") }
                lines.append("kubeconfig: \(report.kubeconfigPath)")
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
    }
}
