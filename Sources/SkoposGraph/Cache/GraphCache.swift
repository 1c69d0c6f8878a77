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
        public var enabled = true
        public var refreshInterval: Duration = .seconds(60)
        public var inactivityTimeout: Duration = .seconds(600)
        public var maxBytes = 1000 * 1024 * 1024

        public init(enabled: Bool = true, refreshInterval: Duration = .seconds(60), inactivityTimeout: Duration = .seconds(600), maxBytes: Int = 1000 * 1024 * 1024) {
            self.enabled = enabled
            self.refreshInterval = refreshInterval
            self.inactivityTimeout = inactivityTimeout
            self.maxBytes = maxBytes
        }
    }

    /// Counters, as Kiali's `kiali_graph_cache_*_total`.
    public struct Counters: Sendable, Hashable {
        public var hits = 0
        public var misses = 0
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
        var refreshing = false
    }

    public let settings: Settings
    private var entries: [Key: Entry] = [:]
    private var inFlight: [Key: Task<[UInt8], any Error>] = [:]
    private var totalBytes = 0
    public private(set) var counters = Counters()
    private let clock = ContinuousClock()

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
        while totalBytes > settings.maxBytes, entries.count > 1,
            let oldest = entries.filter({ $0.key != key }).min(by: { $0.value.readAt < $1.value.readAt })?.key
        {
            evict(oldest)
        }
    }

    /// Refreshes entries that are due and drops inactive ones, until cancelled: the background job of every entry.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await tick()
        }
    }

    /// One pass of the background job.
    func tick() async {
        let now = clock.now
        for (key, entry) in entries {
            if now - entry.readAt > settings.inactivityTimeout {
                evict(key)
            } else if !entry.refreshing, now - entry.builtAt >= entry.interval {
                entries[key]?.refreshing = true
                let build = entry.build
                Task { await self.refresh(key, build) }
            }
        }
    }

    private func refresh(_ key: Key, _ build: Builder) async {
        do {
            let bytes = try await build()
            counters.builds += 1
            guard var entry = entries[key] else { return }
            totalBytes += bytes.count - entry.bytes.count
            entry.bytes = bytes
            entry.builtAt = clock.now
            entry.refreshing = false
            entries[key] = entry
        } catch {
            // As Kiali: a failed refresh evicts the entry; the next read builds it again and reports the error.
            evict(key)
        }
    }
}
