import Synchronization

/// The requests that reached one simulated API server, newest last: "counted at the server", so tests can check what
/// a client really sent (how many LISTs, whether a WATCH left its namespaces) rather than what it meant to send.
///
/// Every request that reaches the API handler is recorded once authentication has been tried, before faults,
/// authorization and dispatch: resource requests, discovery, `/version`, `/openapi`, other non-resource paths, and
/// requests then refused. Health probes (`/healthz`, `/livez`, `/readyz`) and OpenShift's OAuth pages are not.
/// The log keeps the newest ``capacity`` requests.
public final class RequestLog: Sendable {
    /// A ring buffer: once full, `next` is the oldest entry and the next to be overwritten.
    private struct State {
        var entries: [RecordedRequest] = []
        var next = 0
    }

    /// How many requests are kept; older ones are dropped first.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty log.
    /// - Parameter capacity: how many requests to keep (at least 1).
    public init(capacity: Int = 200_000) {
        self.capacity = max(1, capacity)
    }

    /// Adds a request, dropping the oldest when full.
    func record(_ request: RecordedRequest) {
        state.withLock { s in
            if s.entries.count < capacity {
                s.entries.append(request)
            } else {
                s.entries[s.next] = request
                s.next = (s.next + 1) % capacity
            }
        }
    }

    /// The recorded requests, oldest first.
    public func snapshot() -> [RecordedRequest] {
        let (entries, next) = state.withLock { ($0.entries, $0.next) }
        return next == 0 ? entries : Array(entries[next...] + entries[..<next])
    }

    /// The recorded requests with this verb and resource (`nil` matches any), oldest first:
    /// `cluster.requests.requests(verb: "list", resource: "pods")`.
    public func requests(verb: String? = nil, resource: String? = nil) -> [RecordedRequest] {
        snapshot().filter { (verb == nil || $0.verb == verb) && (resource == nil || $0.resource == resource) }
    }

    /// The lists and watches of namespaced kinds that reached beyond `namespaces`: cluster-wide ones and those in any
    /// other namespace, oldest first. A client whose informers are restricted to `namespaces` should leave this empty.
    public func collectionReads(outside namespaces: Set<String>) -> [RecordedRequest] {
        snapshot().filter { r in r.isCollectionRead && r.isNamespacedKind && (r.namespace.map { !namespaces.contains($0) } ?? true) }
    }

    /// How many requests the log holds.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Forgets every recorded request.
    public func clear() {
        state.withLock { $0 = State() }
    }
}
