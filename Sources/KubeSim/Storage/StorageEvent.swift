import SkoposModel

/// The type of a change, as a watch reports it.
enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One committed change: exactly one per resourceVersion.
struct StorageEvent: Sendable {
    var type: WatchEventType
    var resource: GroupResource
    var object: StoredObject
    /// The object before the change (for MODIFIED and DELETED), so watches with selectors can tell when an object
    /// starts or stops matching.
    var previous: JSONValue?
    var resourceVersion: Int { object.resourceVersion }
}
