import KubeTypes
import SkoposModel
import Synchronization

/// Who owns what, through `metadata.ownerReferences`: owner uid → dependents, kept current from the storage listener
/// so that the garbage collector and the workload controllers find dependents without scanning.
final class OwnerIndex: Sendable {
    /// One dependent object.
    struct Dependent: Hashable, Sendable {
        var resource: GroupResource
        var key: ObjectKey
    }

    let storage: ClusterStorage
    private let index = Mutex<[String: Set<Dependent>]>([:])

    init(storage: ClusterStorage) {
        self.storage = storage
    }

    /// Updates the index for one committed change. Called under the storage lock.
    func record(_ event: StorageEvent) {
        let dependent = Dependent(resource: event.resource, key: event.object.key)
        let ownerUIDs = Self.ownerUIDs(event.object.object)
        let previousOwners = Self.ownerUIDs(event.previous)
        guard !ownerUIDs.isEmpty || !previousOwners.isEmpty else { return }
        index.withLock { index in
            for uid in previousOwners { index[uid]?.remove(dependent) }
            if event.type != .deleted { for uid in ownerUIDs { index[uid, default: []].insert(dependent) } }
        }
    }

    /// The objects whose ownerReferences name `uid`.
    func dependents(of uid: String) -> [Dependent] {
        Array(index.withLock { $0[uid] ?? [] })
    }

    /// The stored objects of one resource owned by `uid`, sorted by key.
    func owned(by uid: String, in gr: GroupResource) -> [StoredObject] {
        dependents(of: uid).filter { $0.resource == gr }.compactMap { storage.get($0.resource, $0.key) }.sorted { $0.key < $1.key }
    }

    private static func ownerUIDs(_ o: JSONValue?) -> [String] {
        (o?[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
    }

    /// The `metadata.ownerReferences` of an object.
    static func ownerReferences(of o: JSONValue) -> [(kind: String, name: String, uid: String)] {
        (o[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).map {
            ($0["kind"]?.stringValue ?? "", $0["name"]?.stringValue ?? "", $0["uid"]?.stringValue ?? "")
        }
    }

    /// The ownerReference a workload controller sets on what it creates: `controller` and `blockOwnerDeletion` true.
    static func controllerReference(to owner: JSONValue, kind: String, apiVersion: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": owner[path: ["metadata", "name"]] ?? "",
            "uid": owner[path: ["metadata", "uid"]] ?? "", "controller": true, "blockOwnerDeletion": true,
        ]
    }
}
