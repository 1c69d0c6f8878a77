@testable import KubeClient
import Synchronization
import Testing

/// A clock that moves only when told to: sleepers wake when ``advance(by:)`` passes their deadline.
private final class ManualClock: Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state = Mutex(State(now: ContinuousClock.now))

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due {
            sleeper.continuation.resume()
        }
    }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// Counts what concurrent workers do, and how often two of them hold the same key.
private final class Tally: Sendable {
    private let state = Mutex((inFlight: Set<String>(), overlaps: 0, processed: 0))

    func begin(_ key: String) {
        state.withLock { state in
            if !state.inFlight.insert(key).inserted { state.overlaps += 1 }
        }
    }

    func end(_ key: String) {
        state.withLock { state in
            state.inFlight.remove(key)
            state.processed += 1
        }
    }

    var overlaps: Int { state.withLock { $0.overlaps } }
    var processed: Int { state.withLock { $0.processed } }
}

private func queue(clock: ManualClock = ManualClock()) -> WorkQueue<String> {
    WorkQueue<String>(now: { clock.now }, sleep: { try await clock.sleep(until: $0) })
}

@Suite struct WorkQueueTests {
    @Test func keysAreDeduplicatedWhileQueued() async {
        let q = queue()
        q.add("a")
        q.add("b")
        q.add("a")
        #expect(q.count == 2)
        #expect(await q.next() == "a")
        #expect(await q.next() == "b")
        #expect(q.count == 0)
    }

    @Test func processingKeyIsQueuedAgainOnlyAfterDone() async {
        let q = queue()
        q.add("a")
        #expect(await q.next() == "a")
        q.add("a")
        q.add("a")
        #expect(q.count == 0)
        q.add("b")
        #expect(await q.next() == "b")
        q.done("a")
        #expect(q.count == 1)
        #expect(await q.next() == "a")
        q.done("a")
        q.done("b")
        #expect(q.count == 0)
    }

    @Test func doneWithoutReAddDoesNotRequeue() async {
        let q = queue()
        q.add("a")
        #expect(await q.next() == "a")
        q.done("a")
        q.done("never-handed-out")
        #expect(q.count == 0)
        q.add("a")
        #expect(await q.next() == "a")
    }

    @Test func waitingWorkerReceivesTheNextAddedKey() async {
        let q = queue()
        async let received = q.next()
        q.add("x")
        #expect(await received == "x")
        q.add("x")
        #expect(q.count == 0)
        q.done("x")
        #expect(await q.next() == "x")
    }

    @Test func shutdownReleasesWaitersAndIgnoresAdds() async {
        let q = queue()
        async let first = q.next()
        async let second = q.next()
        q.shutdown()
        #expect(await first == nil)
        #expect(await second == nil)
        q.add("a")
        #expect(q.count == 0)
        #expect(await q.next() == nil)
        #expect(q.isShutdown)
        #expect(q.addRateLimited("a") == .zero)
        #expect(q.delayedCount == 0)
    }

    @Test func cancelledWaiterGetsNilAndLosesNoKey() async {
        let q = queue()
        let waiter = Task { await q.next() }
        waiter.cancel()
        #expect(await waiter.value == nil)
        q.add("a")
        #expect(await q.next() == "a")
    }

    @Test func rateLimiterDoublesFromFiveMillisecondsToThousandSeconds() {
        let q = queue()
        let delays = (0..<6).map { _ in q.addRateLimited("a") }
        #expect(delays == [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(80), .milliseconds(160)])
        #expect(q.numRequeues("a") == 6)
        #expect(q.addRateLimited("b") == .milliseconds(5))
        q.forget("a")
        #expect(q.numRequeues("a") == 0)
        #expect(q.addRateLimited("a") == .milliseconds(5))
        q.shutdown()
    }

    @Test func backoffFormulaCapsAtMaximum() {
        let base = Duration.milliseconds(5)
        let cap = Duration.seconds(1000)
        #expect(WorkQueue<String>.backoff(failures: 0, base: base, cap: cap) == .milliseconds(5))
        #expect(WorkQueue<String>.backoff(failures: 17, base: base, cap: cap) == .milliseconds(655_360))
        #expect(WorkQueue<String>.backoff(failures: 18, base: base, cap: cap) == cap)
        #expect(WorkQueue<String>.backoff(failures: 62, base: base, cap: cap) == cap)
        #expect(WorkQueue<String>.backoff(failures: 1000, base: base, cap: cap) == cap)
    }

    @Test func rateLimitedKeyIsQueuedWhenItsDelayPasses() async {
        let clock = ManualClock()
        let q = queue(clock: clock)
        q.addRateLimited("a")
        q.addRateLimited("b")
        q.addRateLimited("b")
        #expect(q.count == 0)
        #expect(q.delayedCount == 2)
        clock.advance(by: .milliseconds(4))
        #expect(q.count == 0)
        clock.advance(by: .milliseconds(1))
        #expect(await q.next() == "a")
        #expect(await q.next() == "b")
        #expect(q.delayedCount == 0)
        q.shutdown()
    }

    @Test func addAfterKeepsTheEarlierDeadline() async {
        let clock = ManualClock()
        let q = queue(clock: clock)
        q.addAfter("a", delay: .seconds(10))
        q.addAfter("a", delay: .seconds(3))
        q.addAfter("a", delay: .seconds(20))
        q.addAfter("b", delay: .seconds(5))
        #expect(q.delayedCount == 2)
        clock.advance(by: .seconds(3))
        #expect(await q.next() == "a")
        #expect(q.delayedCount == 1)
        clock.advance(by: .seconds(2))
        #expect(await q.next() == "b")
        q.addAfter("c", delay: .zero)
        #expect(q.count == 1)
        q.shutdown()
    }

    @Test func delayedKeyAlreadyQueuedIsNotDuplicated() async {
        let clock = ManualClock()
        let q = queue(clock: clock)
        q.add("a")
        q.addAfter("a", delay: .seconds(1))
        clock.advance(by: .seconds(1))
        #expect(await q.next() == "a")
        q.done("a")
        // The delayed add either landed while "a" was queued (deduplicated) or lands now; never twice.
        let remaining = q.count + q.delayedCount
        #expect(remaining <= 1)
        q.shutdown()
    }

    @Test func workersNeverProcessTheSameKeyAtOnce() async {
        let q = queue()
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let key = await q.next() {
                        tally.begin(key)
                        await Task.yield()
                        tally.end(key)
                        q.done(key)
                    }
                }
            }
            group.addTask {
                for i in 0..<2000 {
                    q.add("k\(i % 7)")
                    if i % 50 == 0 { await Task.yield() }
                }
                // Let the workers drain, then stop them.
                while q.count > 0 { await Task.yield() }
                q.shutdown()
            }
        }
        #expect(tally.overlaps == 0)
        #expect(tally.processed >= 7)
    }
}
