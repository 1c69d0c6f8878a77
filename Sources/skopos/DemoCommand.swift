import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import MeshSim
import ServiceLifecycle
import SkoposDemo
import UnixSignals

/// `skopos demo`: a first look at a two-cluster mesh, with real Prometheus and live traffic.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run simulated clusters with mesh traffic, one Prometheus per cluster and a federating Prometheus.",
        discussion: """
            Starts the simulated clusters of the scenario (the built-in Bookinfo on east and west by default), the \
            mesh telemetry of each cluster, one Prometheus per cluster scraping it and a federating Prometheus pulling \
            both through /federate. When everything answers, writes DIR/demo.json and prints the same. Ctrl-C stops \
            every process it started.
            """
    )

    @Option(help: "Directory for demo.json, the kubeconfig and the Prometheus data.")
    var dir: String = ".demo"

    @Option(help: "Scenario file (YAML); the built-in Bookinfo scenario when omitted.")
    var scenario: String?

    @Option(help: "How the console lets users in: openshift logs in to each cluster, as the seed does; anonymous skips login.")
    var auth: AuthOption = .openshift

    @Option(help: "The console's port (the next free one if taken).")
    var port: Int = 20001

    @Option(help: "Seconds between scrapes and between federation pulls.")
    var scrapeInterval: Int = 5

    @Option(help: "The simulated clusters' flavor: OpenShift (its API groups, Routes, router and OAuth) or plain Kubernetes.")
    var flavor: FlavorOption = .openshift

    @Flag(help: "Print the built-in scenario and exit.")
    var printScenario = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (1...300).contains(scrapeInterval) else { throw ValidationError("--scrape-interval must be between 1 and 300 seconds") }
    }

    func run() async throws {
        if printScenario {
            print(DefaultScenario.text)
            return
        }
        let scenario = try ScenarioParser.load(path: scenario)
        let options = DemoOptions(
            directory: absolutePath(dir), scenario: scenario, flavor: flavor.flavor,
            scrapeInterval: scrapeInterval, auth: auth.auth, consolePort: port, consoleExecutable: Self.ownExecutable
        )
        if auth != .anonymous {
            print("note: --auth \(auth.rawValue) needs the login strategies, which come with the console API; the console runs with auth.strategy: anonymous for now")
        }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let demo = Demo(options: options, httpClient: httpClient) { report in
            FileHandle.standardOutput.write(Data((report.lines + ["demo.json: \(options.directory)/demo.json", "Stop with Ctrl-C."]).joined(separator: "\n").utf8 + [0x0A]))
        }
        let group = ServiceGroup(configuration: .init(services: [demo], gracefulShutdownSignals: [.sigterm, .sigint, .sighup], logger: Logger(label: "skopos.demo")))
        do {
            try await group.run()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}

extension DemoCommand {
    /// This `skopos` binary, which also runs the console.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolutePath(CommandLine.arguments[0])
    }
}

/// An absolute path, so printed paths work from any directory.
func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}
