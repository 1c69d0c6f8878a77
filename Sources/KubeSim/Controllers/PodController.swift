import KubeTypes
import SkoposModel

/// The kubelet's part: a pending pod gets scheduled on the cluster's node, an IP, and Running/Ready status with
/// every container started.
struct PodController: Sendable {
    let storage: ClusterStorage
    /// The node every pod runs on.
    let nodeName: String

    /// Whether a pod's `Ready` condition is `True`.
    static func isReady(_ pod: StoredObject) -> Bool {
        (pod.object[path: ["status", "conditions"]]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    func reconcile(_ key: ObjectKey) {
        let node = nodeName
        _ = try? storage.modify(.pods, key) { current in
            guard var pod = current?.object, pod[path: ["metadata", "deletionTimestamp"]] == nil,
                pod[path: ["status", "phase"]]?.stringValue == "Pending"
            else { return .none }
            let now = JSONValue.string(Timestamp.now())
            let n = abs(key.description.hashValue) % 60000
            let ip = "10.128.\(n / 250).\(n % 250 + 2)"
            pod[path: ["spec", "nodeName"]] = .string(node)
            let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
            let condition = { (type: String) -> JSONValue in ["type": .string(type), "status": "True", "lastProbeTime": .null, "lastTransitionTime": now] }
            pod["status"] = [
                "phase": "Running", "hostIP": "10.0.0.10", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]], "startTime": now,
                "qosClass": "BestEffort",
                "conditions": [condition("PodReadyToStartContainers"), condition("Initialized"), condition("Ready"), condition("ContainersReady"), condition("PodScheduled")],
                "containerStatuses": .array(
                    containers.map { c in
                        [
                            "name": c["name"] ?? "", "image": c["image"] ?? "", "imageID": .string("sim://\(c["image"]?.stringValue ?? "")"),
                            "containerID": .string("cri-o://\(key.name)-\(c["name"]?.stringValue ?? "")"), "ready": true, "started": true,
                            "restartCount": 0, "state": ["running": ["startedAt": now]],
                        ]
                    }
                ),
            ]
            return .put(pod)
        }
    }
}
