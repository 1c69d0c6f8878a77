import KubeTypes
import SkoposModel

/// The garbage collector: deletes (or orphans) the dependents of deleted objects through their ownerReferences,
/// honours the `orphan` and `foregroundDeletion` finalizers, and removes the custom resources of a deleted CRD.
struct GarbageCollector: Sendable {
    let cluster: SimCluster
    let owners: OwnerIndex
    /// Looks at an object again later (a foreground deletion waiting for its dependents).
    let requeue: @Sendable (GroupResource, ObjectKey) -> Void

    var storage: ClusterStorage { cluster.storage }

    /// Detaches the dependents of `uid`: removes the ownerReference from those with other owners (or all of them when
    /// orphaning), marks those with finalizers as being deleted, and deletes the rest.
    func collect(ownerUID uid: String, orphan: Bool) {
        for dependent in owners.dependents(of: uid) {
            _ = try? storage.modify(dependent.resource, dependent.key) { current in
                guard var o = current?.object else { return .none }
                let refs = o[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
                let remaining = refs.filter { $0["uid"]?.stringValue != uid }
                if orphan || !remaining.isEmpty {
                    o[path: ["metadata", "ownerReferences"]] = remaining.isEmpty ? nil : .array(remaining)
                    return .put(o)
                }
                if !(o[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty {
                    if o[path: ["metadata", "deletionTimestamp"]] == nil { o[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.now()) }
                    return .put(o)
                }
                return .delete
            }
        }
    }

    /// Handles the `orphan` and `foregroundDeletion` finalizers of an object being deleted, then removes the object
    /// when no finalizer is left.
    func finalize(_ gr: GroupResource, _ key: ObjectKey, _ o: JSONValue) {
        let finalizers = o[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let uid = o[path: ["metadata", "uid"]]?.stringValue ?? ""
        var remove: Set<String> = []
        if finalizers.contains("orphan") {
            collect(ownerUID: uid, orphan: true)
            remove.insert("orphan")
        }
        if finalizers.contains("foregroundDeletion") {
            collect(ownerUID: uid, orphan: false)
            if owners.dependents(of: uid).isEmpty { remove.insert("foregroundDeletion") } else { requeue(gr, key) }
        }
        guard !remove.isEmpty || finalizers.isEmpty else { return }
        _ = try? storage.modify(gr, key) { current in
            guard var c = current?.object, c[path: ["metadata", "deletionTimestamp"]] != nil else { return .none }
            let left = (c[path: ["metadata", "finalizers"]]?.arrayValue ?? []).filter { !remove.contains($0.stringValue ?? "") }
            if left.isEmpty { return .delete }
            c[path: ["metadata", "finalizers"]] = .array(left)
            return .put(c)
        }
    }

    /// Deletes every custom resource of a CRD that is gone, unless a CRD of the same name came back meanwhile.
    func removeCustomResources(_ resource: GroupResource) {
        guard cluster.catalog.lookup(resource) == nil else { return }
        for item in storage.list(resource).items {
            _ = try? storage.modify(resource, item.key) { _ in .delete }
        }
    }
}
