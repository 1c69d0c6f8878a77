import KubeTypes
public import SkoposModel

extension SimCluster {
    /// Stores objects directly, as if created through the API (defaults and admission applied), without HTTP: for
    /// tests and benchmarks that need thousands of objects fast. Each object needs `apiVersion`, `kind` and
    /// `metadata.name` (and `metadata.namespace` for namespaced kinds). A `metadata.creationTimestamp` given is kept, so
    /// a seeded cluster can hold objects older than the simulator (an API request cannot do that).
    /// - Throws: `SimError.startup` naming the first object whose kind the cluster does not serve.
    public func seed(_ objects: [JSONValue]) throws {
        for var object in objects {
            let apiVersion = object["apiVersion"]?.stringValue ?? ""
            let kind = object["kind"]?.stringValue ?? ""
            let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
            guard let type = catalog.lookup(group: group, kind: kind) else {
                throw SimError.startup("seed: cluster \(name) does not serve \(apiVersion) \(kind)")
            }
            ObjectDefaults.applyOnCreate(type, &object, allocateClusterIP: allocateClusterIP)
            try? Admission.mutateOnCreate(cluster: self, type: type, object: &object)
            let key = ObjectKey(
                namespace: type.namespaced ? (object[path: ["metadata", "namespace"]]?.stringValue ?? "default") : "",
                name: object[path: ["metadata", "name"]]?.stringValue ?? ""
            )
            let final = object
            _ = try? storage.modify(type.groupResource, key) { _ in .put(final, keepCreationTimestamp: true) }
        }
    }

    /// Writes the state directory now (with `--state`), instead of waiting for the periodic save.
    public func saveState() throws {
        guard let dir = options.stateDirectory else { return }
        try StatePersistence.saveIdentity(identity, directory: dir)
        if let snap = storage.snapshotIfDirty(force: true) {
            try StatePersistence.saveObjects(snap.objects, resourceVersion: snap.resourceVersion, directory: dir)
        }
    }
}
