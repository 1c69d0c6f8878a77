import Synchronization

/// The addresses of a cluster's running pods: one loopback /24 (`127.a.b.0/24`) per cluster, so that every pod can
/// listen on its declared ports without clashing with another pod, another cluster or anything on 127.0.0.1.
///
/// Simulators in one process never share a /24 (a process-wide registry); simulators in different processes pick at
/// random among 64,770 of them. With `--state` the cluster keeps its /24 across restarts.
final class LoopbackPodNetwork: Sendable {
    /// The /24s taken in this process.
    private static let claimed = Mutex<Set<Int>>([])

    /// `a << 8 | b` of `127.a.b.0/24`.
    let prefix: Int
    private struct State {
        var next = 2
        /// Pod uid → host number.
        var leases: [String: Int] = [:]
    }
    private let state = Mutex(State())

    /// Claims `preferred` when no other simulator here has it, else a free /24 at random (never `127.0.x.x`, so
    /// 127.0.0.1 stays out of reach).
    init(preferred: Int?) {
        prefix = Self.claimed.withLock { taken in
            if let preferred, (256..<65_280).contains(preferred), !taken.contains(preferred) {
                taken.insert(preferred)
                return preferred
            }
            var candidate: Int
            repeat { candidate = Int.random(in: 256..<65_280) } while taken.contains(candidate)
            taken.insert(candidate)
            return candidate
        }
    }

    deinit {
        let prefix = self.prefix
        _ = Self.claimed.withLock { $0.remove(prefix) }
    }

    /// `127.a.b.`
    var base: String { "127.\(prefix >> 8).\(prefix & 0xFF)." }

    /// The pod's address: the one it already holds, else a free one; `nil` when all 253 are in use.
    func address(for uid: String) -> String? {
        state.withLock { s in
            if let host = s.leases[uid] { return base + String(host) }
            let used = Set(s.leases.values)
            for offset in 0..<253 {
                let host = (s.next - 2 + offset) % 253 + 2
                if !used.contains(host) {
                    s.leases[uid] = host
                    s.next = host + 1
                    return base + String(host)
                }
            }
            return nil
        }
    }

    /// Keeps an address the pod held before a restart, when it is in this network and free.
    func adopt(uid: String, address: String) {
        guard address.hasPrefix(base), let host = Int(address.dropFirst(base.count)), (2...254).contains(host) else { return }
        state.withLock { s in
            if s.leases[uid] == nil && !s.leases.values.contains(host) { s.leases[uid] = host }
        }
    }

    func release(uid: String) {
        _ = state.withLock { $0.leases.removeValue(forKey: uid) }
    }

    /// Whether an address is on the loopback network, the only one the simulator ever dials.
    static func isLoopback(_ address: String) -> Bool {
        let parts = address.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
