import Foundation
import KubeClient
import KubeSim
import SimTestSupport
import SkoposModel

/// Simulated clusters in-process holding given objects, read through a `ClusterRegistry` as `skopos serve` reads
/// them: the home cluster through its kubeconfig, the others through remote-cluster secret files.
enum MeshHarness {
    /// Starts one simulated cluster per name, seeds each with its objects, syncs a registry over them, and runs `body`.
    static func withClusters<T: Sendable>(
        _ objects: [String: [JSONValue]], home: String, _ body: @Sendable (ClusterRegistry) async throws -> T
    ) async throws -> T {
        try await withClusters(objects, home: home) { registry, _ in try await body(registry) }
    }

    /// The same, with the running clusters (to stop one, as a cluster going down).
    static func withClusters<T: Sendable>(
        _ objects: [String: [JSONValue]], home: String, _ body: @Sendable (ClusterRegistry, [String: RunningCluster]) async throws -> T
    ) async throws -> T {
        let dir = NSTemporaryDirectory() + "skopos-mesh-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var running: [String: RunningCluster] = [:]
        defer { for c in running.values { Task { await c.stop() } } }
        for name in Set(objects.keys).union([home]).sorted() {
            running[name] = try await RunningCluster.start(SimClusterOptions(name: name, flavor: .kubernetes), seed: objects[name] ?? [])
        }
        let secrets = dir + "/kiali-remote-cluster-secrets"
        for (name, cluster) in running where name != home {
            let path = "\(secrets)/kiali-remote-cluster-secret-\(name)/\(name)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try cluster.kubeconfigText.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let homeCluster = try KubeconfigLoader.parse(running[home]!.kubeconfigText, source: home).resolve(context: nil)
        let registry = ClusterRegistry(
            home: homeCluster, homeName: home, directory: RemoteSecretsDirectory(path: secrets), pollInterval: .milliseconds(200),
            probeInterval: .seconds(2))
        let task = Task { try await registry.run() }
        defer { task.cancel() }
        await registry.synced()
        let result = try await body(registry, running)
        task.cancel()
        _ = await task.result
        for c in running.values { await c.stop() }
        running = [:]
        return result
    }
}
