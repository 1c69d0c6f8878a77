import KubeTypes

/// The decisions of a reflector (list, watch, relist, back off), as a value type that returns actions.
///
/// The machine does no I/O and reads no clock: the caller (an async loop) performs each returned ``Action`` and reports
/// its outcome back. It follows client-go's reflector (`tools/cache/reflector.go`) as written down in the house style,
/// section 12:
///
/// - The first LIST asks for resourceVersion `"0"`; a relist after an expired watch asks for the last synced RV; a LIST
///   that fails as expired or "too large resource version" is retried at once with `""` (a consistent read).
/// - A watch that ends cleanly is restarted from the last synced RV without a relist.
/// - 410 Gone / `Expired` ends in a relist, 429 in a backoff and re-watch, 500 in bounded immediate re-watches (about a
///   minute) and then a backoff and relist; any other error in a backoff and relist.
/// - Backoff: 800 ms initial, factor 2, cap 30 s, jitter 1.0 (each sleep lies in `[d, 2d)`), reset when the previous
///   backoff is more than 2 minutes old.
///
/// One guard goes beyond client-go, which always sleeps before a relist: an expired watch is relisted immediately, but
/// a second expiry in a row with no event applied in between is relisted only after a backoff, so a server that keeps
/// answering 410 cannot drive a tight list/watch loop.
public struct ReflectorStateMachine: Sendable {
    /// The `resourceVersion` a LIST asks for.
    public enum ListRV: Sendable, Hashable {
        /// `"0"`: any version; the API server may answer from its watch cache.
        case any
        /// A version at least as fresh as the given one.
        case notOlderThan(String)
        /// `""`: a consistent (quorum) read.
        case consistent

        /// The value of the `resourceVersion` query parameter.
        public var queryValue: String {
            switch self {
            case .any: "0"
            case .notOlderThan(let resourceVersion): resourceVersion
            case .consistent: ""
            }
        }
    }

    /// What the caller does next.
    public enum Action: Sendable, Hashable {
        /// LIST the resource at the given version, replace the store with the result, and report
        /// ``ReflectorStateMachine/listSucceeded(resourceVersion:)`` or ``ReflectorStateMachine/listFailed(_:now:)``.
        case list(ListRV)
        /// WATCH from the given resourceVersion (with bookmarks and ``ReflectorStateMachine/watchTimeoutSeconds()``),
        /// report each applied event through ``ReflectorStateMachine/eventApplied(resourceVersion:type:)`` and the end
        /// through ``ReflectorStateMachine/watchEnded(_:now:)``.
        case watch(from: String)
        /// Sleep for the duration, then call ``ReflectorStateMachine/sleepFinished()``.
        case sleep(Duration)
    }

    /// The type of a watch event that was applied to the store.
    public enum EventType: Sendable, Hashable {
        /// `ADDED`.
        case added
        /// `MODIFIED`.
        case modified
        /// `DELETED`.
        case deleted
        /// `BOOKMARK`: only the resourceVersion advances.
        case bookmark
    }

    /// Where the machine is: which action it last returned.
    enum Phase: Sendable, Hashable {
        case idle
        case listing(ListRV)
        case watching(from: String)
        case sleeping(then: Action)
    }

    /// The backoff policy. ``clientGo`` holds client-go's numbers.
    public struct Backoff: Sendable, Hashable {
        /// The first sleep (before jitter).
        public var initial: Duration
        /// The growth factor between consecutive sleeps.
        public var factor: Double
        /// The largest sleep before jitter.
        public var cap: Duration
        /// Jitter factor: a sleep of `d` becomes `d + d × jitter × r` with `r` uniform in `[0, 1)`.
        public var jitter: Double
        /// The backoff starts again from ``initial`` when the previous backoff began longer ago than this.
        public var resetAfter: Duration

        /// Creates a policy.
        /// - Parameters:
        ///   - initial: The first sleep before jitter.
        ///   - factor: The growth factor.
        ///   - cap: The largest sleep before jitter.
        ///   - jitter: The jitter factor.
        ///   - resetAfter: How long without a backoff resets the sequence.
        public init(initial: Duration, factor: Double, cap: Duration, jitter: Double, resetAfter: Duration) {
            self.initial = initial
            self.factor = factor
            self.cap = cap
            self.jitter = jitter
            self.resetAfter = resetAfter
        }

        /// client-go's reflector backoff: 800 ms, ×2, at most 30 s, jitter 1.0, reset after 2 minutes.
        public static let clientGo = Backoff(
            initial: .milliseconds(800), factor: 2, cap: .seconds(30), jitter: 1, resetAfter: .seconds(120))
    }

    /// The policy for backoff sleeps.
    public let backoff: Backoff
    /// How long a burst of 500 errors on the watch is answered with immediate re-watches before backing off.
    public let internalErrorRetryDuration: Duration

    /// `true` once a LIST has succeeded; it stays `true` afterwards (like client-go's `HasSynced`).
    public private(set) var isSynced = false
    /// The resourceVersion of the last successful LIST or of the last recorded watch event; `""` before the first LIST.
    public private(set) var lastSyncedResourceVersion = ""
    /// `true` after a LIST failed as expired or "too large resource version": relists ask for `""` until one succeeds.
    public private(set) var isLastSyncResourceVersionUnavailable = false
    /// `true` while a watch started at `""` or `"0"` delivers its synthetic initial `ADDED` events, whose RVs are in no
    /// order and are not recorded. Set when the machine starts such a watch; a caller using watch-list mode
    /// (`sendInitialEvents=true`) may set it too. Cleared by the first event that is not `ADDED`.
    public var isDeliveringInitialEvents = false

    /// The last action returned.
    private(set) var phase: Phase = .idle

    /// The next sleep before jitter, in nanoseconds.
    private var nextBackoffNanoseconds: Int64
    /// When the last backoff began.
    private var lastBackoffAt: ContinuousClock.Instant?
    /// The first and the latest 500 error of the current burst.
    private var internalErrorBurst: (first: ContinuousClock.Instant, last: ContinuousClock.Instant)?
    /// Watches that ended expired in a row with no event applied in between.
    private var consecutiveExpiredWatches = 0
    /// The random source for jitter and watch timeouts.
    private var random: any RandomNumberGenerator & Sendable

    /// Creates a machine in its initial state; call ``start()`` for the first action.
    /// - Parameters:
    ///   - backoff: The backoff policy (client-go's by default).
    ///   - internalErrorRetryDuration: How long 500 errors on the watch are retried without backoff; zero disables.
    ///   - random: The random source for jitter and watch timeouts; inject a fixed generator in tests.
    public init(
        backoff: Backoff = .clientGo,
        internalErrorRetryDuration: Duration = .seconds(60),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.backoff = backoff
        self.internalErrorRetryDuration = internalErrorRetryDuration
        self.nextBackoffNanoseconds = Self.nanoseconds(backoff.initial)
        self.random = random
    }

    // MARK: - Inputs

    /// The first action: a LIST at `"0"` (or, if the machine was used before, at the version a relist would use).
    /// - Returns: `.list(.any)` for a new machine.
    public mutating func start() -> Action {
        beginList(relistResourceVersion)
    }

    /// Reports that the LIST succeeded and the store was replaced with its items.
    ///
    /// Marks the machine synced, records the list's resourceVersion and forgets an earlier "RV unavailable" state.
    /// - Parameter resourceVersion: `metadata.resourceVersion` of the list.
    /// - Returns: `.watch(from: resourceVersion)`.
    public mutating func listSucceeded(resourceVersion: String) -> Action {
        isSynced = true
        isLastSyncResourceVersionUnavailable = false
        lastSyncedResourceVersion = resourceVersion
        return beginWatch()
    }

    /// Reports that the LIST failed.
    ///
    /// An expired or "too large resource version" failure is retried at once with `""` (unless the failed LIST already
    /// asked for `""`, which backs off first). Any other failure backs off and then lists again at the same choice of
    /// version.
    /// - Parameters:
    ///   - failure: What went wrong.
    ///   - now: The current time, for the backoff.
    /// - Returns: `.list(.consistent)` or `.sleep(_)`.
    public mutating func listFailed(_ failure: Failure, now: ContinuousClock.Instant) -> Action {
        if failure.isExpired || failure.isResourceVersionTooLarge {
            let failedListWasConsistent = phase == .listing(.consistent)
            isLastSyncResourceVersionUnavailable = true
            if !failedListWasConsistent {
                return beginList(.consistent)
            }
        }
        return sleep(then: .list(relistResourceVersion), now: now)
    }

    /// Reports a watch event that was applied to the store (including a `BOOKMARK`, which only carries a version).
    ///
    /// Records the event's resourceVersion as the last synced one, except for `ADDED` events while
    /// ``isDeliveringInitialEvents`` is set. An empty resourceVersion is never recorded.
    /// - Parameters:
    ///   - resourceVersion: `metadata.resourceVersion` of the event's object.
    ///   - type: The event's type.
    public mutating func eventApplied(resourceVersion: String, type: EventType) {
        consecutiveExpiredWatches = 0
        if isDeliveringInitialEvents {
            guard type != .added else { return }
            isDeliveringInitialEvents = false
        }
        if !resourceVersion.isEmpty {
            lastSyncedResourceVersion = resourceVersion
        }
    }

    /// Reports that the watch ended, cleanly (`nil`) or with a failure (an HTTP status when it was opened, or an
    /// `ERROR` event inside the stream).
    ///
    /// - Clean end: watch again from the last synced RV (no relist).
    /// - Expired (410, `Expired`, `Gone`): relist at the last synced RV; back off first if the previous watch also
    ///   expired with no event in between.
    /// - 429, an unreachable server or a timeout: back off, then watch again.
    /// - 500: watch again at once while the burst is younger than ``internalErrorRetryDuration``; then back off and
    ///   relist.
    /// - Anything else: back off, then relist.
    /// - Parameters:
    ///   - failure: Why the watch ended, or `nil` for a clean end.
    ///   - now: The current time, for the backoff and the 500 burst.
    /// - Returns: The next action.
    public mutating func watchEnded(_ failure: Failure?, now: ContinuousClock.Instant) -> Action {
        guard let failure else {
            consecutiveExpiredWatches = 0
            return beginWatch()
        }
        if failure.isExpired {
            consecutiveExpiredWatches += 1
            if consecutiveExpiredWatches > 1 {
                return sleep(then: .list(relistResourceVersion), now: now)
            }
            return beginList(relistResourceVersion)
        }
        if failure.kind == .tooManyRequests || failure.kind == .unreachable || failure.kind == .timeout {
            return sleep(then: .watch(from: lastSyncedResourceVersion), now: now)
        }
        if failure.isInternalError && shouldRetryInternalError(now: now) {
            return beginWatch()
        }
        return sleep(then: .list(relistResourceVersion), now: now)
    }

    /// Reports that the sleep of a `.sleep` action is over.
    ///
    /// Called in any other state, it starts a relist.
    /// - Returns: The action the sleep was delaying.
    public mutating func sleepFinished() -> Action {
        guard case .sleeping(let next) = phase else {
            return beginList(relistResourceVersion)
        }
        switch next {
        case .list(let listRV): return beginList(listRV)
        case .watch: return beginWatch()
        case .sleep: return beginList(relistResourceVersion)
        }
    }

    /// A random watch timeout in `[300, 600]` seconds, for the watch's `timeoutSeconds` parameter.
    /// - Returns: Seconds.
    public mutating func watchTimeoutSeconds() -> Int {
        300 + min(300, Int(randomUnit() * 301))
    }

    // MARK: - Transitions

    /// The version a relist asks for: `""` after an expired LIST, `"0"` before any sync, else the last synced RV.
    var relistResourceVersion: ListRV {
        if isLastSyncResourceVersionUnavailable { return .consistent }
        if lastSyncedResourceVersion.isEmpty { return .any }
        return .notOlderThan(lastSyncedResourceVersion)
    }

    private mutating func beginList(_ listRV: ListRV) -> Action {
        phase = .listing(listRV)
        return .list(listRV)
    }

    private mutating func beginWatch() -> Action {
        let from = lastSyncedResourceVersion
        isDeliveringInitialEvents = from.isEmpty || from == "0"
        phase = .watching(from: from)
        return .watch(from: from)
    }

    private mutating func sleep(then next: Action, now: ContinuousClock.Instant) -> Action {
        phase = .sleeping(then: next)
        return .sleep(nextBackoff(now: now))
    }

    /// The next backoff sleep, following client-go's `exponentialBackoffManagerImpl`.
    mutating func nextBackoff(now: ContinuousClock.Instant) -> Duration {
        if let lastBackoffAt, now - lastBackoffAt > backoff.resetAfter {
            nextBackoffNanoseconds = Self.nanoseconds(backoff.initial)
        }
        lastBackoffAt = now
        let base = nextBackoffNanoseconds
        let cap = Self.nanoseconds(backoff.cap)
        let grown = Double(base) * backoff.factor
        nextBackoffNanoseconds = grown >= Double(cap) ? cap : Int64(grown)
        let jitter = Double(base) * backoff.jitter * randomUnit()
        return .nanoseconds(base + Int64(jitter))
    }

    /// client-go's `retryWithDeadline` for internal errors: a burst ends after a minute without a 500.
    private mutating func shouldRetryInternalError(now: ContinuousClock.Instant) -> Bool {
        guard internalErrorRetryDuration > .zero else { return false }
        if let burst = internalErrorBurst, now - burst.last <= .seconds(60) {
            internalErrorBurst = (burst.first, now)
        } else {
            internalErrorBurst = (now, now)
        }
        guard let burst = internalErrorBurst, now - burst.first <= internalErrorRetryDuration else {
            internalErrorBurst = nil
            return false
        }
        return true
    }

    /// A uniform value in `[0, 1)` from the injected generator (53 random bits).
    private mutating func randomUnit() -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension ReflectorStateMachine {
    /// Why a LIST or a WATCH failed: the client's one error type, classified by ``FailureKind``.
    public typealias Failure = KubeAPIError
}
