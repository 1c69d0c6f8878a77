import Foundation
import KubeTypes
import SkoposModel
import Synchronization

/// The storage of one simulated cluster: every object by resource and key, one cluster-wide resourceVersion
/// counter, a bounded window of recent events for watches, and the live watch subscriptions.
///
/// All changes go through `modify`, which runs the caller's decision under the lock, so each change is atomic and
/// gets exactly one resourceVersion and one event. Reads return copies (copy-on-write), never holding the lock
/// while a caller works.
final class ClusterStorage: Sendable {
    /// How a change should end, decided by the closure passed to `modify`.
    enum Mutation {
        /// Store this object (create or replace).
        case put(JSONValue, keepCreationTimestamp: Bool = false)
        /// Remove the object.
        case delete
        /// Leave everything as it is.
        case none
    }

    /// Where a watch starts.
    enum WatchStart: Sendable {
        /// Synthetic ADDED events for the current objects, then changes (resourceVersion unset or "0").
        case current
        /// Every change after this resourceVersion.
        case after(Int)
    }

    /// The reason a watch cannot start.
    enum WatchStartError: Error {
        case expired(requested: Int, oldest: Int)
        case tooLarge(requested: Int, current: Int)
    }

    struct Watcher {
        var resource: GroupResource?
        var namespace: String?
        var queue: WatchQueue
    }

    struct State {
        var resourceVersion: Int
        var tables: [GroupResource: [ObjectKey: StoredObject]] = [:]
        /// Recent events in resourceVersion order; `window[windowStart...]` are live.
        var window: [StorageEvent] = []
        var windowStart = 0
        /// Watches may resume from any resourceVersion >= this.
        var compactedResourceVersion: Int
        var watchers: [Int: Watcher] = [:]
        var nextWatcherID = 0
        var listeners: [@Sendable (StorageEvent) -> Void] = []
        var dirty = false
    }

    private let state: Mutex<State>
    /// The number of events kept for watches to resume from.
    let windowCapacity: Int
    /// Buffer of each watch subscription; a watcher that falls this far behind is closed, as a real server does.
    let watcherBuffer: Int

    init(resourceVersion: Int = 1, windowCapacity: Int = 10_000, watcherBuffer: Int = 10_000) {
        self.state = Mutex(State(resourceVersion: resourceVersion, compactedResourceVersion: resourceVersion))
        self.windowCapacity = max(1, windowCapacity)
        self.watcherBuffer = max(16, watcherBuffer)
    }

    /// The current resourceVersion of the cluster.
    var resourceVersion: Int { state.withLock { $0.resourceVersion } }

    /// The oldest resourceVersion a watch can resume from.
    var compactedResourceVersion: Int { state.withLock { $0.compactedResourceVersion } }

    /// Registers a function called, under the storage lock, with every committed event. It must be quick and must
    /// not call back into the storage (controllers enqueue work).
    func addListener(_ listener: @escaping @Sendable (StorageEvent) -> Void) {
        state.withLock { $0.listeners.append(listener) }
    }

    // MARK: Reads

    func get(_ resource: GroupResource, _ key: ObjectKey) -> StoredObject? {
        state.withLock { $0.tables[resource]?[key] }
    }

    /// Objects of a resource, sorted by namespace and name, with the resourceVersion they were read at.
    func list(_ resource: GroupResource, namespace: String? = nil) -> (items: [StoredObject], resourceVersion: Int) {
        let (table, rv) = state.withLock { ($0.tables[resource] ?? [:], $0.resourceVersion) }
        var items: [StoredObject]
        if let namespace {
            items = table.values.filter { $0.key.namespace == namespace }
        } else {
            items = Array(table.values)
        }
        items.sort { $0.key < $1.key }
        return (items, rv)
    }

    /// Objects of a resource as they were at `resourceVersion`, rebuilt from the current objects by undoing the
    /// events after it (the same window watches resume from), sorted by namespace and name.
    /// - Throws: `.tooLarge` for a resourceVersion not reached yet, `.expired` for one older than the window.
    func list(_ resource: GroupResource, namespace: String? = nil, at resourceVersion: Int) throws(WatchStartError) -> [StoredObject] {
        let (table, later) = try state.withLock { (s) throws(WatchStartError) -> ([ObjectKey: StoredObject], [StorageEvent]) in
            if resourceVersion > s.resourceVersion { throw .tooLarge(requested: resourceVersion, current: s.resourceVersion) }
            if resourceVersion < s.compactedResourceVersion { throw .expired(requested: resourceVersion, oldest: s.compactedResourceVersion) }
            var later: [StorageEvent] = []
            var i = s.window.count
            while i > s.windowStart, s.window[i - 1].resourceVersion > resourceVersion {
                i -= 1
                if s.window[i].resource == resource { later.append(s.window[i]) }
            }
            return (s.tables[resource] ?? [:], later)
        }
        var objects = table
        // Newest first: each event's previous state replaces what it produced.
        for event in later {
            let key = event.object.key
            switch event.type {
            case .added:
                objects[key] = nil
            default:
                if let previous = event.previous {
                    let rv = Int(previous[path: ["metadata", "resourceVersion"]]?.stringValue ?? "") ?? 0
                    objects[key] = StoredObject(key: key, object: previous, resourceVersion: rv)
                } else {
                    objects[key] = nil
                }
            }
        }
        var items = namespace.map { ns in objects.values.filter { $0.key.namespace == ns } } ?? Array(objects.values)
        items.sort { $0.key < $1.key }
        return items
    }

    /// Every resource that has objects, with their count (for `--state` and diagnostics).
    var resourceCounts: [GroupResource: Int] {
        state.withLock { $0.tables.mapValues(\.count) }
    }

    // MARK: Writes

    /// Runs `decide` on the current object under the lock and commits its decision.
    ///
    /// On `.put`, the storage sets `metadata.resourceVersion` and, when the object is new, `uid`,
    /// `creationTimestamp` and `generation`; the caller handles everything kind-specific.
    /// - Parameters:
    ///   - dryRun: decide and build the result, but commit nothing.
    /// - Returns: the stored (or deleted) object, or `nil` when nothing changed and there was no object.
    @discardableResult
    func modify(
        _ resource: GroupResource,
        _ key: ObjectKey,
        dryRun: Bool = false,
        _ decide: (StoredObject?) throws(APIError) -> Mutation
    ) throws(APIError) -> StoredObject? {
        try state.withLock { (s) throws(APIError) -> StoredObject? in
            let current = s.tables[resource]?[key]
            switch try decide(current) {
            case .none:
                return current
            case .delete:
                guard let current else { return nil }
                if dryRun { return current }
                s.resourceVersion += 1
                s.tables[resource]?[key] = nil
                var deleted = current.object
                deleted[path: ["metadata", "resourceVersion"]] = .string(String(s.resourceVersion))
                let stored = StoredObject(key: key, object: deleted, resourceVersion: s.resourceVersion)
                Self.commit(&s, StorageEvent(type: .deleted, resource: resource, object: stored, previous: current.object), self)
                return stored
            case .put(var object, let keepCreationTimestamp):
                var metadata = object["metadata"]?.objectValue ?? [:]
                let nextRV = s.resourceVersion + 1
                if let current {
                    // Identity fields never change on update.
                    for field in ["uid", "creationTimestamp"] {
                        metadata[field] = current.object[path: ["metadata", field]]
                    }
                } else {
                    metadata["uid"] = .string(UUID().uuidString.lowercased())
                    if !keepCreationTimestamp || metadata["creationTimestamp"]?.stringValue == nil {
                        metadata["creationTimestamp"] = .string(Timestamp.now())
                    }
                    if metadata["generation"] == nil { metadata["generation"] = 1 }
                }
                metadata["resourceVersion"] = .string(String(nextRV))
                metadata["name"] = .string(key.name)
                if !key.namespace.isEmpty { metadata["namespace"] = .string(key.namespace) }
                object["metadata"] = .object(metadata)
                let stored = StoredObject(key: key, object: object, resourceVersion: nextRV)
                if dryRun { return stored }
                s.resourceVersion = nextRV
                s.tables[resource, default: [:]][key] = stored
                let event = StorageEvent(type: current == nil ? .added : .modified, resource: resource, object: stored, previous: current?.object)
                Self.commit(&s, event, self)
                return stored
            }
        }
    }

    private static func commit(_ s: inout State, _ event: StorageEvent, _ storage: ClusterStorage) {
        s.dirty = true
        s.window.append(event)
        if s.window.count - s.windowStart > storage.windowCapacity {
            s.compactedResourceVersion = s.window[s.windowStart].resourceVersion
            s.windowStart += 1
            if s.windowStart > storage.windowCapacity {
                s.window.removeFirst(s.windowStart)
                s.windowStart = 0
            }
        }
        for (id, watcher) in s.watchers {
            if let r = watcher.resource, r != event.resource { continue }
            if let ns = watcher.namespace, ns != event.object.key.namespace { continue }
            if !watcher.queue.push(event) {
                s.watchers[id] = nil
            }
        }
        for listener in s.listeners { listener(event) }
    }

    /// Drops the event history, so that every watch from an older resourceVersion gets `410 Gone`
    /// (a test hook standing in for etcd compaction).
    func compact() {
        state.withLock { s in
            s.window.removeAll()
            s.windowStart = 0
            s.compactedResourceVersion = s.resourceVersion
        }
    }

    // MARK: Watches

    /// Starts a subscription: atomically takes the backlog (synthetic ADDED events or the events after a
    /// resourceVersion) and registers for what follows.
    /// - Parameters:
    ///   - resource: the resource watched, or `nil` for every resource (controllers).
    ///   - namespace: restricts to one namespace.
    /// - Returns: the backlog and the stream of later events, plus an id to cancel with.
    func subscribe(
        _ resource: GroupResource?,
        namespace: String?,
        from start: WatchStart
    ) throws(WatchStartError) -> (backlog: [StorageEvent], queue: WatchQueue, id: Int, resourceVersion: Int) {
        let queue = WatchQueue(capacity: watcherBuffer)
        return try state.withLock { (s) throws(WatchStartError) in
            var backlog: [StorageEvent] = []
            switch start {
            case .current:
                if let resource {
                    for stored in (s.tables[resource] ?? [:]).values.sorted(by: { $0.key < $1.key })
                    where namespace == nil || stored.key.namespace == namespace {
                        backlog.append(StorageEvent(type: .added, resource: resource, object: stored, previous: nil))
                    }
                }
            case .after(let rv):
                if rv > s.resourceVersion { throw .tooLarge(requested: rv, current: s.resourceVersion) }
                if rv < s.compactedResourceVersion { throw .expired(requested: rv, oldest: s.compactedResourceVersion) }
                var i = s.window.count
                while i > s.windowStart, s.window[i - 1].resourceVersion > rv { i -= 1 }
                for event in s.window[i...] {
                    if let resource, event.resource != resource { continue }
                    if let namespace, event.object.key.namespace != namespace { continue }
                    backlog.append(event)
                }
            }
            let id = s.nextWatcherID
            s.nextWatcherID += 1
            s.watchers[id] = Watcher(resource: resource, namespace: namespace, queue: queue)
            return (backlog, queue, id, s.resourceVersion)
        }
    }

    /// Ends a subscription.
    func unsubscribe(_ id: Int) {
        let watcher = state.withLock { $0.watchers.removeValue(forKey: id) }
        watcher?.queue.finish()
    }

    /// Ends every subscription (server shutdown, or a test simulating dropped connections).
    func closeAllWatches() {
        let all = state.withLock { s -> [Watcher] in
            let w = Array(s.watchers.values)
            s.watchers.removeAll()
            return w
        }
        for w in all { w.queue.finish() }
    }

    // MARK: Persistence

    /// A snapshot for `--state`: every object and the resourceVersion, and clears the dirty flag.
    func snapshotIfDirty(force: Bool = false) -> (objects: [GroupResource: [StoredObject]], resourceVersion: Int)? {
        state.withLock { s in
            guard s.dirty || force else { return nil }
            s.dirty = false
            return (s.tables.mapValues { Array($0.values) }, s.resourceVersion)
        }
    }

    /// Loads objects persisted by `snapshotIfDirty`, replacing the contents. Watches can resume only from now on.
    func restore(objects: [GroupResource: [JSONValue]], resourceVersion: Int) {
        state.withLock { s in
            s.tables.removeAll()
            for (resource, values) in objects {
                var table: [ObjectKey: StoredObject] = [:]
                for v in values {
                    let key = ObjectKey(
                        namespace: v[path: ["metadata", "namespace"]]?.stringValue ?? "",
                        name: v[path: ["metadata", "name"]]?.stringValue ?? ""
                    )
                    let rv = Int(v[path: ["metadata", "resourceVersion"]]?.stringValue ?? "") ?? resourceVersion
                    table[key] = StoredObject(key: key, object: v, resourceVersion: rv)
                }
                s.tables[resource] = table
            }
            s.resourceVersion = resourceVersion
            s.compactedResourceVersion = resourceVersion
            s.window.removeAll()
            s.windowStart = 0
            s.dirty = false
        }
    }
}
