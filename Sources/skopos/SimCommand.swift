import ArgumentParser
import Foundation
import KubeSim
import Logging
import ServiceLifecycle
import UnixSignals

/// `skopos sim`: simulated Kubernetes/OpenShift clusters for tests and demos.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run simulated Kubernetes/OpenShift clusters that kubectl and other clients can drive.",
        discussion: """
            Each cluster is an HTTPS API server on a loopback port with its own CA. When every cluster answers, \
            DIR/kubeconfig (one context per cluster) and DIR/sim.json are written. Stop with Ctrl-C.
            """
    )

    @Option(help: "Comma-separated cluster names, e.g. east,west.")
    var clusters: String = "east,west"

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
        // Absolute paths, so the printed kubeconfig path works from any directory.
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
        let names = clusters.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let simulator: Simulator
        do {
            simulator = try Simulator(
                options: .init(clusters: names, directory: absolute(dir), flavor: flavor, stateDirectory: state.map(absolute), usersFile: users)
            )
        } catch {
            throw ValidationError("\(error)")
        }
        let service = SimulatorService(simulator: simulator)
        let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: .init(label: "skopos.sim")))
        try await group.run()
    }
}

/// Runs the simulator as a `Service`, so SIGINT/SIGTERM shut it down gracefully (watches end, state is saved).
struct SimulatorService: Service {
    let simulator: Simulator

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await simulator.run { report in
                var lines: [String] = []
                for (name, endpoints) in report.clusters {
                    var line = "\(name): \(endpoints.apiURL)"
                    if let router = endpoints.routerURL { line += " router \(router)" }
                    lines.append(line)
                }
                if let users = report.usersPath { lines.append("users: \(users)") }
                lines.append("kubeconfig: \(report.kubeconfigPath)")
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
        }
    }
}
