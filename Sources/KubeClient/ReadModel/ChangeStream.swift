import Synchronization

/// The changes of every cluster, as an `AsyncSequence` of ``MeshEvent``s, from ``ClusterRegistry/changes(startingWithSnapshot:)``.
///
/// Changes arrive in order per object and none is lost: a subscriber that reads too slowly receives
/// ``MeshEvent/fellBehind(_:)`` with a fresh snapshot, then the changes after that snapshot. The subscription ends when
/// the stream and its iterator are dropped, the task is cancelled, or the registry stops.
///
/// The subscription starts when the stream is made, so no change between making it and iterating it is lost.
/// Iterating it a second time starts a new subscription from a snapshot.
public struct ChangeStream: AsyncSequence, Sendable {
    public typealias Element = MeshEvent
    public typealias Failure = Never

    let subscription: Subscription
    let startingWithSnapshot: Bool
    let snapshot: @Sendable () -> MeshSnapshot

    init(hub: ChangeHub, startingWithSnapshot: Bool, snapshot: @escaping @Sendable () -> MeshSnapshot) {
        self.subscription = Subscription(hub: hub, startBehind: startingWithSnapshot)
        self.startingWithSnapshot = startingWithSnapshot
        self.snapshot = snapshot
    }

    /// Ends the subscription when the iterator that owns it goes away.
    final class Subscription: Sendable {
        let hub: ChangeHub
        let id: Int
        /// Whether an iterator reads it already.
        let isTaken = Atomic<Bool>(false)
        init(hub: ChangeHub, startBehind: Bool) {
            self.hub = hub
            self.id = hub.subscribe(startBehind: startBehind)
        }
        deinit { hub.unsubscribe(id) }
    }

    /// Reads the events of one subscription.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: Subscription
        let snapshot: @Sendable () -> MeshSnapshot
        var isFirst: Bool
        /// For each store in the last snapshot, the sequence number it had: changes up to it are in the snapshot.
        var seen: [UInt64: UInt64] = [:]

        public mutating func next() async -> MeshEvent? {
            while true {
                switch await subscription.hub.next(subscription.id) {
                case .finished:
                    return nil
                case .fellBehind:
                    let state = snapshot()
                    seen = state.storeSequences
                    defer { isFirst = false }
                    return isFirst ? .snapshot(state) : .fellBehind(state)
                case .item(.cluster(let change)):
                    isFirst = false
                    return .cluster(change)
                case .item(.object(let change)):
                    isFirst = false
                    if let last = seen[change.storeID], change.sequence <= last { continue }
                    return .object(change)
                }
            }
        }
    }

    /// The first iterator reads the subscription made with the stream; a second one (the stream iterated again)
    /// gets a subscription of its own, starting from a snapshot.
    public func makeAsyncIterator() -> AsyncIterator {
        if subscription.isTaken.exchange(true, ordering: .relaxed) {
            return AsyncIterator(subscription: Subscription(hub: subscription.hub, startBehind: true), snapshot: snapshot, isFirst: true)
        }
        return AsyncIterator(subscription: subscription, snapshot: snapshot, isFirst: startingWithSnapshot)
    }
}
