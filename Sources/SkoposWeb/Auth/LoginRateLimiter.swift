import Synchronization

/// Login attempts per client address (`backend.md` §4.9): at most `limit` in any `window`; past that, 429 until the
/// oldest attempt leaves the window.
final class LoginRateLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let attempts = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: Int = 10, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt; `false` when the client is over the limit (the attempt is not counted then).
    func allow(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        attempts.withLock { all in
            if all.count > 10_000 { all = all.filter { ($0.value.last.map { now - $0 < window }) ?? false } }
            var recent = (all[client] ?? []).filter { now - $0 < window }
            guard recent.count < limit else {
                all[client] = recent
                return false
            }
            recent.append(now)
            all[client] = recent
            return true
        }
    }
}
