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
