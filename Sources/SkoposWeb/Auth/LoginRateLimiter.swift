import Synchronization

/// Failed login attempts per client address (`backend.md` §4.9): after `limit` failures within `window`, further
/// attempts get 429 until the oldest failure leaves the window. Successful logins do not count, so users behind the
/// same router as someone guessing tokens are held up only while the guessing goes on.
final class LoginRateLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: Int = 10, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Whether the client may try now.
    func allows(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        failures.withLock { all in
            let recent = (all[client] ?? []).filter { now - $0 < window }
            all[client] = recent.isEmpty ? nil : recent
            return recent.count < limit
        }
    }

    /// Records a failed attempt.
    func recordFailure(_ client: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { all in
            if all.count > 10_000 { all = all.filter { ($0.value.last.map { now - $0 < window }) ?? false } }
            all[client, default: []].append(now)
        }
    }
}
