import KubeTypes
import SkoposModel

/// The DaemonSet controller: one pod, as the simulated cluster has one node, and the DaemonSet's status.
struct DaemonSetController: Sendable {
    let storage: ClusterStorage
    let scaler: PodScaler

    func reconcile(_ key: ObjectKey) {
        guard let ds = storage.get(.daemonSets, key)?.object, ds[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let pods = scaler.scale(owner: ds, kind: "DaemonSet", desired: 1) { _ in "\(key.name)-\(ResourceHandler.randomSuffix())" }
        let ready = pods.filter(PodController.isReady).count
        storage.updateStatus(.daemonSets, key, [
            "desiredNumberScheduled": 1, "currentNumberScheduled": .int(pods.count), "numberReady": .int(ready),
            "numberAvailable": .int(ready), "updatedNumberScheduled": .int(pods.count), "numberMisscheduled": 0,
            "observedGeneration": ds[path: ["metadata", "generation"]] ?? 1,
        ])
    }
}
