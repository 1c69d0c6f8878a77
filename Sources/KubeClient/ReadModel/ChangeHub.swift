import DequeModule
import Synchronization

/// Hands every change to every subscriber, each with a bounded buffer of its own. A subscriber whose buffer
/// overflows loses its buffer and is marked behind; its next read tells it so (and its stream then hands it a fresh
/// snapshot), so it never sees silently fewer changes.
final class ChangeHub: Sendable {
    /// What is buffered for a subscriber.
    enum Item: Sendable {
        case object(ObjectChange)
        case cluster(ClusterChange)
    }

    /// What a subscriber reads next.
    enum Next: Sendable {
        case item(Item)
        /// Changes were dropped since the last read (or the subscriber asked to start from a snapshot).
        case fellBehind
        /// The hub or the subscriber's task is finished.
        case finished
    }

    fileprivate struct Subscriber {
        var buffer: Deque<Item> = []
        var isBehind: Bool
        var waiter: CheckedContinuation<Void, Never>?

        var pending: Int { buffer.count }

        mutating func pop() -> Item? { buffer.popFirst() }
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var isFinished = false
        /// Sources (clusters) that are gone: what they still publish is dropped.
        var retired: Set<UInt64> = []
    }

    /// The most changes buffered for one subscriber before it is marked behind.
    let bufferLimit: Int
    private let state = Mutex(State())
    private let subscriberCount = Atomic<Int>(0)

    init(bufferLimit: Int = 10_000) {
        self.bufferLimit = max(1, bufferLimit)
    }

    /// Whether anyone listens (publishers skip building changes when nobody does).
    var hasSubscribers: Bool { subscriberCount.load(ordering: .relaxed) > 0 }

    /// Adds a subscriber.
    /// - Parameter startBehind: whether its first read reports ``Next/fellBehind`` (so it starts from a snapshot).
    /// - Returns: Its identifier.
    func subscribe(startBehind: Bool) -> Int {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            s.subscribers[s.nextID] = Subscriber(isBehind: startBehind)
            return s.nextID
        }
        subscriberCount.add(1, ordering: .relaxed)
        return id
    }

    /// Removes a subscriber, waking it if it waits.
    func unsubscribe(_ id: Int) {
        let subscriber = state.withLock { $0.subscribers.removeValue(forKey: id) }
        guard let subscriber else { return }
        subscriberCount.subtract(1, ordering: .relaxed)
        subscriber.waiter?.resume()
    }

    /// Ends every subscription (when the registry stops).
    func finish() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.isFinished = true
            var waiters: [CheckedContinuation<Void, Never>] = []
            for id in Array(s.subscribers.keys) {
                if let waiter = s.subscribers[id]?.waiter { waiters.append(waiter) }
                s.subscribers[id]?.waiter = nil
            }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Buffers changes for every subscriber, in order.
    /// - Parameters:
    ///   - items: The changes.
    ///   - source: Who publishes them (a cluster's cache); nothing is published for a retired source.
    func publish(_ items: [Item], source: UInt64? = nil) {
        guard !items.isEmpty, hasSubscribers else { return }
        let limit = bufferLimit
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if let source, s.retired.contains(source) { return [] }
            var waiters: [CheckedContinuation<Void, Never>] = []
            for id in Array(s.subscribers.keys) {
                s.subscribers[id]!.append(items, limit: limit)
                if let waiter = s.subscribers[id]!.waiter {
                    waiters.append(waiter)
                    s.subscribers[id]!.waiter = nil
                }
            }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Buffers one change for every subscriber.
    func publish(_ item: Item, source: UInt64? = nil) {
        publish([item], source: source)
    }

    /// Retires a source and publishes its last word in the same step: nothing the source publishes afterwards (its
    /// tasks may still be finishing) reaches a subscriber after `item`.
    func retire(_ source: UInt64, publishing item: Item) {
        state.withLock { _ = $0.retired.insert(source) }
        publish([item])
    }

    /// The subscriber's next item, waiting for one if need be.
    func next(_ id: Int) async -> Next {
        while true {
            if Task.isCancelled { return .finished }
            let ready = state.withLock { s -> Next? in
                guard var subscriber = s.subscribers[id] else { return .finished }
                defer { s.subscribers[id] = subscriber }
                if subscriber.isBehind {
                    subscriber.isBehind = false
                    return .fellBehind
                }
                if let item = subscriber.pop() { return .item(item) }
                return s.isFinished ? .finished : nil
            }
            if let ready { return ready }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { s -> Bool in
                        guard var subscriber = s.subscribers[id], !s.isFinished, !Task.isCancelled else { return true }
                        if subscriber.isBehind || subscriber.pending > 0 { return true }
                        subscriber.waiter = continuation
                        s.subscribers[id] = subscriber
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    let waiter = s.subscribers[id]?.waiter
                    s.subscribers[id]?.waiter = nil
                    return waiter
                }
                waiter?.resume()
            }
        }
    }
}

extension ChangeHub.Subscriber {
    fileprivate mutating func append(_ items: [ChangeHub.Item], limit: Int) {
        guard !isBehind else { return }  // dropping until it reads the marker
        if pending + items.count > limit {
            buffer.removeAll()
            isBehind = true
            return
        }
        buffer.append(contentsOf: items)
    }
}
