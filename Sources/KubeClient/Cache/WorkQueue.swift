import DequeModule
import Synchronization

/// A controller work queue of keys, after client-go's rate-limited work queue (house style 12.5).
///
/// - A key already queued is not queued twice.
/// - A key handed out by ``next()`` is *processing* until ``done(_:)``; it is not handed to a second worker meanwhile.
///   Added again while processing, it is queued once more when ``done(_:)`` is called.
/// - ``addRateLimited(_:)`` queues a key after a per-key exponential delay (5 ms doubling up to 1000 s, as client-go's
///   default controller rate limiter); ``forget(_:)`` resets it after a success.
/// - ``shutdown()`` makes ``next()`` return `nil` (waiting callers too) and ignores later adds.
///
/// Memory is bounded by the number of distinct keys: the queue, the processing set, the delayed set and the failure
/// counts each hold a key at most once. Delays run on one timer task at a time.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    typealias Waiter = (id: UInt64, continuation: CheckedContinuation<Key?, Never>)
    typealias Resumption = (continuation: CheckedContinuation<Key?, Never>, key: Key?)

    struct State {
        /// Keys ready to hand out, in order.
        var queue: Deque<Key> = []
        /// Keys that need processing: queued ones, and processing ones added again.
        var dirty: Set<Key> = []
        var processing: Set<Key> = []
        /// Callers of `next()` waiting for a key; only non-empty while the queue is empty.
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// Delayed keys: when they become ready, and a sequence number that keeps equal deadlines in order.
        var delayed: [Key: (deadline: ContinuousClock.Instant, sequence: UInt64)] = [:]
        var nextDelayedSequence: UInt64 = 0
        var timer: (id: UInt64, deadline: ContinuousClock.Instant, task: Task<Void, Never>)?
        var nextTimerID: UInt64 = 0
        /// Rate-limited adds per key since the last `forget`.
        var failures: [Key: Int] = [:]
        var isShutdown = false

        var queuedCount: Int { queue.count }

        mutating func popFirst() -> Key? {
            guard let key = queue.popFirst() else { return nil }
            dirty.remove(key)
            processing.insert(key)
            return key
        }

        /// Queues a key (or hands it straight to a waiting worker).
        mutating func insert(_ key: Key) -> Resumption? {
            guard !isShutdown, !dirty.contains(key) else { return nil }
            dirty.insert(key)
            guard !processing.contains(key) else { return nil }
            return enqueue(key)
        }

        private mutating func enqueue(_ key: Key) -> Resumption? {
            if !waiters.isEmpty {
                let waiter = waiters.removeFirst()
                dirty.remove(key)
                processing.insert(key)
                return (waiter.continuation, key)
            }
            queue.append(key)
            return nil
        }

        mutating func finish(_ key: Key) -> Resumption? {
            guard processing.remove(key) != nil, !isShutdown, dirty.contains(key) else { return nil }
            return enqueue(key)
        }
    }

    private let state = Mutex(State())
    private let baseDelay: Duration
    private let maxDelay: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let sleep: @Sendable (_ deadline: ContinuousClock.Instant) async throws -> Void

    /// Creates an empty queue.
    /// - Parameters:
    ///   - baseDelay: The first rate-limited delay of a key.
    ///   - maxDelay: The largest rate-limited delay.
    ///   - now: The current time (a test clock in tests).
    ///   - sleep: Sleeps until a deadline, throwing when cancelled (a test clock in tests).
    public init(
        baseDelay: Duration = .milliseconds(5),
        maxDelay: Duration = .seconds(1000),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        sleep: @escaping @Sendable (_ deadline: ContinuousClock.Instant) async throws -> Void = { deadline in
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.now = now
        self.sleep = sleep
    }

    deinit {
        state.withLock { $0.timer?.task.cancel() }
    }

    // MARK: - Adding

    /// Queues a key unless it is already queued; a key being processed is queued again after ``done(_:)``.
    /// - Parameter key: The key.
    public func add(_ key: Key) {
        let resumption = state.withLock { $0.insert(key) }
        resumption?.continuation.resume(returning: resumption?.key)
    }

    /// Queues a key after a delay. A key already waiting keeps the earlier of its two deadlines.
    /// - Parameters:
    ///   - key: The key.
    ///   - delay: The delay; zero or less queues at once.
    public func addAfter(_ key: Key, delay: Duration) {
        guard delay > .zero else {
            add(key)
            return
        }
        state.withLock { state in
            addDelayed(key, delay: delay, state: &state)
        }
    }

    /// Queues a key after its per-key backoff and lengthens the backoff: `baseDelay × 2^n` for the n-th call since
    /// the last ``forget(_:)``, at most `maxDelay`.
    /// - Parameter key: The key whose processing failed.
    /// - Returns: The delay used.
    @discardableResult
    public func addRateLimited(_ key: Key) -> Duration {
        state.withLock { state in
            guard !state.isShutdown else { return .zero }
            let failures = state.failures[key, default: 0]
            state.failures[key] = failures + 1
            let delay = Self.backoff(failures: failures, base: baseDelay, cap: maxDelay)
            addDelayed(key, delay: delay, state: &state)
            return delay
        }
    }

    /// Resets a key's backoff (call after it was processed successfully).
    /// - Parameter key: The key.
    public func forget(_ key: Key) {
        state.withLock { _ = $0.failures.removeValue(forKey: key) }
    }

    /// How many rate-limited adds the key had since the last ``forget(_:)``.
    /// - Parameter key: The key.
    /// - Returns: The count.
    public func numRequeues(_ key: Key) -> Int {
        state.withLock { $0.failures[key, default: 0] }
    }

    // MARK: - Processing

    /// The next key to process, waiting until one is queued; `nil` after ``shutdown()`` or when the calling task is
    /// cancelled. Call ``done(_:)`` with the key when finished.
    /// - Returns: A key that is now processing, or `nil`.
    public func next() async -> Key? {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let resumption: Resumption? = state.withLock { state in
                    if state.isShutdown || Task.isCancelled { return (continuation, nil) }
                    if let key = state.popFirst() { return (continuation, key) }
                    state.waiters.append((id, continuation))
                    return nil
                }
                resumption?.continuation.resume(returning: resumption?.key)
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Marks a key from ``next()`` as processed; if it was added meanwhile it is queued again.
    /// - Parameter key: The key.
    public func done(_ key: Key) {
        let resumption = state.withLock { $0.finish(key) }
        resumption?.continuation.resume(returning: resumption?.key)
    }

    /// Stops the queue: waiting and later ``next()`` calls return `nil`, adds are ignored, delayed keys are dropped.
    public func shutdown() {
        let waiters = state.withLock { state in
            state.isShutdown = true
            state.timer?.task.cancel()
            state.timer = nil
            state.delayed.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.continuation.resume(returning: nil)
        }
    }

    // MARK: - Inspection

    /// The number of keys ready to hand out (neither processing nor delayed).
    public var count: Int {
        state.withLock { $0.queuedCount }
    }

    /// The number of keys waiting for their delay.
    public var delayedCount: Int {
        state.withLock { $0.delayed.count }
    }

    /// `true` after ``shutdown()``.
    public var isShutdown: Bool {
        state.withLock { $0.isShutdown }
    }

    // MARK: - Delays

    /// client-go's `ItemExponentialFailureRateLimiter`: `base × 2^failures`, at most `cap`.
    static func backoff(failures: Int, base: Duration, cap: Duration) -> Duration {
        guard failures < 63 else { return cap }
        let scaled = Double(nanoseconds(base)) * Double(UInt64(1) << UInt64(max(0, failures)))
        return scaled >= Double(nanoseconds(cap)) ? cap : .nanoseconds(Int64(scaled))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private func addDelayed(_ key: Key, delay: Duration, state: inout State) {
        guard !state.isShutdown else { return }
        let deadline = now() + delay
        if let existing = state.delayed[key], existing.deadline <= deadline { return }
        state.delayed[key] = (deadline, state.nextDelayedSequence)
        state.nextDelayedSequence += 1
        scheduleTimer(state: &state)
    }

    /// Makes sure a timer task sleeps until the earliest delayed deadline.
    private func scheduleTimer(state: inout State) {
        guard !state.isShutdown, let deadline = state.delayed.values.lazy.map(\.deadline).min() else { return }
        if let timer = state.timer, timer.deadline <= deadline { return }
        state.timer?.task.cancel()
        let id = state.nextTimerID
        state.nextTimerID += 1
        let sleep = self.sleep
        let task = Task { [weak self] in
            try? await sleep(deadline)
            self?.timerFired(id: id)
        }
        state.timer = (id, deadline, task)
    }

    /// Queues the delayed keys that are due and re-arms the timer for the rest.
    private func timerFired(id: UInt64) {
        let resumptions = state.withLock { state -> [Resumption] in
            if state.timer?.id == id {
                state.timer = nil
            }
            let now = self.now()
            let due = state.delayed.filter { $0.value.deadline <= now }.sorted {
                ($0.value.deadline, $0.value.sequence) < ($1.value.deadline, $1.value.sequence)
            }
            var resumptions: [Resumption] = []
            for (key, _) in due {
                state.delayed[key] = nil
                if let resumption = state.insert(key) {
                    resumptions.append(resumption)
                }
            }
            scheduleTimer(state: &state)
            return resumptions
        }
        for resumption in resumptions {
            resumption.continuation.resume(returning: resumption.key)
        }
    }
}
