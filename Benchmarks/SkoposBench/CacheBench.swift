import Foundation
import KubeClient
import KubeSim
import KubeTypes
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The read model against two loaded simulated clusters: sync time (against the bare-client baseline), memory,
/// snapshot cost, selector look-ups, and the delay from a change to a subscriber of the change stream.
struct CacheBench {
    let resolved: [ResolvedCluster]
    let work: String
    let pods: Int
    let namespaces: Int
    let baselineSeconds: Double

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func percentile(_ sorted: [Duration], _ p: Int) -> Duration {
        sorted[min(sorted.count - 1, sorted.count * p / 100)]
    }

    func run() async throws {
        // East is the home cluster; west comes from a remote-cluster secret, as in the seed.
        let west = resolved[1]
        guard case .token(let token) = west.credentials, let ca = west.caPEM else { throw BenchError("west has no token or CA") }
        let secrets = work + "/secrets"
        try FileManager.default.createDirectory(atPath: secrets + "/kiali-remote-cluster-secret-west", withIntermediateDirectories: true)
        try SimKubeconfig.render([.init(name: "west", server: west.server, caPEM: String(decoding: ca, as: UTF8.self), token: token)])
            .write(toFile: secrets + "/kiali-remote-cluster-secret-west/west", atomically: true, encoding: .utf8)

        var logger = Logger(label: "skopos.bench")
        logger.logLevel = .warning
        let before = Bench.residentMemoryMB()
        var clock = ContinuousClock.now
        let registry = ClusterRegistry(home: resolved[0], homeName: "east", directory: RemoteSecretsDirectory(path: secrets), logger: logger)
        let task = Task { try await registry.run() }
        await registry.synced()
        let sync = ContinuousClock.now - clock
        var mesh = registry.snapshot()
        let counts = mesh.clusters.map { "\($0.name): \($0.count(.pods)) pods, \($0.count(.services)) services, \($0.count(.deployments)) deployments, \($0.count(.replicaSets)) replicasets, \($0.count(.endpoints)) endpoints" }
        print(
            String(
                format: "initial sync of 2 clusters: %.3f s = %.2f × the bare client (target ≤ 1.5×)  [%@]", sync.inSeconds,
                sync.inSeconds / baselineSeconds, counts.joined(separator: "; ")
            )
        )
        try await Task.sleep(for: .seconds(1))
        let after = Bench.residentMemoryMB()
        print(String(format: "memory: resident after sync %.0f MB (%.0f MB for the caches); peak (ru_maxrss) %.0f MB (target < 250 MB)", after, after - before, Self.peakMemoryMB()))

        // Taking a snapshot of both clusters.
        let rounds = 100_000
        clock = .now
        for _ in 0..<rounds { mesh = registry.snapshot() }
        let perSnapshot = (ContinuousClock.now - clock) / rounds
        print("snapshot of 2 clusters × \(mesh.clusters.first?.status.kinds.count ?? 0) kinds: \(perSnapshot) each, mean of \(rounds) (target < 10 µs)")

        // The pods of one service, by its selector, from the index.
        guard let east = mesh.cluster("east") else { throw BenchError("no cluster east") }
        let services = east.list(.services)
        var lookups: [Duration] = []
        var found = 0
        for (i, service) in services.enumerated() where i % 5 == 0 {
            let started = ContinuousClock.now
            let selected = east.pods(of: service)
            lookups.append(ContinuousClock.now - started)
            found += selected.count
        }
        lookups.sort()
        print("pods of a service by selector, \(lookups.count) services (\(found) pods found): median \(Self.percentile(lookups, 50)), p99 \(Self.percentile(lookups, 99)) (target median < 5 µs)")
        var workloads: [Duration] = []
        for (i, service) in services.enumerated() where i % 5 == 0 {
            let started = ContinuousClock.now
            _ = east.workloads(of: service)
            workloads.append(ContinuousClock.now - started)
        }
        workloads.sort()
        print("workloads behind a service: median \(Self.percentile(workloads, 50)), p99 \(Self.percentile(workloads, 99))")

        try await changeToSubscriber(registry)
        task.cancel()
        _ = try? await task.value
    }

    /// Patches 1,000 pods one after another and times each from the PATCH to its change reaching a subscriber.
    func changeToSubscriber(_ registry: ClusterRegistry) async throws {
        let changes = registry.changes()
        let (arrivals, arrived) = AsyncStream<(name: String, at: ContinuousClock.Instant)>.makeStream()
        let reader = Task {
            var fellBehind = 0
            for await event in changes {
                switch event {
                case .object(let change) where change.kind == Kind.pods.resource && change.type == .modified:
                    arrived.yield((change.name, .now))
                case .fellBehind:
                    fellBehind += 1
                default:
                    break
                }
            }
            return fellBehind
        }
        let writer = try KubeConnection(cluster: resolved[1], name: "writer")
        var arrivalIterator = arrivals.makeAsyncIterator()
        var delays: [Duration] = []
        let total = 1_000
        for i in 0..<total {
            let n = i * 37 % pods
            let name = "pod-\(n)"
            let started = ContinuousClock.now
            _ = try await writer.patch(
                Kind.pods.resource.groupVersionResource, namespace: "bench-\(n % namespaces)", name: name,
                body: Array(#"{"metadata":{"labels":{"bench":"change-\#(i)"}}}"#.utf8)
            )
            while let arrival = await arrivalIterator.next() {
                if arrival.name == name {
                    delays.append(arrival.at - started)
                    break
                }
            }
        }
        reader.cancel()
        let fellBehind = await reader.value
        delays.sort()
        print(
            "change to subscriber (PATCH sent → change stream), \(delays.count) changes: median \(Self.percentile(delays, 50)), p99 \(Self.percentile(delays, 99)), max \(delays.last ?? .zero); fell behind \(fellBehind) times (targets: median < 2 ms, p99 < 20 ms)"
        )
        try await writer.shutdown()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
