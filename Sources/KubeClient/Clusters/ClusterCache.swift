import Foundation
import NIOHTTP1
public import KubeTypes
public import Logging
import SkoposModel
import Synchronization

/// Cluster cache identities, unique in the process, for retiring a removed cluster's changes.
private let nextSource = Atomic<UInt64>(0)

/// The caches of one cluster: one store per kind of ``KindCatalog/cached`` that the cluster serves, filled by
/// informers (cluster-wide, or per namespace in scope), with the cluster's status.
///
/// Core and `apps` kinds start at once; the Istio and Gateway API kinds once discovery says which the cluster serves
/// (checked again every probe interval, so CRDs installed later are picked up). A kind the cluster does not serve is
/// reported as not served, not as an error.
public final class ClusterCache: Sendable {
    public let name: String
    public let isHome: Bool
    public let secretName: String?
    public let source: String?
    public let connection: KubeConnection
    /// The namespaces the namespaced kinds are watched in.
    public let scope: NamespaceScope
    /// How often reachability and served kinds are checked (and, without cluster-wide access, the namespaces read).
    public let probeInterval: Duration
    let hub: ChangeHub
    let logger: Logger
    /// This cache's identity in the change stream.
    let changeSource: UInt64

    private struct Probe {
        var reachable = false
        var error: KubeAPIError?
        var version: String?
    }

    /// The caches of the kinds started so far, by kind.
    private let caches: Mutex<[ResourceKind: any AnyKindCache]>
    /// What discovery found for the kinds that wait for it (`unknown` until it answers, then `notServed` or started).
    private let discovery: Mutex<[ResourceKind: KindStatus.State]>
    private let discovered = SyncLatch()
    private let discoveryFailure = Mutex<KubeAPIError?>(nil)
    /// Opens when the cluster has synced, or when the cache stops without having synced.
    private let settled = SyncLatch()
    private let probe = Mutex(Probe())
    /// The status as last computed; recomputed whenever an informer, the probe or discovery changes state.
    private let current: Mutex<ClusterStatus>
    /// New kinds discovered while running, to start in the running task group.
    private let starts: (stream: AsyncStream<any AnyKindCache>, continuation: AsyncStream<any AnyKindCache>.Continuation)

    /// The kinds started before discovery: the core and `apps` groups, which every cluster serves.
    static func startsWithoutDiscovery(_ kind: ResourceKind) -> Bool { kind.group.isEmpty || kind.group == "apps" }

    /// - Parameters:
    ///   - scope: The namespaces to watch namespaced kinds in (`.clusterWide` by default).
    ///   - probeInterval: How often `GET /version` checks reachability and discovery looks for new kinds (30 s).
    public convenience init(
        name: String, isHome: Bool, connection: KubeConnection, secretName: String? = nil, source: String? = nil, scope: NamespaceScope = .clusterWide,
        probeInterval: Duration = .seconds(30), logger: Logger = Logger(label: "skopos.kube")
    ) {
        self.init(
            name: name, isHome: isHome, connection: connection, secretName: secretName, source: source, scope: scope, probeInterval: probeInterval,
            hub: ChangeHub(), logger: logger
        )
    }

    init(
        name: String, isHome: Bool, connection: KubeConnection, secretName: String?, source: String?, scope: NamespaceScope, probeInterval: Duration,
        hub: ChangeHub, logger: Logger
    ) {
        self.name = name
        self.isHome = isHome
        self.connection = connection
        self.secretName = secretName
        self.source = source
        self.scope = scope
        self.probeInterval = probeInterval
        self.hub = hub
        self.logger = logger
        self.changeSource = nextSource.add(1, ordering: .relaxed).newValue
        self.caches = Mutex([:])
        self.discovery = Mutex([:])
        self.starts = AsyncStream.makeStream()
        self.current = Mutex(
            ClusterStatus(name: name, isHome: isHome, secretName: secretName, source: source, apiEndpoint: connection.server, reachable: false, synced: false, scope: scope)
        )
        var initial: [ResourceKind: any AnyKindCache] = [:]
        var waiting: [ResourceKind: KindStatus.State] = [:]
        for kind in KindCatalog.cached {
            if Self.startsWithoutDiscovery(kind.resource) {
                initial[kind.resource] = makeCache(kind)
            } else {
                waiting[kind.resource] = .unknown
            }
        }
        let started = initial
        let pending = waiting
        caches.withLock { $0 = started }
        discovery.withLock { $0 = pending }
        refreshStatus(publish: false)
    }

    private func makeCache<K: AnyKind>(_ kind: K) -> any AnyKindCache {
        KindCache<K.Object>(
            kind: Kind(kind.resource), connection: connection, scope: scope, refreshInterval: probeInterval,
            publisher: ChangePublisher(cluster: name, kind: kind.resource, hub: hub, source: changeSource), onStateChange: { [weak self] in self?.refreshStatus() },
            logger: logger
        )
    }

    // MARK: - Reads

    /// The store of a kind, if the cluster serves it (and discovery has said so).
    public func store<Object>(_ kind: Kind<Object>) -> ObjectStore<Object>? {
        (caches.withLock { $0[kind.resource] } as? KindCache<Object>)?.store
    }

    /// The informers filling a kind's store (one per namespace in scope for a namespaced kind, else one).
    public func informers<Object>(_ kind: Kind<Object>) -> [Informer<Object>] {
        (caches.withLock { $0[kind.resource] } as? KindCache<Object>)?.informers ?? []
    }

    /// Everything cached now, with the cluster's status.
    /// - Complexity: O(kinds); no object is copied.
    public func snapshot() -> ClusterSnapshot {
        let all = caches.withLock { $0 }
        return ClusterSnapshot(status: current.withLock { $0 }, stores: all.mapValues { $0.contents() })
    }

    /// The cluster's status now.
    public var status: ClusterStatus { current.withLock { $0 } }

    /// Whether every kind is known (served or not) and every served kind's informers have listed once.
    public var isSynced: Bool { status.synced }

    /// Returns once discovery has answered and every served kind has been listed once (a kind found not served
    /// counts as settled); or once the cache stops, or the task is cancelled, without that. No polling.
    /// - Returns: Whether the cluster synced.
    @discardableResult
    public func synced() async -> Bool {
        await settled.wait()
        return status.synced
    }

    /// Waits until the cache has synced, or `timeout` passes.
    /// - Returns: whether it synced in time.
    public func waitUntilSynced(timeout: Duration) async -> Bool {
        await withTimeout(timeout, fallback: false) { await self.synced() }
    }

    // MARK: - Status

    /// Recomputes the status; publishes it to the change stream when it changed (under the same lock, so that
    /// subscribers see the statuses in the order they were computed).
    func refreshStatus(publish: Bool = true) {
        let synced = current.withLock { status -> Bool in
            let fresh = computeStatus()
            guard fresh != status else { return fresh.synced }
            status = fresh
            if publish { hub.publish(.cluster(.changed(fresh)), source: changeSource) }
            return fresh.synced
        }
        if synced { settled.open() }
    }

    private func computeStatus() -> ClusterStatus {
        let p = probe.withLock { $0 }
        let started = caches.withLock { $0 }
        let waiting = discovery.withLock { $0 }
        var kinds: [KindStatus] = []
        var synced = discovered.isOpen
        var firstFailing: KubeAPIError?
        for kind in KindCatalog.cached.map(\.resource) {
            if let cache = started[kind] {
                let state = cache.state
                kinds.append(KindStatus(kind: kind, state: state))
                if !cache.hasSynced && state != .notServed { synced = false }
                if case .failing(let error) = state, firstFailing == nil { firstFailing = error }
            } else {
                kinds.append(KindStatus(kind: kind, state: waiting[kind] ?? .unknown))
            }
        }
        let error = p.error ?? discoveryFailure.withLock({ $0 }) ?? firstFailing
        return ClusterStatus(
            name: name, isHome: isHome, secretName: secretName, source: source, apiEndpoint: connection.server,
            reachable: p.reachable, synced: synced, lastError: error?.description, lastFailureKind: error?.kind, serverVersion: p.version, scope: scope,
            kinds: kinds
        )
    }

    // MARK: - Running

    /// Runs the informers, discovery and the reachability probe until cancelled, then closes the connection.
    public func run() async {
        defer { settled.open() }
        let probeInterval = self.probeInterval
        await withDiscardingTaskGroup { group in
            group.addTask { await self.probeLoop(interval: probeInterval) }
            for cache in caches.withLock({ Array($0.values) }) {
                for feeder in cache.feeders { group.addTask { await feeder.run() } }
            }
            group.addTask {
                await self.synced()
                if !Task.isCancelled { MemoryRelease.afterBulkLoad() }
            }
            group.addTask { await self.discoveryLoop(interval: probeInterval) }
            for await cache in starts.stream {
                for feeder in cache.feeders { group.addTask { await feeder.run() } }
            }
        }
        try? await connection.shutdown()
    }

    /// Finds which Istio and Gateway API kinds the cluster serves (retrying every 5 s until it answers), starts their
    /// caches, and looks again every `interval` for kinds installed later.
    func discoveryLoop(interval: Duration) async {
        // Ending the stream ends the loop that starts new kinds' feeders.
        defer { starts.continuation.finish() }
        while !Task.isCancelled {
            let wanted = discovery.withLock { Array($0.keys) }
            if wanted.isEmpty && discovered.isOpen { return }
            do {
                let served = try await servedKinds(among: wanted)
                for kind in KindCatalog.cached where served.contains(kind.resource) {
                    let cache = makeCache(kind)
                    caches.withLock { $0[kind.resource] = cache }
                    discovery.withLock { $0[kind.resource] = nil }
                    starts.continuation.yield(cache)
                }
                discovery.withLock { states in
                    for kind in wanted where !served.contains(kind) { states[kind] = .notServed }
                }
                discoveryFailure.withLock { $0 = nil }
                discovered.open()
                refreshStatus()
                try? await Task.sleep(for: interval)
            } catch {
                if Task.isCancelled { return }
                logger.debug("discovery failed", metadata: ["skopos.cluster": "\(name)", "error.type": "\(error)"])
                discoveryFailure.withLock { $0 = error }
                refreshStatus()
                try? await Task.sleep(for: discovered.isOpen ? interval : .seconds(5))
            }
        }
    }

    /// The kinds among `wanted` that the cluster serves: their group version is listed under `/apis` and the
    /// resource in the group version's resource list.
    func servedKinds(among wanted: [ResourceKind]) async throws(KubeAPIError) -> Set<ResourceKind> {
        guard !wanted.isEmpty else { return [] }
        let groups = try connection.json(try await connection.send(.GET, "/apis", timeout: .seconds(10)), path: "/apis")
        var groupVersions: Set<String> = []
        for group in groups["groups"]?.arrayValue ?? [] {
            for version in group["versions"]?.arrayValue ?? [] {
                if let gv = version["groupVersion"]?.stringValue { groupVersions.insert(gv) }
            }
        }
        var served: Set<ResourceKind> = []
        for (apiVersion, kinds) in Dictionary(grouping: wanted, by: \.apiVersion) where groupVersions.contains(apiVersion) {
            let path = "/apis/\(apiVersion)"
            let list = try connection.json(try await connection.send(.GET, path, timeout: .seconds(10)), path: path)
            let resources = Set((list["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
            for kind in kinds where resources.contains(kind.resource) { served.insert(kind) }
        }
        return served
    }

    func probeLoop(interval: Duration) async {
        while !Task.isCancelled {
            do {
                let version = try await connection.serverVersion(timeout: .seconds(5))
                probe.withLock { $0 = Probe(reachable: true, error: nil, version: version) }
            } catch {
                if Task.isCancelled { return }
                probe.withLock { $0 = Probe(reachable: false, error: error, version: $0.version) }
            }
            refreshStatus()
            try? await Task.sleep(for: interval)
        }
    }
}
