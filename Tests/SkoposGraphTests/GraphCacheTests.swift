import Foundation
import SkoposGraph
import Synchronization
import Testing

/// The shared graph cache: per parameters and scope, one build for concurrent identical requests, bypass rules,
/// memory bound, background refresh.
@Suite
struct GraphCacheTests {
    static func options(_ namespaces: String = "bookinfo", _ extra: [(String, String)] = []) throws -> GraphOptions {
        try GraphOptions.parse([("namespaces", namespaces)] + extra.map { (name: $0.0, value: $0.1) }, now: 1_700_000_000)
    }

    /// A builder that counts its calls and answers `bytes` after an optional delay.
    final class CountingBuilder: Sendable {
        let calls = Mutex(0)
        let delay: Duration
        let bytes: [UInt8]
        init(delay: Duration = .zero, bytes: [UInt8] = Array("{}".utf8)) {
            self.delay = delay
            self.bytes = bytes
        }
        var count: Int { calls.withLock { $0 } }
        var build: GraphCache.Builder {
            { [self] () throws(GraphError) -> [UInt8] in
                calls.withLock { $0 += 1 }
                if delay > .zero { try? await Task.sleep(for: delay) }
                return bytes
            }
        }
    }

    @Test("A second request is a hit; other options or another scope are misses")
    func hitsAndKeys() async throws {
        let cache = GraphCache()
        let builder = CountingBuilder()
        let key = GraphCache.Key(options: try Self.options(), scope: "east:bookinfo")
        #expect(try await cache.graph(key, build: builder.build).hit == false)
        #expect(try await cache.graph(key, build: builder.build).hit == true)
        // The query time is not part of the key.
        var later = try Self.options()
        later.queryTime += 30
        #expect(try await cache.graph(GraphCache.Key(options: later, scope: "east:bookinfo"), build: builder.build).hit == true)
        #expect(try await cache.graph(GraphCache.Key(options: try Self.options("bookinfo", [("graphType", "app")]), scope: "east:bookinfo"), build: builder.build).hit == false)
        // Another viewer who may see more (west too) never gets the entry built for the first.
        #expect(try await cache.graph(GraphCache.Key(options: try Self.options(), scope: "east:bookinfo,west:bookinfo"), build: builder.build).hit == false)
        #expect(builder.count == 3)
        let counters = await cache.counters
        #expect(counters.hits == 2 && counters.misses == 3)
    }

    @Test("50 concurrent identical requests build once")
    func singleFlight() async throws {
        let cache = GraphCache()
        let builder = CountingBuilder(delay: .milliseconds(200))
        let key = GraphCache.Key(options: try Self.options(), scope: "s")
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<50 { group.addTask { try await cache.graph(key, build: builder.build).bytes } }
            for try await bytes in group { #expect(bytes == Array("{}".utf8)) }
        }
        #expect(builder.count == 1)
    }

    @Test("Historical requests bypass the cache; refreshInterval 0 or less bypasses and evicts")
    func bypass() async throws {
        let cache = GraphCache()
        let builder = CountingBuilder()
        let key = GraphCache.Key(options: try Self.options(), scope: "s")
        _ = try await cache.graph(key, build: builder.build)
        #expect(try await cache.graph(key, historical: true, build: builder.build).hit == false)
        #expect(try await cache.graph(key, build: builder.build).hit == true)
        #expect(try await cache.graph(key, refreshInterval: .zero, build: builder.build).hit == false)
        #expect(try await cache.graph(key, build: builder.build).hit == false)
        #expect(builder.count == 4)
    }

    @Test("A failed build is not cached and reaches every waiting caller")
    func failure() async throws {
        let cache = GraphCache()
        let key = GraphCache.Key(options: try Self.options(), scope: "s")
        await #expect(throws: GraphError.self) {
            _ = try await cache.graph(key) { () throws(GraphError) -> [UInt8] in throw GraphError(.unavailable, "Prometheus at http://x is unreachable") }
        }
        let builder = CountingBuilder()
        #expect(try await cache.graph(key, build: builder.build).hit == false)
    }

    @Test("Beyond the memory bound the least recently read entry goes")
    func memoryBound() async throws {
        let cache = GraphCache(settings: .init(maxBytes: 2_500))
        let big = CountingBuilder(bytes: Array(repeating: 32, count: 1_000))
        let keys = try ["a", "b", "c"].map { GraphCache.Key(options: try Self.options($0), scope: "s") }
        for k in keys { _ = try await cache.graph(k, build: big.build) }
        let usage = await cache.usage
        #expect(usage.entries == 2 && usage.bytes <= 2_500)
        #expect(try await cache.graph(keys[0], build: big.build).hit == false)
        #expect(await cache.counters.evictions >= 1)
    }

    @Test("Entries are rebuilt in the background every refresh interval while read")
    func backgroundRefresh() async throws {
        let cache = GraphCache(settings: .init(refreshInterval: .milliseconds(300)))
        let builder = CountingBuilder()
        let key = GraphCache.Key(options: try Self.options(), scope: "s")
        _ = try await cache.graph(key, build: builder.build)
        let job = Task { await cache.run() }
        defer { job.cancel() }
        let deadline = ContinuousClock.now + .seconds(10)
        while builder.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(builder.count >= 2)
        #expect(try await cache.graph(key, build: builder.build).hit == true)
    }
}
