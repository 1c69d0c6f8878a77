import Foundation

/// Namespace graphs cached per query parameters and viewer scope, not per browser session (`graph.md` §13 [PERF]):
/// two viewers who may see the same namespaces share one entry and one set of Prometheus queries, and identical
/// requests that arrive while a graph is being built wait for that build. Entries keep the encoded JSON, are rebuilt
/// in the background every refresh interval while they are read, dropped after the inactivity timeout, and evicted
/// least recently used first beyond the memory bound.
///
/// The cache sits below access control: the key carries the viewer's scope (``Key/scope``), computed by the caller
/// from what the viewer may see, so an entry built for one scope is never served to another.
public actor GraphCache {
    /// What an entry is for.
    public struct Key: Hashable, Sendable {
        /// The request's options with the time fields cleared.
        public var options: GraphOptions
        /// The viewer's visible part of the mesh for this request, e.g. the sorted `cluster:namespace` list of the
        /// requested namespaces it may see.
        public var scope: String

        /// The key of a request: its options without the time fields, and the viewer's scope.
        public init(options: GraphOptions, scope: String) {
            var o = options
            o.queryTime = 0
            o.queryTimeGiven = false
            o.refreshInterval = nil
            self.options = o
            self.scope = scope
        }
    }

    /// `kiali_internal.graph_cache`.
    public struct Settings: Sendable, Hashable {
        /// `enabled`: without it every request builds its graph.
        public var enabled = true
        /// `refresh_interval`: how old an entry may be, and how often it is rebuilt while read.
        public var refreshInterval: Duration = .seconds(60)
        /// `inactivity_timeout`: an entry nobody read for this long is dropped.
        public var inactivityTimeout: Duration = .seconds(600)
        /// `max_cache_memory_mb`, in bytes of encoded JSON.
        public var maxBytes = 1000 * 1024 * 1024
        /// At most this many entries (each one a background refresh), least recently read evicted first.
        public var maxEntries = 500
        /// At most this many background refreshes at once.
        public var refreshConcurrency = 2

        public init(
            enabled: Bool = true, refreshInterval: Duration = .seconds(60), inactivityTimeout: Duration = .seconds(600), maxBytes: Int = 1000 * 1024 * 1024,
            maxEntries: Int = 500
        ) {
            self.enabled = enabled
            self.refreshInterval = refreshInterval
            self.inactivityTimeout = inactivityTimeout
            self.maxBytes = maxBytes
            self.maxEntries = maxEntries
        }
    }

    /// Counters, as Kiali's `kiali_graph_cache_*_total`.
    public struct Counters: Sendable, Hashable {
        /// Requests answered from an entry.
        public var hits = 0
        /// Requests that built a graph or waited for one being built.
        public var misses = 0
        /// Entries dropped (memory bound, inactivity, failed refresh, `refreshInterval` 0 or less).
        public var evictions = 0
        /// Graphs built (first builds and refreshes).
        public var builds = 0
    }

    /// Builds a graph's JSON: called for a miss and for each background refresh, so it must read fresh state.
    public typealias Builder = @Sendable () async throws(GraphError) -> [UInt8]

    private struct Entry {
        var bytes: [UInt8]
        var builtAt: ContinuousClock.Instant
        var readAt: ContinuousClock.Instant
        var interval: Duration
        var build: Builder
    }

    /// The settings it runs with.
    public let settings: Settings
    private var entries: [Key: Entry] = [:]
    private var inFlight: [Key: Task<[UInt8], any Error>] = [:]
    private var totalBytes = 0
    public private(set) var counters = Counters()
    private let clock = ContinuousClock()

    /// An empty cache.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The graph for a key: from the cache when fresh, else built once for every caller waiting on it.
    /// - Parameters:
    ///   - refreshInterval: the request's `refreshInterval`; `nil` for the configured one; zero or less bypasses the
    ///     cache and evicts the entry.
    ///   - historical: a request with its own `queryTime`: bypasses the cache without evicting.
    /// - Returns: the JSON and whether it came from the cache.
    public func graph(_ key: Key, refreshInterval: Duration? = nil, historical: Bool = false, build: @escaping Builder) async throws(GraphError) -> (bytes: [UInt8], hit: Bool) {
        if !settings.enabled || historical {
            return (try await build(), false)
        }
        if let r = refreshInterval, r <= .zero {
            evict(key)
            return (try await build(), false)
        }
        let now = clock.now
        let interval = refreshInterval ?? settings.refreshInterval
        if var entry = entries[key], now - entry.builtAt < interval + .seconds(1) {
            entry.readAt = now
            entry.interval = interval
            entries[key] = entry
            counters.hits += 1
            return (entry.bytes, true)
        }
        counters.misses += 1
        let task: Task<[UInt8], any Error>
        if let running = inFlight[key] {
            task = running
        } else {
            task = Task { try await build() }
            inFlight[key] = task
        }
        let bytes: [UInt8]
        do {
            bytes = try await task.value
        } catch let e as GraphError {
            if inFlight[key] == task { inFlight[key] = nil }
            throw e
        } catch {
            if inFlight[key] == task { inFlight[key] = nil }
            throw GraphError(.internal, "\(error)")
        }
        if inFlight[key] == task {
            inFlight[key] = nil
            counters.builds += 1
            store(key, Entry(bytes: bytes, builtAt: clock.now, readAt: clock.now, interval: interval, build: build))
        }
        return (bytes, false)
    }

    /// Drops an entry.
    public func evict(_ key: Key) {
        if let old = entries.removeValue(forKey: key) {
            totalBytes -= old.bytes.count
            counters.evictions += 1
        }
    }

    /// The number of entries and their bytes.
    public var usage: (entries: Int, bytes: Int) { (entries.count, totalBytes) }

    private func store(_ key: Key, _ entry: Entry) {
        if let old = entries[key] { totalBytes -= old.bytes.count }
        entries[key] = entry
        totalBytes += entry.bytes.count
        // Least recently read first.
        guard totalBytes > settings.maxBytes || entries.count > settings.maxEntries else { return }
        // Least recently read first; one sort however many go.
        let byAge = entries.filter { $0.key != key }.sorted { $0.value.readAt < $1.value.readAt }.map(\.key)
        for oldest in byAge {
            guard totalBytes > settings.maxBytes || entries.count > settings.maxEntries else { break }
            evict(oldest)
        }
    }

    /// Refreshes entries that are due and drops inactive ones, until cancelled: the background job of every entry.
    /// Refreshes run as child tasks (at most ``Settings/refreshConcurrency`` at once), so cancelling this stops them.
    public func run() async {
        await withTaskGroup(of: Bool.self) { group in
            var running = 0
            while !Task.isCancelled {
                for key in dueKeys(limit: settings.refreshConcurrency - running) {
                    guard let task = startRefresh(key) else { continue }
                    running += 1
                    group.addTask {
                        _ = try? await task.value
                        return true
                    }
                }
                // Wake every second, or as soon as a refresh ends.
                let sleeper = Task { try? await Task.sleep(for: .seconds(1)) }
                group.addTask {
                    await sleeper.value
                    return false
                }
                var woke = false
                while !woke, let wasRefresh = await group.next() {
                    if wasRefresh { running -= 1 } else { woke = true }
                    if wasRefresh { sleeper.cancel() }
                }
            }
            group.cancelAll()
        }
        for task in inFlight.values { task.cancel() }
    }

    /// Evicts inactive entries; the keys of entries due for a refresh, oldest first.
    private func dueKeys(limit: Int) -> [Key] {
        guard limit > 0 else { return [] }
        let now = clock.now
        var due: [(Key, ContinuousClock.Instant)] = []
        for (key, entry) in entries {
            if now - entry.readAt > settings.inactivityTimeout {
                evict(key)
            } else if inFlight[key] == nil, now - entry.builtAt >= entry.interval {
                due.append((key, entry.builtAt))
            }
        }
        return due.sorted { $0.1 < $1.1 }.prefix(limit).map(\.0)
    }

    /// Starts rebuilding an entry, registered as in flight so that a request for it meanwhile waits for this build.
    private func startRefresh(_ key: Key) -> Task<[UInt8], any Error>? {
        guard let entry = entries[key] else { return nil }
        let build = entry.build
        let task = Task { try await build() }
        inFlight[key] = task
        Task { await self.finishRefresh(key, task) }
        return task
    }

    private func finishRefresh(_ key: Key, _ task: Task<[UInt8], any Error>) async {
        let result = await task.result
        guard inFlight[key] == task else { return }
        inFlight[key] = nil
        switch result {
        case .success(let bytes):
            counters.builds += 1
            guard var entry = entries[key] else { return }
            totalBytes += bytes.count - entry.bytes.count
            entry.bytes = bytes
            entry.builtAt = clock.now
            entries[key] = entry
        case .failure:
            // As Kiali: a failed refresh evicts the entry; the next read builds it again and reports the error.
            evict(key)
        }
    }
}
