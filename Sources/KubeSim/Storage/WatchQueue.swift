import Synchronization

/// The events of one watch subscription, taken in batches: the storage appends under its lock without ever
/// blocking, and the watch takes everything pending at once, so that a busy watch sends many events per network
/// write while an idle one still sends each event as it happens.
final class WatchQueue: Sendable {
    /// What a watch takes in one go.
    struct Batch {
        var events: [StorageEvent]
        /// A bookmark is due.
        var tick: Bool
        /// Nothing more will come (timeout, shutdown, or the watch fell too far behind).
        var finished: Bool
    }

    private struct State {
        var events: [StorageEvent] = []
        var tick = false
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
        var hasWork: Bool { !events.isEmpty || tick || finished }
    }

    private let state = Mutex(State())
    /// How many events may wait; a watch further behind is ended, as a real server ends a slow watcher.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Appends an event; returns `false` (and ends the queue) when the watch is too far behind or already ended.
    @discardableResult
    func push(_ event: StorageEvent) -> Bool {
        let (accepted, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !s.finished else { return (false, nil) }
            if s.events.count >= capacity {
                s.finished = true
            } else {
                s.events.append(event)
            }
            defer { s.waiter = nil }
            return (!s.finished, s.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Asks for a bookmark.
    func tick() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.finished else { return nil }
            s.tick = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Ends the queue; what is pending is still taken.
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Waits for work and takes all of it; a cancelled caller gets a finished batch.
    func next() async -> Batch {
        while true {
            if let batch = take() { return batch }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.hasWork { return true }
                        s.waiter = c
                        return false
                    }
                    if now { c.resume() }
                }
            } onCancel: {
                finish()
            }
        }
    }

    private func take() -> Batch? {
        state.withLock { s in
            guard s.hasWork else { return nil }
            let batch = Batch(events: s.events, tick: s.tick, finished: s.finished)
            s.events = []
            s.tick = false
            return batch
        }
    }
}
