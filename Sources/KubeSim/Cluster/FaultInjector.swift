import Synchronization

/// A misbehaviour a test switches on to check how clients cope: error statuses, watches that split events across
/// writes, close early, or report `410 Gone` in the stream.
public struct SimFault: Sendable {
    public enum Action: Sendable, Equatable {
        /// Answer with this HTTP status and a matching `Status` body (429, 500, 410, ...).
        case status(Int)
        /// In a watch, write each event in two halves with a pause between them.
        case splitWatchEvents(pause: Duration)
        /// End a watch cleanly after this many events.
        case closeWatchAfter(events: Int)
        /// Send an `ERROR` event with a `410 Expired` Status after this many events, then end the watch.
        case watchGoneAfter(events: Int)
    }

    public var action: Action
    /// Only requests with this verb (`list`, `watch`, `get`, ...); `nil` matches all.
    public var verb: String?
    /// Only this resource (`pods`); `nil` matches all.
    public var resource: String?
    /// How many matching requests it applies to.
    public var times: Int

    public init(_ action: Action, verb: String? = nil, resource: String? = nil, times: Int = 1) {
        self.action = action
        self.verb = verb
        self.resource = resource
        self.times = times
    }
}

/// The faults armed on one cluster. Each matching request consumes one use.
public final class FaultInjector: Sendable {
    private let faults = Mutex<[SimFault]>([])

    public init() {}

    /// Arms a fault.
    public func add(_ fault: SimFault) {
        faults.withLock { $0.append(fault) }
    }

    /// Disarms everything.
    public func clear() {
        faults.withLock { $0.removeAll() }
    }

    /// Takes the first armed fault matching a request, if any.
    func take(verb: String, resource: String) -> SimFault.Action? {
        faults.withLock { list in
            guard let i = list.firstIndex(where: { ($0.verb == nil || $0.verb == verb) && ($0.resource == nil || $0.resource == resource) })
            else { return nil }
            let action = list[i].action
            list[i].times -= 1
            if list[i].times <= 0 { list.remove(at: i) }
            return action
        }
    }
}

extension SimCluster {
    /// Ends every open watch at once, as when connections to an API server drop; clients must re-watch.
    public func dropAllWatches() {
        storage.closeAllWatches()
    }
}
