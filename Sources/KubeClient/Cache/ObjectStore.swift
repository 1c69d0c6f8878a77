public import KubeTypes
import SkoposModel
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

/// The local copy of one resource's objects, filled by a reflector and read by everyone else.
///
/// Every method takes the lock briefly; reads copy out copy-on-write values (``snapshot()`` is O(1)) and sort outside
/// the lock, so a reader sees one consistent state without holding up the reflector.
public final class ObjectStore<Object: Sendable>: Sendable {
    struct State {
        var objects: [ObjectKey: Object] = [:]
        /// Names per namespace, for ``list(namespace:)``.
        var names: [String: Set<String>] = [:]
        var isSynced = false
        var resourceVersion = ""

        mutating func insert(_ object: Object, for key: ObjectKey) -> Object? {
            let old = objects.updateValue(object, forKey: key)
            if old == nil {
                names[key.namespace, default: []].insert(key.name)
            }
            return old
        }

        mutating func remove(_ key: ObjectKey) -> Object? {
            guard let old = objects.removeValue(forKey: key) else { return nil }
            names[key.namespace]?.remove(key.name)
            if names[key.namespace]?.isEmpty == true {
                names[key.namespace] = nil
            }
            return old
        }
    }

    private let state = Mutex(State())
    private let isUnchanged: (@Sendable (_ old: Object, _ new: Object) -> Bool)?

    /// Creates an empty, unsynced store.
    /// - Parameter isUnchanged: Tells whether a new state of an object equals its stored one (for example by
    ///   comparing `metadata.resourceVersion`); such no-op updates are stored but not reported as changes. Without it
    ///   every update is reported.
    public init(isUnchanged: (@Sendable (_ old: Object, _ new: Object) -> Bool)? = nil) {
        self.isUnchanged = isUnchanged
    }

    // MARK: - Writes

    /// Replaces the whole contents with the result of a LIST and marks the store synced.
    /// - Parameters:
    ///   - objects: The listed objects with their keys; for a repeated key the last one wins.
    ///   - resourceVersion: The list's `metadata.resourceVersion`.
    /// - Returns: The changes: deletes of keys missing from the list (sorted by key, with their last stored state),
    ///   then adds and updates in list order.
    @discardableResult
    public func replace(_ objects: [(ObjectKey, Object)], resourceVersion: String) -> [StoreChange<Object>] {
        let isUnchanged = self.isUnchanged
        return state.withLock { state in
            var listed = Set<ObjectKey>(minimumCapacity: objects.count)
            for (key, _) in objects {
                listed.insert(key)
            }
            var changes: [StoreChange<Object>] = []
            let missing = state.objects.keys.filter { !listed.contains($0) }.sorted()
            for key in missing {
                if let old = state.remove(key) {
                    changes.append(.deleted(key, old))
                }
            }
            for (key, object) in objects {
                if let old = state.insert(object, for: key) {
                    if isUnchanged?(old, object) != true {
                        changes.append(.updated(key, object))
                    }
                } else {
                    changes.append(.added(key, object))
                }
            }
            state.isSynced = true
            state.resourceVersion = resourceVersion
            return changes
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
        let isUnchanged = self.isUnchanged
        return state.withLock { state in
            if let resourceVersion, !resourceVersion.isEmpty {
                state.resourceVersion = resourceVersion
            }
            switch change {
            case .added(let key, let object), .updated(let key, let object):
                guard let old = state.insert(object, for: key) else { return .added(key, object) }
                return isUnchanged?(old, object) == true ? nil : .updated(key, object)
            case .deleted(let key, let object):
                return state.remove(key) == nil ? nil : .deleted(key, object)
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

    /// All objects by key, as a copy-on-write value that later writes do not affect.
    /// - Returns: The current contents.
    public func snapshot() -> [ObjectKey: Object] {
        state.withLock { $0.objects }
    }

    /// The objects of one namespace, or of all, sorted by key.
    /// - Parameter namespace: A namespace (`""` for cluster-scoped objects), or `nil` for every object.
    /// - Returns: The objects in key order.
    public func list(namespace: String? = nil) -> [Object] {
        entries(namespace: namespace).map(\.value)
    }

    /// The keys of one namespace, or of all, sorted.
    /// - Parameter namespace: A namespace (`""` for cluster-scoped objects), or `nil` for every key.
    /// - Returns: The keys in order.
    public func keys(namespace: String? = nil) -> [ObjectKey] {
        entries(namespace: namespace).map(\.key)
    }

    /// The object stored under a key.
    /// - Parameter key: The key.
    /// - Returns: The object, or `nil`.
    public func get(_ key: ObjectKey) -> Object? {
        state.withLock { $0.objects[key] }
    }

    /// The number of objects.
    public var count: Int {
        state.withLock { $0.objects.count }
    }

    /// The namespaces that hold at least one object, sorted (`""` stands for cluster-scoped objects).
    public var namespaces: [String] {
        state.withLock { Array($0.names.keys) }.sorted()
    }

    /// `true` once a LIST has replaced the contents.
    public var isSynced: Bool {
        state.withLock { $0.isSynced }
    }

    /// The resourceVersion of the last LIST or applied event; `""` before the first LIST.
    public var resourceVersion: String {
        state.withLock { $0.resourceVersion }
    }

    private func entries(namespace: String?) -> [(key: ObjectKey, value: Object)] {
        let entries: [(key: ObjectKey, value: Object)]
        if let namespace {
            entries = state.withLock { state in
                guard let names = state.names[namespace] else { return [] }
                return names.compactMap { name in
                    let key = ObjectKey(namespace: namespace, name: name)
                    return state.objects[key].map { (key, $0) }
                }
            }
        } else {
            let objects = state.withLock { $0.objects }
            entries = objects.map { ($0.key, $0.value) }
        }
        return entries.sorted { $0.key < $1.key }
    }
}
