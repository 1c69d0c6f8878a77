import Synchronization

/// The keys that need another look, in arrival order, with a wake-up signal: adding a key already dirty does
/// nothing, and a waiting worker wakes once however many keys arrive, then takes them all as one batch. Safe to call
/// from the storage listener (it never blocks). Unlike KubeClient's `WorkQueue` it keeps no per-key processing
/// state, retries or rate limits: the simulator's controllers are idempotent and run each batch to completion.
final class DirtyKeys<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var order: [Key] = []
        var queued: Set<Key> = []
    }

    private let state = Mutex(State())
    private let signal: AsyncStream<Void>.Continuation
    private let wakeups: AsyncStream<Void>

    init() {
        (wakeups, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ key: Key) {
        let added = state.withLock { s -> Bool in
            guard s.queued.insert(key).inserted else { return false }
            s.order.append(key)
            return true
        }
        if added { signal.yield() }
    }

    /// Takes every queued key, in arrival order.
    func drain() -> [Key] {
        state.withLock { s in
            let keys = s.order
            s.order.removeAll()
            s.queued.removeAll()
            return keys
        }
    }

    /// Waits until something is queued (returns at once if something already is); `false` once shut down.
    func wait() async -> Bool {
        if state.withLock({ !$0.order.isEmpty }) { return true }
        for await _ in wakeups { return true }
        return false
    }

    func shutdown() { signal.finish() }
}
