public import Logging
public import ServiceLifecycle
public import SkoposGraph
import SkoposModel
import Synchronization

/// The health cache (`backend.md` §7.8): every namespace of every cluster computed in the background, answers read
/// from memory.
///
/// - Runs: the first at start (``run()`` is a `Service`, so start-up does not wait for it), then every
///   `refreshInterval`, each bounded by `timeout`. A run reads the inventory (the service-account view of every
///   cluster), reaps the entries of namespaces and clusters that are gone, then computes every namespace with window
///   `duration`, or 1.1 × the time since the previous run's start when that is longer.
/// - [PERF] Queries: per cluster, namespaces go in batches of `namespacesPerQuery`; each batch is **two** queries
///   (requests to the batch's services and requests from the batch's namespaces, ``HealthQueries/batchDestination(namespaces:cluster:window:)``
///   and ``HealthQueries/batchSource(namespaces:cluster:window:)``), split per namespace in memory into exactly what
///   upstream's three per-namespace queries return. At most `concurrency` batches are in flight; each batch's results
///   are published as soon as they are computed (copy-on-write entries behind a lock).
/// - Failures: a kind whose rates failed keeps its previous value (services need the first query; apps and workloads
///   both). A namespace never computed reads as empty maps (`NA`).
///
/// ```swift
/// let cache = HealthCache(settings: .init(), rates: rates, queryScope: scope, metrics: .prometheus(client)) {
///     HealthInventory.snapshot(registry.snapshot())
/// }
/// // in the ServiceGroup: cache
/// let (health, cached) = cache.clustersHealth(cluster: "east", namespaces: ["bookinfo"], types: .all)
/// ```
public final class HealthCache: Service, Sendable {
    /// `health_config.compute` and the batching knobs.
    public struct Settings: Sendable, Hashable {
        /// `compute.duration` (default `5m`): the shortest rate window.
        public var duration: HealthWindow
        /// `compute.refresh_interval` (default 3 minutes).
        public var refreshInterval: Duration
        /// `compute.timeout` (default 10 minutes): a run still going then is cancelled; what it published stays.
        public var timeout: Duration
        /// Namespaces per batched query (default 200; at least 1).
        public var namespacesPerQuery: Int
        /// Batches in flight at once (default 4; at least 1).
        public var concurrency: Int

        /// Kiali's defaults.
        public init(
            duration: HealthWindow = .default, refreshInterval: Duration = .seconds(180), timeout: Duration = .seconds(600), namespacesPerQuery: Int = 200,
            concurrency: Int = 4
        ) {
            self.duration = duration
            self.refreshInterval = refreshInterval
            self.timeout = timeout
            self.namespacesPerQuery = max(1, namespacesPerQuery)
            self.concurrency = max(1, concurrency)
        }
    }

    /// The health of one namespace of one cluster, as last computed.
    public struct Entry: Sendable, Hashable {
        /// The cluster's name.
        public var cluster: String
        /// The namespace's name.
        public var namespace: String
        /// When the run that last wrote it started (Unix seconds): its query time.
        public var computedAt: Double
        /// The window of that run (`5m`, `330s`).
        public var duration: String
        /// Apps, services and workloads; a kind is `nil` until it has been computed once.
        public var health: NamespaceHealth

        /// An entry.
        public init(cluster: String, namespace: String, computedAt: Double, duration: String, health: NamespaceHealth) {
            self.cluster = cluster
            self.namespace = namespace
            self.computedAt = computedAt
            self.duration = duration
            self.health = health
        }
    }

    /// What one run did.
    public struct RunReport: Sendable, Hashable {
        /// Its window.
        public var window: HealthWindow
        /// Its query time (Unix seconds).
        public var time: Double
        /// Namespaces computed (whatever their queries' fate).
        public var namespaces = 0
        /// Queries sent.
        public var queries = 0
        /// Queries that failed.
        public var failedQueries = 0
        /// Entries reaped (namespaces or clusters gone).
        public var reaped = 0
    }

    struct Key: Hashable, Sendable {
        var cluster: String
        var namespace: String
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var previousRunStart: Double?
        var running = false
    }

    /// The settings it runs with.
    public let settings: Settings
    let rates: [HealthRate]
    let queries: HealthQueries
    let metrics: HealthMetricsSource
    let inventory: @Sendable () -> HealthInventory
    let generation: (@Sendable () -> Int)?
    let now: @Sendable () -> Double
    let logger: Logger
    private let state = Mutex(State())

    /// A cache with nothing computed yet.
    /// - Parameters:
    ///   - rates: `health_config.rate` with Kiali's default entry appended (``HealthRate/withDefault(_:)``).
    ///   - queryScope: `external_services.prometheus.query_scope`, added to every query.
    ///   - metrics: Where the rates come from.
    ///   - now: The wall clock in Unix seconds (tests pass a fake one).
    ///   - inventory: Every namespace of every cluster, read at the start of each run.
    public init(
        settings: Settings = Settings(), rates: [HealthRate], queryScope: [String: String] = [:], metrics: HealthMetricsSource,
        logger: Logger = Logger(label: "skopos.health"), now: @escaping @Sendable () -> Double = { UnixTime.now() },
        generation: (@Sendable () -> Int)? = nil, inventory: @escaping @Sendable () -> HealthInventory
    ) {
        self.generation = generation
        self.settings = settings
        self.rates = rates
        self.queries = HealthQueries(queryScope: queryScope)
        self.metrics = metrics
        self.logger = logger
        self.now = now
        self.inventory = inventory
    }

    // MARK: - Service

    /// Runs until cancelled or asked to shut down gracefully: a run now, then one every `refreshInterval`, each bounded
    /// by `timeout`; and, with a `generation`, a run as soon as it changes (a cluster synced, namespaces came or went),
    /// checked every 2 s, so that a console that starts before its clusters have synced, or sees new namespaces, does
    /// not wait a whole `refreshInterval` for their health.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let seen = generation?()
                let started = ContinuousClock.now
                let report = await withTimeout(settings.timeout, fallback: nil) { await self.refresh() }
                if report == nil && !Task.isCancelled {
                    logger.warning("health run did not finish within compute.timeout; results published so far are kept")
                }
                while !Task.isCancelled, ContinuousClock.now - started < settings.refreshInterval {
                    let step = min(.seconds(2), settings.refreshInterval - (ContinuousClock.now - started))
                    do { try await Task.sleep(for: max(step, .milliseconds(10))) } catch { return }
                    if let generation, generation() != seen { break }
                }
            }
        }
    }

    // MARK: - Reads

    /// One namespace's entry, if it was computed.
    public func entry(cluster: String, namespace: String) -> Entry? {
        state.withLock { $0.entries[Key(cluster: cluster, namespace: namespace)] }
    }

    /// Every entry of a cluster, by namespace name.
    public func entries(cluster: String) -> [String: Entry] {
        state.withLock { s in
            var result: [String: Entry] = [:]
            for (key, e) in s.entries where key.cluster == cluster { result[key.namespace] = e }
            return result
        }
    }

    /// The `/api/clusters/health` answer for namespaces of a cluster, from memory only (`rateInterval` and `queryTime`
    /// do not apply). A namespace without an entry gets empty maps.
    /// - Parameter namespaces: The namespaces the viewer asked for and may see.
    /// - Returns: The answer, and whether every namespace came from the cache (`X-Kiali-Health-Cached`).
    public func clustersHealth(cluster: String, namespaces: [String], types: HealthTypes) -> (health: ClustersHealth, cached: Bool) {
        let found: [String: Entry] = state.withLock { s in
            var result: [String: Entry] = [:]
            for ns in namespaces {
                if let e = s.entries[Key(cluster: cluster, namespace: ns)] { result[ns] = e }
            }
            return result
        }
        var health: [String: NamespaceHealth] = [:]
        for ns in namespaces {
            let h = found[ns]?.health ?? NamespaceHealth()
            health[ns] = NamespaceHealth(
                apps: types.contains(.app) ? h.apps ?? [:] : nil,
                services: types.contains(.service) ? h.services ?? [:] : nil,
                workloads: types.contains(.workload) ? h.workloads ?? [:] : nil)
        }
        return (ClustersHealth(types: types, namespaces: health), found.count == Set(namespaces).count)
    }

    // MARK: - On-demand updates

    /// Stores an app's health computed on demand into its namespace's entry (when the entry has apps).
    public func update(cluster: String, namespace: String, app: String, _ health: AppHealth) {
        state.withLock { $0.entries[Key(cluster: cluster, namespace: namespace)]?.health.apps?[app] = health }
    }

    /// Stores a workload's health computed on demand into its namespace's entry (when the entry has workloads).
    public func update(cluster: String, namespace: String, workload: String, _ health: WorkloadHealth) {
        state.withLock { $0.entries[Key(cluster: cluster, namespace: namespace)]?.health.workloads?[workload] = health }
    }

    /// Stores a service's health computed on demand into its namespace's entry (when the entry has services).
    public func update(cluster: String, namespace: String, service: String, _ health: ServiceHealth) {
        state.withLock { $0.entries[Key(cluster: cluster, namespace: namespace)]?.health.services?[service] = health }
    }

    // MARK: - Runs

    /// One run: inventory, reaping, then every namespace in batches. Called by ``run()``; tests call it directly.
    /// - Returns: What the run did, or `nil` when another run is in progress (runs never overlap).
    @discardableResult
    public func refresh() async -> RunReport? {
        let start = now()
        let window: HealthWindow? = state.withLock { s in
            guard !s.running else { return nil }
            s.running = true
            let w = HealthWindow.cacheWindow(duration: settings.duration, sincePreviousRun: s.previousRunStart.map { start - $0 })
            s.previousRunStart = start
            return w
        }
        guard let window else { return nil }
        defer { state.withLock { $0.running = false } }

        let inventory = self.inventory()
        var live = Set<Key>()
        for c in inventory.clusters {
            for ns in c.namespaces { live.insert(Key(cluster: c.name, namespace: ns.namespace)) }
        }
        var report = RunReport(window: window, time: start)
        report.reaped = state.withLock { s in
            let before = s.entries.count
            s.entries = s.entries.filter { live.contains($0.key) }
            return before - s.entries.count
        }

        let batches = Self.batches(inventory, size: settings.namespacesPerQuery)
        await withTaskGroup(of: BatchOutcome.self) { group in
            var next = 0
            func launch(_ batch: Batch) {
                group.addTask { await self.compute(batch, window: window, time: start) }
            }
            while next < batches.count && next < settings.concurrency {
                launch(batches[next])
                next += 1
            }
            while let outcome = await group.next() {
                report.namespaces += outcome.namespaces
                report.queries += outcome.queries
                report.failedQueries += outcome.failedQueries
                if next < batches.count && !Task.isCancelled {
                    launch(batches[next])
                    next += 1
                }
            }
        }
        logger.debug(
            "health run done",
            metadata: [
                "skopos.health.window": "\(window.text)", "skopos.health.namespaces": "\(report.namespaces)", "skopos.health.queries": "\(report.queries)",
                "skopos.health.failed_queries": "\(report.failedQueries)", "skopos.health.reaped": "\(report.reaped)",
            ])
        return report
    }

    /// Namespaces of one cluster computed together.
    struct Batch: Sendable {
        var cluster: String
        var namespaces: [NamespaceHealthInput]
    }

    struct BatchOutcome: Sendable {
        var namespaces = 0
        var queries = 0
        var failedQueries = 0
    }

    /// Each cluster's namespaces, in name order, cut into batches of `size`.
    static func batches(_ inventory: HealthInventory, size: Int) -> [Batch] {
        var result: [Batch] = []
        for c in inventory.clusters {
            let sorted = c.namespaces.sorted { HealthBuckets.goOrder($0.namespace, $1.namespace) }
            var i = 0
            while i < sorted.count {
                result.append(Batch(cluster: c.name, namespaces: Array(sorted[i..<min(i + size, sorted.count)])))
                i += size
            }
        }
        return result
    }

    /// Fetches, splits, computes and publishes one batch.
    private func compute(_ batch: Batch, window: HealthWindow, time: Double) async -> BatchOutcome {
        let c = batch.cluster
        let destinationNamespaces = batch.namespaces.filter { $0.needsServiceRates || $0.needsAppWorkloadRates }.map(\.namespace)
        let sourceNamespaces = batch.namespaces.filter(\.needsAppWorkloadRates).map(\.namespace)
        let destinationQuery = destinationNamespaces.isEmpty ? nil : queries.batchDestination(namespaces: destinationNamespaces, cluster: c, window: window)
        let sourceQuery = sourceNamespaces.isEmpty ? nil : queries.batchSource(namespaces: sourceNamespaces, cluster: c, window: window)
        async let destination = fetch(destinationQuery, time: time, cluster: c)
        async let source = fetch(sourceQuery, time: time, cluster: c)
        let (d, s) = await (destination, source)

        var outcome = BatchOutcome(namespaces: batch.namespaces.count)
        outcome.queries = (destinationQuery == nil ? 0 : 1) + (sourceQuery == nil ? 0 : 1)
        outcome.failedQueries = (d == nil ? 1 : 0) + (s == nil ? 1 : 0)

        let toDestination = d.map { Self.split($0, by: "destination_service_namespace") }
        let fromSource = s.map { Self.split($0, by: "source_workload_namespace") }
        let calculator = HealthCalculator(rates: rates)
        var computed: [(Key, NamespaceHealth)] = []
        computed.reserveCapacity(batch.namespaces.count)
        for input in batch.namespaces {
            let ns = input.namespace
            let services = toDestination.map { HealthRequests.services($0[ns] ?? [], cluster: c, namespace: ns) }
            var appWorkload: AppWorkloadRequests?
            if let toDestination, let fromSource {
                let part1 = (toDestination[ns] ?? []).filter { Self.isPart1($0.labels, namespace: ns, cluster: c) }
                appWorkload = HealthRequests.appsAndWorkloads(part1 + (fromSource[ns] ?? []), cluster: c, namespace: ns)
            }
            let health = HealthComputation.namespace(input, appWorkloadRequests: appWorkload, serviceRequests: services, calculator: calculator)
            computed.append((Key(cluster: c, namespace: ns), health))
        }
        publish(computed, time: time, window: window)
        return outcome
    }

    /// Whether a sample into `namespace` belongs to part 1: reported for cluster `c`, and not sent from the same
    /// namespace **of the same cluster** (part 2 holds those). Upstream's `source_workload_namespace!="ns"` also
    /// dropped callers from a namespace of the same name on another cluster (`backend.md` §7.3 [FIX]).
    static func isPart1(_ labels: [String: String], namespace: String, cluster: String) -> Bool {
        labels["destination_cluster"] == cluster && !((labels["source_workload_namespace"] ?? "") == namespace && labels["source_cluster"] == cluster)
    }

    /// Samples grouped by the value of one label.
    static func split(_ samples: [RateSample], by label: String) -> [String: [RateSample]] {
        var result: [String: [RateSample]] = [:]
        for s in samples {
            guard let v = s.labels[label] else { continue }
            result[v, default: []].append(s)
        }
        return result
    }

    /// Writes computed namespaces into their entries; a kind that is `nil` (its rates failed) keeps its previous value.
    private func publish(_ computed: [(Key, NamespaceHealth)], time: Double, window: HealthWindow) {
        state.withLock { s in
            for (key, health) in computed {
                var e = s.entries[key] ?? Entry(cluster: key.cluster, namespace: key.namespace, computedAt: time, duration: window.text, health: NamespaceHealth())
                e.computedAt = time
                e.duration = window.text
                if let apps = health.apps { e.health.apps = apps }
                if let services = health.services { e.health.services = services }
                if let workloads = health.workloads { e.health.workloads = workloads }
                s.entries[key] = e
            }
        }
    }

    /// The samples of a query (none without a query), or `nil` when it failed (logged unless the run is being
    /// cancelled).
    private func fetch(_ query: String?, time: Double, cluster: String) async -> [RateSample]? {
        guard let query else { return [] }
        do {
            return try await metrics.vector(query, time)
        } catch {
            guard !Task.isCancelled else { return nil }
            logger.warning(
                "health rates query failed; the kinds that need it keep their previous values",
                metadata: ["skopos.cluster": "\(cluster)", "error.type": "\(type(of: error))", "skopos.error": "\(error)"])
            return nil
        }
    }
}
