import Synchronization

/// Requests in progress per user, as API priority and fairness counts them: a user over the limit gets 429 with
/// `Retry-After` at once, without affecting anyone else. Long-running requests (watches, proxies, logs) are not
/// counted, as kube-apiserver exempts them.
final class InFlightRequests: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Takes a seat for `user`; `false` when the user already has `limit` requests in progress.
    func acquire(_ user: String, limit: Int) -> Bool {
        counts.withLock { c in
            let n = c[user, default: 0]
            guard n < limit else { return false }
            c[user] = n + 1
            return true
        }
    }

    func release(_ user: String) {
        counts.withLock { c in
            let n = c[user, default: 1] - 1
            c[user] = n > 0 ? n : nil
        }
    }

    /// Whether a request is long-running and exempt from the limit: watches, and the proxy, log, exec, attach and
    /// port-forward subresources.
    static func isLongRunning(_ info: RequestInfo) -> Bool {
        info.verb == "watch" || ["proxy", "log", "exec", "attach", "portforward"].contains(info.subresource)
    }
}
