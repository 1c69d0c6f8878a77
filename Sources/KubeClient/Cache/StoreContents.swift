public import HashTreeCollections
public import KubeTypes

/// The contents of an ``ObjectStore`` at one moment: objects by namespace and name, plus the store's secondary
/// indexes. A value: copying it is O(1), and later writes to the store never change a copy.
///
/// Objects are kept in persistent hash trees (`TreeDictionary`), so a write after a copy was taken copies only the
/// few tree nodes on the path to the changed object, never the whole collection.
public struct StoreContents<Object: Sendable>: Sendable {
    /// A value of a secondary index within one namespace.
    struct IndexKey: Hashable, Sendable {
        var namespace: String
        var value: String
    }

    /// Everything a store holds. Snapshots share it; the store replaces it on each write (see ``update(_:)``), so
    /// a copy in a snapshot never changes.
    struct Parts: Sendable {
        /// Objects by namespace (`""` for cluster-scoped objects), then by name.
        var objects: TreeDictionary<String, TreeDictionary<String, Object>> = [:]
        /// Names by index value, one tree per indexer, in the order of `indexNames`.
        var indexes: [TreeDictionary<IndexKey, TreeSet<String>>]
        /// The names of the indexers.
        let indexNames: [String]
        /// The number of objects.
        var count = 0
        /// The number of the last change applied.
        var sequence: UInt64 = 0
        /// The store's identity.
        let storeID: UInt64
    }

    /// The parts, behind one reference: a snapshot holding many stores copies one word per store.
    final class Box: Sendable {
        let parts: Parts
        init(_ parts: Parts) { self.parts = parts }
    }

    private var box: Box

    init(storeID: UInt64, indexNames: [String]) {
        box = Box(Parts(indexes: Array(repeating: [:], count: indexNames.count), indexNames: indexNames, storeID: storeID))
    }

    var objects: TreeDictionary<String, TreeDictionary<String, Object>> { box.parts.objects }
    var indexes: [TreeDictionary<IndexKey, TreeSet<String>>] { box.parts.indexes }
    var indexNames: [String] { box.parts.indexNames }
    /// The number of objects.
    public var count: Int { box.parts.count }
    /// Counts the changes applied since the store was created; the last change applied has this number.
    public var sequence: UInt64 { box.parts.sequence }
    /// Identifies the store these contents come from.
    public var storeID: UInt64 { box.parts.storeID }

    /// Changes the parts: they are taken out of the box first, so that without snapshots sharing them the trees are
    /// changed in place, and with snapshots only the touched tree nodes are copied.
    mutating func update<R>(_ body: (inout Parts) throws -> R) rethrows -> R {
        var parts = box.parts
        box = Self.placeholder(parts)
        defer { box = Box(parts) }
        return try body(&parts)
    }

    /// A box holding nothing, to drop the reference to the old one while the parts are changed.
    private static func placeholder(_ parts: Parts) -> Box {
        Box(Parts(indexes: [], indexNames: [], storeID: parts.storeID))
    }

    // MARK: - Reads

    /// The object stored under a key.
    /// - Complexity: O(1) expected (two hash-tree look-ups).
    public func get(_ key: ObjectKey) -> Object? {
        objects[key.namespace]?[key.name]
    }

    /// The object with this name in a namespace (`""` for cluster-scoped objects).
    public func get(namespace: String, name: String) -> Object? {
        objects[namespace]?[name]
    }

    /// The objects of one namespace, or of all, sorted by key.
    /// - Parameter namespace: A namespace (`""` for cluster-scoped objects), or `nil` for every object.
    /// - Complexity: O(*n* log *n*) in the number of objects returned (the sort).
    public func list(namespace: String? = nil) -> [Object] {
        entries(namespace: namespace).map(\.object)
    }

    /// The keys of one namespace, or of all, sorted.
    public func keys(namespace: String? = nil) -> [ObjectKey] {
        entries(namespace: namespace).map(\.key)
    }

    /// The namespaces that hold at least one object, sorted (`""` stands for cluster-scoped objects).
    public var namespaces: [String] {
        objects.keys.sorted()
    }

    /// The number of objects in a namespace.
    public func count(namespace: String) -> Int {
        objects[namespace]?.count ?? 0
    }

    /// Calls `body` with every object of a namespace (or of all), in no particular order, without sorting or copying.
    public func forEach(namespace: String? = nil, _ body: (Object) throws -> Void) rethrows {
        if let namespace {
            for (_, object) in objects[namespace] ?? [:] { try body(object) }
        } else {
            for (_, names) in objects {
                for (_, object) in names { try body(object) }
            }
        }
    }

    /// The names of the objects of a namespace filed under a value of a secondary index.
    /// - Parameters:
    ///   - index: The indexer's name (``StoreIndexName``).
    ///   - namespace: The namespace.
    ///   - value: The value, such as `app=reviews`.
    /// - Returns: The names; empty when the index does not exist or holds nothing under the value.
    /// - Complexity: O(1) expected.
    public func names(index: String, namespace: String, value: String) -> TreeSet<String> {
        self.index(named: index)?[IndexKey(namespace: namespace, value: value)] ?? []
    }

    /// A secondary index by name: names by (namespace, value).
    func index(named name: String) -> TreeDictionary<IndexKey, TreeSet<String>>? {
        guard let i = indexNames.firstIndex(of: name) else { return nil }
        return indexes[i]
    }

    /// Whether the store keeps an index of this name.
    public func hasIndex(_ name: String) -> Bool { indexNames.contains(name) }

    private func entries(namespace: String?) -> [(key: ObjectKey, object: Object)] {
        var result: [(key: ObjectKey, object: Object)] = []
        if let namespace {
            guard let names = objects[namespace] else { return [] }
            result.reserveCapacity(names.count)
            for (name, object) in names { result.append((ObjectKey(namespace: namespace, name: name), object)) }
        } else {
            result.reserveCapacity(count)
            for (namespace, names) in objects {
                for (name, object) in names { result.append((ObjectKey(namespace: namespace, name: name), object)) }
            }
        }
        result.sort { $0.key < $1.key }
        return result
    }

}

// MARK: - Writes (by the store, under its lock)

extension StoreContents.Parts {
    /// Stores an object; returns the one it replaced.
    mutating func insert(_ object: Object, for key: ObjectKey, indexers: [StoreIndexer<Object>]) -> Object? {
        let old = objects[key.namespace, default: [:]].updateValue(object, forKey: key.name)
        if old == nil { count += 1 }
        for (i, indexer) in indexers.enumerated() {
            let newValues = indexer.values(object)
            let oldValues = old.map(indexer.values) ?? []
            // Label dictionaries may list equal contents in different orders: compare as sets.
            guard newValues != oldValues, oldValues.isEmpty || Set(newValues) != Set(oldValues) else { continue }
            for value in oldValues where !newValues.contains(value) {
                unindex(key, value: value, in: i)
            }
            for value in newValues where !oldValues.contains(value) {
                indexes[i][StoreContents.IndexKey(namespace: key.namespace, value: value), default: []].insert(key.name)
            }
        }
        return old
    }

    /// Removes an object; returns it.
    mutating func remove(_ key: ObjectKey, indexers: [StoreIndexer<Object>]) -> Object? {
        guard let old = objects[key.namespace]?.removeValue(forKey: key.name) else { return nil }
        if objects[key.namespace]?.isEmpty == true { objects[key.namespace] = nil }
        count -= 1
        for (i, indexer) in indexers.enumerated() {
            for value in indexer.values(old) { unindex(key, value: value, in: i) }
        }
        return old
    }

    private mutating func unindex(_ key: ObjectKey, value: String, in i: Int) {
        let indexKey = StoreContents.IndexKey(namespace: key.namespace, value: value)
        indexes[i][indexKey]?.remove(key.name)
        if indexes[i][indexKey]?.isEmpty == true { indexes[i][indexKey] = nil }
    }
}
