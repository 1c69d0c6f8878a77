import Foundation
import KubeClient
import KubeTypes

/// The bare-client baseline of the sync figure: LIST every kind the caches read (at resourceVersion 0, as an
/// informer's first LIST), in both clusters at once, decode into the same slim models, keep nothing.
enum BaselineBench {
    static func run(kubeconfig path: String) async throws {
        let kubeconfig = try KubeconfigLoader.load(path: path)
        let connections = try ["east", "west"].map { try KubeConnection(cluster: try kubeconfig.resolve(context: $0), name: $0) }
        let clock = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for connection in connections {
                for kind in KindCatalog.cached {
                    group.addTask { try await list(kind, connection) }
                }
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let elapsed = ContinuousClock.now - clock
        let seconds = elapsed.inSeconds
        print(String(format: "%.3f", seconds), "\(counts) objects")
        for connection in connections { try await connection.shutdown() }
    }

    static func list<K: AnyKind>(_ kind: K, _ connection: KubeConnection) async throws -> Int {
        let page = try await connection.list(K.Object.self, kind.resource.groupVersionResource, options: ListOptions(resourceVersion: "0"))
        return page.items.count
    }
}
