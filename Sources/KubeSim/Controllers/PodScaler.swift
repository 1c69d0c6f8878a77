import KubeTypes
import SkoposModel

/// Creates and deletes the pods of a workload (ReplicaSet, StatefulSet, DaemonSet) from its pod template, with the
/// defaults and the sidecar injection a pod created through the API gets.
struct PodScaler: Sendable {
    let cluster: SimCluster
    let owners: OwnerIndex

    var storage: ClusterStorage { cluster.storage }

    /// Creates or deletes pods owned by `owner` until `desired` exist; returns the live pods.
    /// - Parameters:
    ///   - owner: the workload object.
    ///   - kind: its kind; StatefulSet pods get stable names and the `statefulset.kubernetes.io/pod-name` label.
    ///   - desired: how many pods should exist.
    ///   - name: the name of the n-th pod created in this pass.
    func scale(owner: JSONValue, kind: String, desired: Int, name: (Int) -> String) -> [StoredObject] {
        let uid = owner[path: ["metadata", "uid"]]?.stringValue ?? ""
        let ns = owner[path: ["metadata", "namespace"]]?.stringValue ?? ""
        var pods = owners.owned(by: uid, in: .pods).filter { $0.object[path: ["metadata", "deletionTimestamp"]] == nil }
        if pods.count > desired {
            for pod in pods.suffix(pods.count - desired) { _ = try? storage.modify(.pods, pod.key) { _ in .delete } }
            pods = Array(pods.prefix(desired))
        }
        guard pods.count < desired else { return pods }
        guard let podType = cluster.catalog.lookup(.pods) else { return pods }
        let nsObject = storage.get(.namespaces, ObjectKey(namespace: "", name: ns))?.object
        var index = 0
        let ownerRef = OwnerIndex.controllerReference(to: owner, kind: kind, apiVersion: "apps/v1")
        while pods.count < desired {
            let podName = name(index)
            index += 1
            if kind == "StatefulSet" && pods.contains(where: { $0.key.name == podName }) { continue }
            var pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": .string(podName), "namespace": .string(ns),
                    "labels": owner[path: ["spec", "template", "metadata", "labels"]] ?? [:],
                    "annotations": owner[path: ["spec", "template", "metadata", "annotations"]] ?? [:],
                    "ownerReferences": [ownerRef],
                ],
                "spec": owner[path: ["spec", "template", "spec"]] ?? [:],
            ]
            if kind == "StatefulSet" {
                pod[path: ["metadata", "labels", "statefulset.kubernetes.io/pod-name"]] = .string(podName)
                pod[path: ["spec", "hostname"]] = .string(podName)
            }
            ObjectDefaults.applyOnCreate(podType, &pod, allocateClusterIP: cluster.allocateClusterIP)
            SidecarInjection.inject(into: &pod, namespace: nsObject, cluster: cluster.name)
            let final = pod
            if let created = try? storage.modify(.pods, ObjectKey(namespace: ns, name: podName), { current in current == nil ? .put(final) : .none }) {
                pods.append(created)
            } else {
                break
            }
        }
        return pods
    }
}
