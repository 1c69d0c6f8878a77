import HashTreeCollections
public import KubeTypes
import Synchronization

/// A change to a store, carrying the object's new state (for a delete: its last known state).
public enum StoreChange<Object> {
    /// The key was not in the store.
    case added(ObjectKey, Object)
    /// The key was in the store and now holds a new state.
    case updated(ObjectKey, Object)
    /// The key was removed.
    case deleted(ObjectKey, Object)

    /// The key the change is about.
    public var key: ObjectKey {
        switch self {
        case .added(let key, _), .updated(let key, _), .deleted(let key, _): key
        }
    }

    /// The object the change carries.
    public var object: Object {
        switch self {
        case .added(_, let object), .updated(_, let object), .deleted(_, let object): object
        }
    }
}

extension StoreChange: Sendable where Object: Sendable {}
extension StoreChange: Equatable where Object: Equatable {}

/// Store identities, unique in the process, so that a change can be matched to the snapshot it is or is not in.
private let nextStoreID = Atomic<UInt64>(0)

/// The local copy of one resource's objects, filled by one or more informers (one per namespace when access is
/// limited to some namespaces) and read by everyone else.
///
/// Every method takes the lock briefly. ``contents`` copies the whole state out in O(1) (persistent hash trees), so a
/// reader sees one consistent state without holding up the informers, and a later write copies only a few tree nodes.
public final class ObjectStore<Object: Sendable>: Sendable {
    struct State {
        var contents: StoreContents<Object>
        var isSynced = false
        var resourceVersion = ""
    }

    /// Identifies the store in the process (see ``StoreContents/storeID``).
    public let id: UInt64
    private let state: Mutex<State>
    private let indexers: [StoreIndexer<Object>]
    private let isUnchanged: (@Sendable (_ old: Object, _ new: Object) -> Bool)?

    /// Creates an empty, unsynced store.
    /// - Parameters:
    ///   - indexers: The secondary indexes to keep.
    ///   - isUnchanged: Tells whether a new state of an object equals its stored one (for example by comparing
    ///     `metadata.resourceVersion`); such no-op updates are stored but not reported as changes. Without it every
    ///     update is reported.
    public init(indexers: [StoreIndexer<Object>] = [], isUnchanged: (@Sendable (_ old: Object, _ new: Object) -> Bool)? = nil) {
        let id = nextStoreID.add(1, ordering: .relaxed).newValue
        self.id = id
        self.indexers = indexers
        self.isUnchanged = isUnchanged
        self.state = Mutex(State(contents: StoreContents(storeID: id, indexNames: indexers.map(\.name))))
    }

    // MARK: - Writes

    /// Replaces the contents (or one namespace's part of them) with the result of a LIST and marks the store synced.
    /// - Parameters:
    ///   - objects: The listed objects with their keys; for a repeated key the last one wins.
    ///   - resourceVersion: The list's `metadata.resourceVersion`.
    ///   - namespace: Replace only the objects of this namespace (the LIST of a namespaced informer); `nil` replaces
    ///     everything.
    /// - Returns: The changes: deletes of keys missing from the list (sorted by key, with their last stored state),
    ///   then adds and updates in list order.
    @discardableResult
    public func replace(_ objects: [(ObjectKey, Object)], resourceVersion: String, namespace: String? = nil) -> [StoreChange<Object>] {
        replaceCounted(objects, resourceVersion: resourceVersion, namespace: namespace).changes
    }

    /// ``replace(_:resourceVersion:namespace:)``, also returning the sequence number of the last change.
    func replaceCounted(_ objects: [(ObjectKey, Object)], resourceVersion: String, namespace: String?) -> (changes: [StoreChange<Object>], sequence: UInt64) {
        let isUnchanged = self.isUnchanged
        let indexers = self.indexers
        return state.withLock { state in
            var listed = Set<ObjectKey>(minimumCapacity: objects.count)
            for (key, _) in objects {
                listed.insert(key)
            }
            let result = state.contents.update { parts -> (changes: [StoreChange<Object>], sequence: UInt64) in
                var changes: [StoreChange<Object>] = []
                let scope = namespace.map { [$0] } ?? Array(parts.objects.keys)
                var missing: [ObjectKey] = []
                for ns in scope {
                    for (name, _) in parts.objects[ns] ?? [:] {
                        let key = ObjectKey(namespace: ns, name: name)
                        if !listed.contains(key) { missing.append(key) }
                    }
                }
                missing.sort()
                for key in missing {
                    if let old = parts.remove(key, indexers: indexers) {
                        changes.append(.deleted(key, old))
                    }
                }
                for (key, object) in objects {
                    if let old = parts.insert(object, for: key, indexers: indexers) {
                        if isUnchanged?(old, object) != true {
                            changes.append(.updated(key, object))
                        }
                    } else {
                        changes.append(.added(key, object))
                    }
                }
                parts.sequence += UInt64(changes.count)
                return (changes, parts.sequence)
            }
            state.isSynced = true
            state.resourceVersion = resourceVersion
            return result
        }
    }

    /// Applies one watch event.
    ///
    /// `.added` of a stored key counts as an update, `.updated` of an unknown key as an add; `.deleted` removes the key
    /// and reports the event's object as the last state.
    /// - Parameters:
    ///   - change: The event.
    ///   - resourceVersion: The event's resourceVersion, stored as ``resourceVersion``; `nil` or `""` keeps the old
    ///     one.
    /// - Returns: The change the store actually underwent, or `nil` for a delete of an unknown key or a no-op update.
    @discardableResult
    public func apply(_ change: StoreChange<Object>, resourceVersion: String? = nil) -> StoreChange<Object>? {
        applyCounted(change, resourceVersion: resourceVersion)?.change
    }

    /// ``apply(_:resourceVersion:)``, also returning the change's sequence number.
    func applyCounted(_ change: StoreChange<Object>, resourceVersion: String?) -> (change: StoreChange<Object>, sequence: UInt64)? {
        let isUnchanged = self.isUnchanged
        let indexers = self.indexers
        return state.withLock { state in
            if let resourceVersion, !resourceVersion.isEmpty {
                state.resourceVersion = resourceVersion
            }
            return state.contents.update { parts -> (change: StoreChange<Object>, sequence: UInt64)? in
                let result: StoreChange<Object>?
                switch change {
                case .added(let key, let object), .updated(let key, let object):
                    if let old = parts.insert(object, for: key, indexers: indexers) {
                        result = isUnchanged?(old, object) == true ? nil : .updated(key, object)
                    } else {
                        result = .added(key, object)
                    }
                case .deleted(let key, let object):
                    result = parts.remove(key, indexers: indexers) == nil ? nil : .deleted(key, object)
                }
                guard let result else { return nil }
                parts.sequence += 1
                return (result, parts.sequence)
            }
        }
    }

    /// Records a resourceVersion without changing objects (a `BOOKMARK`).
    /// - Parameter resourceVersion: The new version; `""` is ignored.
    public func setResourceVersion(_ resourceVersion: String) {
        guard !resourceVersion.isEmpty else { return }
        state.withLock { $0.resourceVersion = resourceVersion }
    }

    // MARK: - Reads

    /// Everything the store holds now, as a value that later writes do not affect.
    /// - Complexity: O(1).
    public var contents: StoreContents<Object> {
        state.withLock { $0.contents }
    }

    /// The objects of one namespace, or of all, sorted by key.
    /// - Parameter namespace: A namespace (`""` for cluster-scoped objects), or `nil` for every object.
    /// - Returns: The objects in key order.
    public func list(namespace: String? = nil) -> [Object] {
        contents.list(namespace: namespace)
    }

    /// The keys of one namespace, or of all, sorted.
    /// - Parameter namespace: A namespace (`""` for cluster-scoped objects), or `nil` for every key.
    /// - Returns: The keys in order.
    public func keys(namespace: String? = nil) -> [ObjectKey] {
        contents.keys(namespace: namespace)
    }

    /// The object stored under a key.
    /// - Parameter key: The key.
    /// - Returns: The object, or `nil`.
    public func get(_ key: ObjectKey) -> Object? {
        state.withLock { $0.contents.get(key) }
    }

    /// The number of objects.
    public var count: Int {
        state.withLock { $0.contents.count }
    }

    /// The namespaces that hold at least one object, sorted (`""` stands for cluster-scoped objects).
    public var namespaces: [String] {
        contents.namespaces
    }

    /// `true` once a LIST has replaced the contents.
    public var isSynced: Bool {
        state.withLock { $0.isSynced }
    }

    /// The resourceVersion of the last LIST or applied event; `""` before the first LIST.
    public var resourceVersion: String {
        state.withLock { $0.resourceVersion }
    }
}
