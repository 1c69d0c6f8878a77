import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Every cluster the console knows: the home cluster and the remote ones from the remote-cluster secrets
/// directory. Unlike Kiali, a kubeconfig file that appears, changes or disappears takes effect without a restart;
/// a bad file is reported with its path and reason while the other clusters keep working.
public final class ClusterRegistry: ServiceLifecycle.Service, Sendable {
    struct Running: Sendable {
        var cache: ClusterCache
        var fingerprint: String
        var task: Task<Void, Never>
    }

    let home: ResolvedCluster?
    let homeName: String?
    let directory: RemoteSecretsDirectory
    let pollInterval: Duration
    let probeInterval: Duration
    let logger: Logger
    /// The namespaces each cluster's caches watch.
    public let access: AccessScope
    let hub: ChangeHub
    /// Opens when the home cluster and the remote clusters found at start-up have been added.
    private let started = SyncLatch()
    private struct State {
        var clusters: [String: Running] = [:] {
            didSet { ordered = clusters.values.map(\.cache).sorted { ($0.isHome ? 0 : 1, $0.name) < ($1.isHome ? 0 : 1, $1.name) } }
        }
        /// The caches, home first, then by name (kept sorted, for snapshots).
        private(set) var ordered: [ClusterCache] = []
        var problems: [RemoteSecretsDirectory.Problem] = []
        /// The home cluster's name as resolved at start (configured, istiod's `CLUSTER_ID`, or the kubeconfig's).
        var homeName: String?
    }

    private let state = Mutex(State())

    /// - Parameters:
    ///   - home: the home cluster (in-cluster service account or kubeconfig), if any.
    ///   - homeName: its name (configured or detected); defaults to the kubeconfig's cluster name.
    ///   - directory: where remote-cluster kubeconfigs are mounted.
    ///   - pollInterval: how often the directory is read again.
    ///   - probeInterval: how often each cluster's reachability and served kinds are checked.
    ///   - access: which namespaces the caches watch (`deployment.cluster_wide_access`, `discovery_selectors`).
    ///   - changeBufferLimit: how many changes a subscriber of ``changes(startingWithSnapshot:)`` may have unread
    ///     before it is told it fell behind.
    public init(
        home: ResolvedCluster?, homeName: String? = nil, directory: RemoteSecretsDirectory = RemoteSecretsDirectory(),
        pollInterval: Duration = .seconds(2), probeInterval: Duration = .seconds(30), access: AccessScope = .clusterWide,
        changeBufferLimit: Int = 10_000, logger: Logger = Logger(label: "skopos.kube")
    ) {
        self.access = access
        self.hub = ChangeHub(bufferLimit: changeBufferLimit)
        self.home = home
        self.homeName = homeName
        self.directory = directory
        self.pollInterval = pollInterval
        self.probeInterval = probeInterval
        self.logger = logger
    }

    /// The clusters' caches, home first, then by name.
    public var clusters: [ClusterCache] {
        state.withLock { $0.ordered }
    }

    /// One cluster's cache.
    public func cluster(_ name: String) -> ClusterCache? {
        state.withLock { $0.clusters[name]?.cache }
    }

    /// Every cluster's status.
    public var statuses: [ClusterStatus] { clusters.map(\.status) }

    // MARK: - The read model

    /// Every cluster's cached objects and status now, home first.
    /// - Complexity: O(clusters × kinds); no object is copied, and no later change alters the snapshot.
    public func snapshot() -> MeshSnapshot {
        MeshSnapshot(clusters: clusters.map { $0.snapshot() })
    }

    /// Every change from now on: objects added, modified and deleted in every cluster, and clusters added, removed or
    /// changing status. A subscriber that falls more than `changeBufferLimit` changes behind gets
    /// ``MeshEvent/fellBehind(_:)`` with a fresh snapshot instead of silently fewer changes.
    /// - Parameter startingWithSnapshot: begin with ``MeshEvent/snapshot(_:)``, the state the changes apply to.
    public func changes(startingWithSnapshot: Bool = false) -> ChangeStream {
        ChangeStream(hub: hub, startingWithSnapshot: startingWithSnapshot) { [weak self] in self?.snapshot() ?? MeshSnapshot(clusters: []) }
    }

    /// Returns once the clusters known at start-up (the home cluster and the remote-cluster files present then) have
    /// synced: every served kind listed once. No polling. A cluster that stays unreachable keeps this waiting; race it
    /// with a timeout, or wait for one cluster with ``synced(cluster:)``.
    public func synced() async {
        await started.wait()
        for cache in clusters {
            await cache.synced()
        }
    }

    /// Returns once one cluster has synced; `false` at once if there is no such cluster (yet).
    @discardableResult
    public func synced(cluster name: String) async -> Bool {
        await started.wait()
        guard let cache = cluster(name) else { return false }
        await cache.synced()
        return !Task.isCancelled
    }

    /// Why the home cluster's name may be wrong (no configured name and no istiod `CLUSTER_ID`), for `/api/status`.
    public var homeNameWarning: String? { homeWarning.withLock { $0 } }
    private let homeWarning = Mutex<String?>(nil)

    /// The configured name; else istiod's `CLUSTER_ID`; else, outside a pod, the kubeconfig's cluster name (better
    /// than Kiali's `Kubernetes`, which matches no Prometheus label), with a warning either way.
    func resolveHomeName(connection: KubeConnection, kubeconfigName: String) async -> String {
        if let homeName, !homeName.isEmpty { return homeName }
        let result: HomeClusterName.Result
        do {
            result = try await HomeClusterName.detect(configured: nil, connection: connection, scope: access.scope(for: kubeconfigName))
        } catch {
            result = .init(name: HomeClusterName.fallback, warning: "istiod could not be listed to find the home cluster name: \(error)")
        }
        guard result.name == HomeClusterName.fallback, kubeconfigName != KubeconfigLoader.inClusterName, !kubeconfigName.isEmpty else {
            homeWarning.withLock { $0 = result.warning }
            return result.name
        }
        homeWarning.withLock { $0 = "no istiod sets CLUSTER_ID; the home cluster is named \"\(kubeconfigName)\" after the kubeconfig" }
        return kubeconfigName
    }

    /// Files in the secrets directory that could not be used, with why.
    public var problems: [RemoteSecretsDirectory.Problem] { state.withLock { $0.problems } }

    /// Starts the home cluster and the remote ones, then keeps the remote set in step with the directory until
    /// cancelled or shut down gracefully; stops every cluster on the way out.
    public func run() async throws {
        if let home {
            do {
                let connection = try KubeConnection(cluster: home, name: homeName ?? home.name, logger: logger)
                let name = await resolveHomeName(connection: connection, kubeconfigName: home.name)
                let named = name == connection.clusterName ? connection : try KubeConnection(cluster: home, name: name, logger: logger)
                if named !== connection { try? await connection.shutdown() }
                state.withLock { $0.homeName = name }
                start(name: name, isHome: true, connection: named, secretName: nil, source: nil, fingerprint: "home")
            } catch {
                logger.error("home cluster cannot be used", metadata: ["skopos.cluster": "\(home.name)", "error.type": "\(error)"])
                state.withLock { $0.problems.append(.init(path: "home cluster \(home.name)", reason: error.description)) }
            }
        }
        reconcileDirectory()
        started.open()
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await Task.sleep(for: pollInterval)
                reconcileDirectory()
            }
        } onGracefulShutdown: {}
        await stopAll()
        hub.finish()
    }

    /// Reads the directory once and adds, replaces or removes remote clusters to match it.
    public func reconcileDirectory() {
        let scan = directory.scan()
        let previousProblems = state.withLock { s -> [RemoteSecretsDirectory.Problem] in
            let old = s.problems
            s.problems = scan.problems
            return old
        }
        for problem in scan.problems where !previousProblems.contains(problem) {
            logger.error("remote cluster file ignored", metadata: ["skopos.file": "\(problem.path)", "error.type": "\(problem.reason)"])
        }
        let homeClusterName = state.withLock { $0.homeName } ?? home.map { homeName ?? $0.name }
        let wanted = Dictionary(scan.entries.filter { $0.clusterName != homeClusterName }.map { ($0.clusterName, $0) }, uniquingKeysWith: { a, _ in a })
        let current = state.withLock { s in s.clusters.filter { !$0.value.cache.isHome }.mapValues(\.fingerprint) }
        for (name, _) in current where wanted[name] == nil {
            logger.info("remote cluster removed", metadata: ["skopos.cluster": "\(name)"])
            remove(name)
        }
        for (name, entry) in wanted where current[name] != entry.fingerprint {
            if current[name] != nil {
                logger.info("remote cluster changed; reconnecting", metadata: ["skopos.cluster": "\(name)"])
                remove(name)
            }
            do {
                let connection = try KubeConnection(cluster: entry.cluster, name: name, logger: logger)
                start(name: name, isHome: false, connection: connection, secretName: entry.secretName, source: entry.path, fingerprint: entry.fingerprint)
                logger.info("remote cluster added", metadata: ["skopos.cluster": "\(name)", "skopos.file": "\(entry.path)"])
            } catch {
                state.withLock { $0.problems.append(.init(path: entry.path, reason: error.description)) }
                logger.error("remote cluster cannot be used", metadata: ["skopos.file": "\(entry.path)", "error.type": "\(error)"])
            }
        }
    }

    func start(name: String, isHome: Bool, connection: KubeConnection, secretName: String?, source: String?, fingerprint: String) {
        let cache = ClusterCache(
            name: name, isHome: isHome, connection: connection, secretName: secretName, source: source, scope: access.scope(for: name),
            probeInterval: probeInterval, hub: hub, logger: logger
        )
        // Announced before it runs, so that no change of the cluster comes before its `.added`.
        hub.publish(.cluster(.added(cache.status)))
        let task = Task { await cache.run() }
        let replaced = state.withLock { $0.clusters.updateValue(Running(cache: cache, fingerprint: fingerprint, task: task), forKey: cache.name) }
        if let replaced {
            replaced.task.cancel()
            hub.retire(replaced.cache.changeSource, publishing: .cluster(.changed(cache.status)))
        }
    }

    func remove(_ name: String) {
        let running = state.withLock { $0.clusters.removeValue(forKey: name) }
        guard let running else { return }
        running.task.cancel()
        // What the stopping cluster still publishes is dropped from here on.
        hub.retire(running.cache.changeSource, publishing: .cluster(.removed(name: name)))
    }

    func stopAll() async {
        let all = state.withLock { s -> [Running] in
            let r = Array(s.clusters.values)
            s.clusters.removeAll()
            return r
        }
        for r in all { r.task.cancel() }
        for r in all { await r.task.value }
    }
}
