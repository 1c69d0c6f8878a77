/// A secondary index of a store: for each object, the values under which it can be found within its namespace
/// (for Pods, `app=reviews` for each label; for Services, each `key=value` of their selector).
///
/// Snapshots answer "which objects have this value" from the index instead of scanning every object.
public struct StoreIndexer<Object>: Sendable {
    /// The index's name, for look-ups.
    public let name: String
    /// The values an object is indexed under; empty for none.
    public let values: @Sendable (Object) -> [String]

    /// Creates an indexer.
    public init(name: String, values: @escaping @Sendable (Object) -> [String]) {
        self.name = name
        self.values = values
    }
}

extension StoreIndexer where Object: CachedObject {
    /// Objects by each of their labels, as `key=value`.
    public static var labels: Self {
        .init(name: StoreIndexName.labels) { object in object.metadata.labels.map { StoreIndexName.pair($0.key, $0.value) } }
    }

    /// Objects by their controller (the owner reference marked `controller: true`), as `Kind/name`.
    public static var controller: Self {
        .init(name: StoreIndexName.controller) { object in
            object.metadata.ownerReferences.filter(\.isController).map { "\($0.kind)/\($0.name)" }
        }
    }
}

/// The names of the standard indexes.
public enum StoreIndexName {
    /// ``StoreIndexer/labels``.
    public static let labels = "labels"
    /// ``StoreIndexer/controller``.
    public static let controller = "controller"
    /// Services by each `key=value` of their selector.
    public static let selector = "selector"

    /// The value a label, or a pair of a selector, is filed under in ``labels`` and ``selector``: `key=value`.
    public static func pair(_ key: String, _ value: String) -> String { key + "=" + value }
}
