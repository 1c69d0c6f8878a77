import KubeTypes
import SkoposModel

/// The ReplicaSet controller: keeps `spec.replicas` pods with random-suffixed names and reports how many are ready.
struct ReplicaSetController: Sendable {
    let storage: ClusterStorage
    let scaler: PodScaler

    func reconcile(_ key: ObjectKey) {
        guard let rs = storage.get(.replicaSets, key)?.object, rs[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let desired = rs[path: ["spec", "replicas"]]?.intValue ?? 1
        let pods = scaler.scale(owner: rs, kind: "ReplicaSet", desired: desired) { _ in "\(key.name)-\(ResourceHandler.randomSuffix())" }
        let ready = pods.filter(PodController.isReady).count
        var status: JSONValue = [
            "replicas": .int(pods.count), "fullyLabeledReplicas": .int(pods.count), "readyReplicas": .int(ready),
            "availableReplicas": .int(ready), "observedGeneration": rs[path: ["metadata", "generation"]] ?? 1,
        ]
        if ready == 0 {
            status["readyReplicas"] = nil
            status["availableReplicas"] = nil
        }
        storage.updateStatus(.replicaSets, key, status)
    }
}
