import Logging
import SkoposBusiness
import SkoposGraph
import Synchronization
import Testing

@Suite struct HealthCacheTests {
    /// A namespace with three HTTP apps (reviews with two versions), a database without sidecar and three services.
    static func namespace(_ cluster: String, _ name: String) -> NamespaceHealthInput {
        NamespaceHealthInput(
            cluster: cluster, namespace: name,
            workloads: [
                .init(name: "productpage-v1", app: "productpage", replicas: ready(1)),
                .init(name: "reviews-v1", app: "reviews", replicas: ready(2)),
                .init(name: "reviews-v2", app: "reviews", replicas: WorkloadReplicas(desired: 2, current: 2, available: 1)),
                .init(name: "ratings-v1", app: "ratings", healthAnnotations: ["health.kiali.io/rate": "5XX,1,2,http,inbound"], replicas: ready(1)),
                .init(name: "db", app: "db", replicas: ready(1), hasHTTPTraffic: false),
            ],
            services: [.init(name: "productpage"), .init(name: "reviews"), .init(name: "ratings"), .init(name: "db")])
    }

    /// A namespace with nothing that needs rates.
    static func quiet(_ cluster: String, _ name: String) -> NamespaceHealthInput {
        NamespaceHealthInput(cluster: cluster, namespace: name, workloads: [.init(name: "job", replicas: ready(1), hasHTTPTraffic: false)])
    }

    static let inventory = HealthInventory(clusters: [
        .init(name: "east", namespaces: [namespace("east", "bookinfo"), namespace("east", "shop"), quiet("east", "quiet"), namespace("east", "a1"), namespace("east", "a2")]),
        .init(name: "west", namespaces: [namespace("west", "bookinfo"), namespace("west", "shop")]),
    ])

    /// Traffic of every kind the request maps care about, rates in eighths so sums are exact in any order.
    static func traffic(scale: Double = 1) -> [RateSample] {
        var s: [RateSample] = []
        for c in ["east", "west"] {
            let f = (c == "east" ? 1.0 : 2.0) * scale
            let gw = Traffic.end(c, "istio-system", "istio-ingressgateway")
            let pp = Traffic.end(c, "bookinfo", "productpage-v1")
            let r1 = Traffic.end(c, "bookinfo", "reviews-v1", service: "reviews")
            let r2 = Traffic.end(c, "bookinfo", "reviews-v2", service: "reviews")
            let ratings = Traffic.end(c, "bookinfo", "ratings-v1")
            let shop = Traffic.end(c, "shop", "productpage-v1")
            let shopReviews = Traffic.end(c, "shop", "reviews-v1", service: "reviews")
            let other = c == "east" ? "west" : "east"
            let remoteReviews = Traffic.end(other, "bookinfo", "reviews-v1", service: "reviews")
            for rep in ["source", "destination"] {
                let d = rep == "destination" ? 0.125 : 0
                s.append(Traffic.sample(rep, from: gw, to: pp, rate: 4 * f + d, extra: ["pod": "a"]))
                s.append(Traffic.sample(rep, from: gw, to: pp, rate: 4 * f, extra: ["pod": "b"]))
                s.append(Traffic.sample(rep, from: pp, to: r1, rate: 2 * f - d))
                s.append(Traffic.sample(rep, from: pp, to: r1, code: "503", rate: 0.25 * f))
                s.append(Traffic.sample(rep, from: pp, to: r2, code: "0", rate: 0.125 * f))
                s.append(Traffic.sample(rep, from: r2, to: ratings, proto: "grpc", code: "200", grpc: "14", rate: 0.5 * f))
                s.append(Traffic.sample(rep, from: r1, to: ratings, code: "500", rate: 0.125 * f))
                // Cross-namespace and cross-cluster calls.
                s.append(Traffic.sample(rep, from: shop, to: r1, code: "404", rate: 1 * f))
                s.append(Traffic.sample(rep, from: pp, to: shopReviews, rate: 1 * f))
                s.append(Traffic.sample(rep, from: pp, to: remoteReviews, code: "503", rate: 3 * f))
            }
            s.append(Traffic.sample("waypoint", from: pp, to: ratings, rate: 0.75 * f))
            s.append(Traffic.sample("source", from: pp, to: r2, code: "503", rate: 0.375 * f, destinationCluster: "unknown"))
            // A TCP sample, and one from another mesh the query scope must not see.
            s.append(Traffic.sample("source", from: pp, to: r1, proto: "tcp", rate: 100))
        }
        return s
    }

    static func cache(
        _ fake: FakeRates, inventory: @escaping @Sendable () -> HealthInventory = { HealthCacheTests.inventory }, perQuery: Int = 2,
        clock: Clock = Clock(), scope: [String: String] = [:]
    ) -> HealthCache {
        HealthCache(
            settings: .init(namespacesPerQuery: perQuery), rates: HealthRate.withDefault([]), queryScope: scope, metrics: fake.source, logger: quiet,
            now: { clock.now }, inventory: inventory)
    }

    /// A logger for the tests that fail queries on purpose.
    static let quiet: Logger = {
        var l = Logger(label: "skopos.health.test")
        l.logLevel = .critical
        return l
    }()

    final class Clock: Sendable {
        private let time = Mutex(1_000_000.0)
        var now: Double { time.withLock { $0 } }
        func advance(_ s: Double) { time.withLock { $0 += s } }
    }

    @Test("[PERF] Two queries per batch of namespaces per cluster; namespaces that need no rates are left out")
    func batching() async throws {
        let fake = FakeRates(Self.traffic())
        let report = try #require(await Self.cache(fake).refresh())
        // east: [a1, a2], [bookinfo, quiet], [shop]; west: [bookinfo, shop].
        #expect(report.queries == 8)
        #expect(fake.queries.count == 8)
        #expect(report.namespaces == 7)
        #expect(report.failedQueries == 0)
        #expect(!fake.queries.contains { $0.contains("quiet") })
        #expect(fake.queries.contains { $0.contains(#"destination_service_namespace=~"a1|a2",destination_cluster=~"east|unknown""#) })
        #expect(fake.queries.contains { $0.contains(#"source_workload_namespace=~"bookinfo",source_cluster="east""#) })
        #expect(fake.queries.allSatisfy { $0.hasPrefix("sum by (") && $0.contains("[5m]") })
    }

    @Test("[PERF] Batched results equal upstream's per-namespace queries, namespace by namespace")
    func batchedEqualsPerNamespace() async throws {
        let fake = FakeRates(Self.traffic())
        let cache = Self.cache(fake)
        let report = try #require(await cache.refresh())
        let onDemand = OnDemandHealth(rates: HealthRate.withDefault([]), metrics: fake.source)
        for cluster in Self.inventory.clusters {
            for input in cluster.namespaces {
                let entry = try #require(cache.entry(cluster: cluster.name, namespace: input.namespace))
                let expected = await onDemand.namespace(input, window: report.window, time: report.time)
                #expect(entry.health == expected, "\(cluster.name)/\(input.namespace)")
                #expect(entry.computedAt == report.time)
                #expect(entry.duration == "5m")
            }
        }
        // Not vacuous: east's reviews sees its own 503s, not west's; productpage is about the larger view.
        let east = try #require(cache.entry(cluster: "east", namespace: "bookinfo")?.health)
        // reviews (east) counts its callers in west's bookinfo too (503 × 6), which upstream's part 1 left out.
        #expect(east.apps?["reviews"]?.requests.inbound == ["http": ["200": 2, "404": 1, "503": 6.625, "-": 0.125]])
        #expect(east.workloads?["productpage-v1"]?.requests.inbound == ["http": ["200": 8.125]])
        #expect(east.apps?["productpage"]?.requests.outbound == ["http": ["200": 3, "503": 3.625, "-": 0.125]])
        #expect(east.workloads?["ratings-v1"]?.status?.status == .failure)
        // The services query sees the same.
        #expect(east.services?["reviews"]?.requests.inbound == ["http": ["200": 2, "404": 1, "503": 6.625, "-": 0.125]])
        #expect(east.workloads?["db"]?.requests == RequestHealth())
        let west = try #require(cache.entry(cluster: "west", namespace: "bookinfo")?.health)
        // West's reviews: its own 503s (1.25) and east's bookinfo calling it (3).
        #expect(west.apps?["reviews"]?.requests.inbound["http"]?["503"] == 4.25)
    }

    @Test("[FIX] The query scope is in every batched query")
    func scopedBatches() async throws {
        let fake = FakeRates(Self.traffic())
        try #require(await Self.cache(fake, scope: ["mesh_id": "m1"]).refresh() != nil)
        #expect(fake.queries.allSatisfy { $0.contains(#"istio_requests_total{mesh_id="m1","#) })
    }

    @Test("A kind whose rates failed keeps its previous value; the others are replaced")
    func failedKindKeepsPreviousValue() async throws {
        let fake = FakeRates(Self.traffic())
        let cache = Self.cache(fake)
        try #require(await cache.refresh() != nil)
        let before = try #require(cache.entry(cluster: "east", namespace: "bookinfo"))

        fake.setSeries(Self.traffic(scale: 2))
        fake.fail { $0.contains("source_workload_namespace=~") }
        let report = try #require(await cache.refresh())
        #expect(report.failedQueries == 4)
        let after = try #require(cache.entry(cluster: "east", namespace: "bookinfo"))
        #expect(after.health.apps == before.health.apps)
        #expect(after.health.workloads == before.health.workloads)
        #expect(after.health.services != before.health.services)
        #expect(after.health.services?["productpage"]?.requests.inbound == ["http": ["200": 16.125]])

        // Services need the destination query: when it fails, everything that needs rates keeps its value.
        fake.setSeries(Self.traffic(scale: 4))
        fake.fail { $0.contains("destination_service_namespace=~") }
        try #require(await cache.refresh() != nil)
        let third = try #require(cache.entry(cluster: "east", namespace: "bookinfo"))
        #expect(third.health == after.health)
        #expect(third.computedAt > after.computedAt || third.computedAt == after.computedAt)
    }

    @Test("A namespace whose first computation failed reads as empty maps")
    func neverComputed() async throws {
        let fake = FakeRates(Self.traffic())
        fake.fail { _ in true }
        let cache = Self.cache(fake)
        try #require(await cache.refresh() != nil)
        let entry = try #require(cache.entry(cluster: "east", namespace: "bookinfo"))
        #expect(entry.health == NamespaceHealth())
        // The quiet namespace needed no rates.
        #expect(cache.entry(cluster: "east", namespace: "quiet")?.health.workloads?["job"]?.status?.status == .healthy)
        let (health, cached) = cache.clustersHealth(cluster: "east", namespaces: ["bookinfo"], types: .all)
        #expect(cached)
        #expect(health.namespaces["bookinfo"] == NamespaceHealth(apps: [:], services: [:], workloads: [:]))
        #expect(health.summaries["bookinfo"]?.worstStatus == .na)
    }

    @Test("Namespaces and clusters that are gone are reaped")
    func reaping() async throws {
        let fake = FakeRates(Self.traffic())
        let current = Mutex(Self.inventory)
        let cache = Self.cache(fake, inventory: { current.withLock { $0 } })
        try #require(await cache.refresh() != nil)
        #expect(cache.entries(cluster: "west").count == 2)
        #expect(cache.entries(cluster: "east").count == 5)

        current.withLock { inv in
            inv.clusters.removeAll { $0.name == "west" }
            inv.clusters[0].namespaces.removeAll { $0.namespace == "shop" }
        }
        let report = try #require(await cache.refresh())
        #expect(report.reaped == 3)
        #expect(cache.entries(cluster: "west").isEmpty)
        #expect(cache.entry(cluster: "east", namespace: "shop") == nil)
        #expect(cache.entries(cluster: "east").keys.sorted() == ["a1", "a2", "bookinfo", "quiet"])
    }

    @Test("The window grows to 1.1 × the time since the previous run when that is longer than the duration")
    func window() async throws {
        let fake = FakeRates(Self.traffic())
        let clock = Clock()
        let cache = Self.cache(fake, clock: clock)
        #expect(try #require(await cache.refresh()).window.text == "5m")
        clock.advance(180)
        #expect(try #require(await cache.refresh()).window.text == "5m")
        clock.advance(400)
        let report = try #require(await cache.refresh())
        #expect(report.window.text == "440s")
        #expect(report.time == 1_000_580)
        #expect(cache.entry(cluster: "east", namespace: "bookinfo")?.duration == "440s")
        #expect(fake.queries.suffix(8).allSatisfy { $0.contains("[440s]") })
    }

    @Test("Reads: cached only when every namespace has an entry; unknown namespaces get empty maps; types filter")
    func reads() async throws {
        let fake = FakeRates(Self.traffic())
        let cache = Self.cache(fake)
        try #require(await cache.refresh() != nil)
        let (all, cached) = cache.clustersHealth(cluster: "east", namespaces: ["bookinfo", "shop"], types: .all)
        #expect(cached)
        #expect(all.namespaces["bookinfo"] == cache.entry(cluster: "east", namespace: "bookinfo")?.health)
        let (partial, partialCached) = cache.clustersHealth(cluster: "east", namespaces: ["bookinfo", "new"], types: .app)
        #expect(!partialCached)
        #expect(partial.namespaces["new"] == NamespaceHealth(apps: [:]))
        #expect(partial.namespaces["bookinfo"]?.services == nil)
        #expect(partial.namespaces["bookinfo"]?.apps?.keys.sorted() == ["db", "productpage", "ratings", "reviews"])
        let (_, unknownCluster) = cache.clustersHealth(cluster: "north", namespaces: ["bookinfo"], types: .all)
        #expect(!unknownCluster)
    }

    @Test("On-demand results update the entry (copy-on-write)")
    func onDemandUpdates() async throws {
        let fake = FakeRates(Self.traffic())
        let cache = Self.cache(fake)
        try #require(await cache.refresh() != nil)
        let (before, _) = cache.clustersHealth(cluster: "east", namespaces: ["bookinfo"], types: .all)
        let fresh = AppHealth(requests: RequestHealth(), status: CalculatedHealth(status: .failure, errorRatio: 50, totalRequestRate: 1), workloadStatuses: [])
        cache.update(cluster: "east", namespace: "bookinfo", app: "reviews", fresh)
        cache.update(cluster: "east", namespace: "nowhere", app: "reviews", fresh)
        #expect(cache.entry(cluster: "east", namespace: "bookinfo")?.health.apps?["reviews"] == fresh)
        #expect(cache.entry(cluster: "east", namespace: "nowhere") == nil)
        #expect(before.namespaces["bookinfo"]?.apps?["reviews"] != fresh)
    }

    @Test("1 600 namespaces on 4 clusters: 16 queries")
    func scale() async throws {
        let inventory = HealthInventory(
            clusters: (1...4).map { c in
                .init(name: "c\(c)", namespaces: (1...400).map { Self.namespace("c\(c)", "ns-\($0)") })
            })
        var series: [RateSample] = []
        for c in 1...4 {
            for n in 1...400 {
                let from = Traffic.end("c\(c)", "ns-\(n)", "productpage-v1")
                let to = Traffic.end("c\(c)", "ns-\(n)", "reviews-v1", service: "reviews")
                series.append(Traffic.sample("source", from: from, to: to, code: n % 10 == 0 ? "503" : "200", rate: 1))
                series.append(Traffic.sample("destination", from: from, to: to, code: n % 10 == 0 ? "503" : "200", rate: 1))
            }
        }
        let fake = FakeRates(series)
        let cache = HealthCache(settings: .init(), rates: HealthRate.withDefault([]), metrics: fake.source, inventory: { inventory })
        let report = try #require(await cache.refresh())
        #expect(report.namespaces == 1600)
        #expect(report.queries == 16)
        let (health, cached) = cache.clustersHealth(cluster: "c2", namespaces: (1...100).map { "ns-\($0)" }, types: .all)
        #expect(cached)
        #expect(health.summaries.values.filter { $0.statusService?.inError == ["reviews"] }.count == 10)
    }

    /// A gate that query answers wait on.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func wait() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resume = state.withLock { s -> Bool in
                    if s.open { return true }
                    s.waiters.append(c)
                    return false
                }
                if resume { c.resume() }
            }
        }

        func open() {
            let waiters = state.withLock { s in
                s.open = true
                defer { s.waiters = [] }
                return s.waiters
            }
            for w in waiters { w.resume() }
        }
    }

    @Test("Runs never overlap: a refresh during a run returns nil")
    func noOverlap() async throws {
        let (calls, called) = AsyncStream.makeStream(of: Void.self)
        let gate = Gate()
        let source = HealthMetricsSource { _, _ in
            called.yield()
            await gate.wait()
            return []
        }
        let cache = HealthCache(rates: HealthRate.withDefault([]), metrics: source) { Self.inventory }
        let first = Task { await cache.refresh() }
        var iterator = calls.makeAsyncIterator()
        _ = await iterator.next()
        #expect(await cache.refresh() == nil)
        gate.open()
        #expect(await first.value != nil)
        #expect(await cache.refresh() != nil)
    }

    @Test("The service runs at once and stops when cancelled")
    func serviceRun() async throws {
        let (calls, called) = AsyncStream.makeStream(of: Void.self)
        let source = HealthMetricsSource { _, _ in
            called.yield()
            return []
        }
        let cache = HealthCache(settings: .init(refreshInterval: .seconds(3600)), rates: HealthRate.withDefault([]), metrics: source) { Self.inventory }
        let task = Task { try await cache.run() }
        var iterator = calls.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        try await task.value
    }
}
