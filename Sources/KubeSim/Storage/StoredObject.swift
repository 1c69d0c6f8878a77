import KubeTypes
import SkoposModel

/// An object as stored: its value, its JSON encoding (written once, reused by every list and watch) and its version.
struct StoredObject: Sendable {
    var key: ObjectKey
    var object: JSONValue
    var json: [UInt8]
    var resourceVersion: Int

    init(key: ObjectKey, object: JSONValue, resourceVersion: Int) {
        self.key = key
        self.object = object
        self.json = JSONWriter.write(object)
        self.resourceVersion = resourceVersion
    }

    var labels: [String: String] {
        guard case .object(let l)? = object[path: ["metadata", "labels"]] else { return [:] }
        return l.compactMapValues(\.stringValue)
    }

    var uid: String { object[path: ["metadata", "uid"]]?.stringValue ?? "" }
}

/// The type of a change, as a watch reports it.
enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One committed change: exactly one per resourceVersion.
struct StoreEvent: Sendable {
    var type: WatchEventType
    var resource: GroupResource
    var object: StoredObject
    /// The object before the change (for MODIFIED and DELETED), so watches with selectors can tell when an object
    /// starts or stops matching.
    var previous: JSONValue?
    var resourceVersion: Int { object.resourceVersion }
}
