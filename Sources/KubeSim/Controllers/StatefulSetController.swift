import KubeTypes
import SkoposModel

/// The StatefulSet controller: keeps `spec.replicas` pods named `<name>-0`, `<name>-1`, … and reports their state.
struct StatefulSetController: Sendable {
    let storage: ClusterStorage
    let scaler: PodScaler

    func reconcile(_ key: ObjectKey) {
        guard let sts = storage.get(.statefulSets, key)?.object, sts[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let desired = sts[path: ["spec", "replicas"]]?.intValue ?? 1
        let pods = scaler.scale(owner: sts, kind: "StatefulSet", desired: desired) { index in "\(key.name)-\(index)" }
        let ready = pods.filter(PodController.isReady).count
        storage.updateStatus(.statefulSets, key, [
            "replicas": .int(pods.count), "readyReplicas": .int(ready), "currentReplicas": .int(pods.count), "updatedReplicas": .int(pods.count),
            "availableReplicas": .int(ready), "observedGeneration": sts[path: ["metadata", "generation"]] ?? 1,
        ])
    }
}
