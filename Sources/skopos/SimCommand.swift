import ArgumentParser
import Foundation
import Logging
import MeshSim
import ServiceLifecycle
import SkoposDemo
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

    @Option(help: "The clusters' flavor: OpenShift (its API groups, Routes, router and OAuth) or plain Kubernetes.")
    var flavor: FlavorOption = .openshift

    @Option(help: "Directory in which to persist CA, tokens, ports and objects across restarts.")
    var state: String?

    @Option(help: "OAuth users file: one user:password[:group1,group2] per line.")
    var users: String?

    @Option(
        name: .customLong("run-image"),
        help: "IMAGE=EXECUTABLE: pods of that image (tag and digest ignored) run as local processes, EXECUTABLE standing for its entrypoint. Repeatable."
    )
    var runImage: [String] = []

    func run() async throws {
        let mesh: SimOptions.Mesh
        if noMesh {
            mesh = .none
        } else if let scenario {
            mesh = .scenario(try ScenarioParser.load(path: scenario))
        } else {
            mesh = .builtIn
        }
        var images: [String: String] = [:]
        for entry in runImage {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--run-image \(entry): expected IMAGE=EXECUTABLE")
            }
            let executable = absolutePath(parts[1])
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw ValidationError("--run-image \(entry): \(executable) is not an executable file")
            }
            images[parts[0]] = executable
        }
        var options = SimOptions(
            clusters: clusters.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
            mesh: mesh, directory: absolutePath(dir), flavor: flavor.flavor, stateDirectory: state.map(absolutePath), usersFile: users
        )
        options.runImages = images
        let sim: SimRun
        do {
            sim = try SimRun(options: options) { warning in
                FileHandle.standardError.write(Data("skopos sim: \(warning)\n".utf8))
            } onReady: { report in
                FileHandle.standardOutput.write(Data((report.lines.joined(separator: "\n") + "\n").utf8))
            }
        } catch {
            throw ValidationError(error.description)
        }
        let group = ServiceGroup(configuration: .init(services: [sim], gracefulShutdownSignals: [.sigterm, .sigint], logger: .init(label: "skopos.sim")))
        try await group.run()
    }
}
