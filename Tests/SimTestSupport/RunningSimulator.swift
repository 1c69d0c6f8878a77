import Foundation
public import KubeSim
public import SkoposModel

/// Simulated clusters started in-process for a test, with their kubeconfig written as `skopos sim` writes it.
public struct RunningSimulator: Sendable {
    public let directory: String
    public let report: Simulator.Report
    public let clusters: [SimCluster]

    public var kubeconfig: String { report.kubeconfigPath }

    public func cluster(_ name: String) -> SimCluster { clusters.first { $0.name == name }! }

    public func endpoints(_ name: String) -> SimEndpoints { report.clusters.first { $0.name == name }!.endpoints }

    /// A kubectl runner bound to this simulator's kubeconfig and a private cache directory.
    public var kubectl: Kubectl { Kubectl(kubeconfig: kubeconfig, home: directory) }

    /// A runner for a given kubectl binary, with its own cache directory.
    public func kubectl(_ binary: String) -> Kubectl {
        let home = directory + "/home-" + String(binary.hashValue.magnitude)
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return Kubectl(kubeconfig: kubeconfig, home: home, binary: binary)
    }
}

/// Errors of the test helpers.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Starts simulated clusters in-process, runs `body`, then stops them.
/// - Parameters:
///   - clusters: cluster names.
///   - flavor: `.openshift` (default) or `.kubernetes`.
///   - stateDirectory: persist state there (restarts within one test reuse it).
///   - directory: where kubeconfig and sim.json go; a temporary directory when `nil`.
public func withSimulator<T: Sendable>(
    clusters: [String] = ["east"],
    flavor: ClusterFlavor = .openshift,
    stateDirectory: String? = nil,
    directory: String? = nil,
    configure: @Sendable (inout SimClusterOptions) -> Void = { _ in },
    _ body: @Sendable (RunningSimulator) async throws -> T
) async throws -> T {
    let dir = directory ?? (NSTemporaryDirectory() + "skopos-sim-" + UUID().uuidString.prefix(8).lowercased())
    defer { if directory == nil { try? FileManager.default.removeItem(atPath: dir) } }
    let simulator = try Simulator(options: .init(clusters: clusters, directory: dir, flavor: flavor, stateDirectory: stateDirectory), configure: configure)
    let (reports, continuation) = AsyncStream<Simulator.Report>.makeStream()
    let task = Task {
        try await simulator.run { report in continuation.yield(report) }
    }
    defer { task.cancel() }
    let report = try await withThrowingTaskGroup(of: Simulator.Report?.self) { group in
        group.addTask {
            for await report in reports { return report }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: .seconds(60))
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
    guard let report else { throw TestSupportError("the simulated clusters did not start within 60 s") }
    let running = RunningSimulator(directory: dir, report: report, clusters: simulator.clusters)
    do {
        let result = try await body(running)
        task.cancel()
        _ = await task.result
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

/// One simulated cluster run in-process by hand, for tests that stop and restart it.
public final class RunningCluster: Sendable {
    public let cluster: SimCluster
    public let endpoints: SimEndpoints
    let task: Task<Void, any Error>

    init(cluster: SimCluster, endpoints: SimEndpoints, task: Task<Void, any Error>) {
        self.cluster = cluster
        self.endpoints = endpoints
        self.task = task
    }

    /// Starts a cluster and waits until it answers.
    /// - Parameter seed: objects the cluster holds when it starts (its controllers then create their pods).
    public static func start(_ options: SimClusterOptions, seed: [JSONValue] = []) async throws -> RunningCluster {
        let cluster = try SimCluster(options: options)
        if !seed.isEmpty { try cluster.seed(seed) }
        let (ready, continuation) = AsyncStream<SimEndpoints>.makeStream()
        let task = Task { try await cluster.run { continuation.yield($0) } }
        for await endpoints in ready {
            return RunningCluster(cluster: cluster, endpoints: endpoints, task: task)
        }
        throw TestSupportError("cluster \(options.name) did not start")
    }

    /// A kubeconfig text with this cluster alone, as a remote-cluster secret holds it.
    public var kubeconfigText: String {
        get throws {
            try SimKubeconfig.render([.init(name: cluster.name, server: endpoints.apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)])
        }
    }

    /// Stops the cluster and waits for it (with `--state`, it saves first).
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
