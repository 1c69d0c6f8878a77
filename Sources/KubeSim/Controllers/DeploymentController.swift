import KubeTypes
import SkoposModel

/// The Deployment controller: one ReplicaSet per pod template (named after its hash), older ReplicaSets scaled to
/// zero at once (a rollout that completes immediately), and the Deployment's status summed from its ReplicaSets.
struct DeploymentController: Sendable {
    let storage: ClusterStorage
    let owners: OwnerIndex

    /// Pod-template hash as the Deployment controller computes it (stable for the same template), in its alphabet.
    static func templateHash(_ template: JSONValue) -> String {
        var hash: UInt32 = 2_166_136_261
        for b in JSONWriter.write(template) {
            hash ^= UInt32(b)
            hash = hash &* 16_777_619
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var out = ""
        var h = hash
        for _ in 0..<10 {
            out.append(alphabet[Int(h % UInt32(alphabet.count))])
            h /= UInt32(alphabet.count)
            if h == 0 { h = hash &* 31 &+ UInt32(out.count) }
        }
        return out
    }

    func reconcile(_ key: ObjectKey) {
        guard let d = storage.get(.deployments, key)?.object, d[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let uid = d[path: ["metadata", "uid"]]?.stringValue ?? ""
        var template = d[path: ["spec", "template"]] ?? [:]
        let hash = Self.templateHash(template)
        template[path: ["metadata", "labels", "pod-template-hash"]] = .string(hash)
        let replicas = d[path: ["spec", "replicas"]]?.intValue ?? 1
        let rsName = "\(key.name)-\(hash)"
        let existing = owners.owned(by: uid, in: .replicaSets)
        let revision = (existing.compactMap { Int($0.object[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.stringValue ?? "") }.max() ?? 0)
        var selector = d[path: ["spec", "selector"]] ?? [:]
        selector[path: ["matchLabels", "pod-template-hash"]] = .string(hash)
        let ownerRef = OwnerIndex.controllerReference(to: d, kind: "Deployment", apiVersion: "apps/v1")
        _ = try? storage.modify(.replicaSets, ObjectKey(namespace: key.namespace, name: rsName)) { current in
            if var rs = current?.object {
                guard rs[path: ["spec", "replicas"]]?.intValue != replicas else { return .none }
                rs[path: ["spec", "replicas"]] = .int(replicas)
                return .put(rs)
            }
            var labels = template[path: ["metadata", "labels"]]?.objectValue ?? [:]
            labels["pod-template-hash"] = .string(hash)
            return .put([
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": [
                    "name": .string(rsName), "namespace": .string(key.namespace), "labels": .object(labels),
                    "annotations": ["deployment.kubernetes.io/revision": .string(String(revision + 1)), "deployment.kubernetes.io/desired-replicas": .string(String(replicas))],
                    "ownerReferences": [ownerRef],
                ],
                "spec": ["replicas": .int(replicas), "selector": selector, "template": template],
            ])
        }
        // Older ReplicaSets scale to zero (a rollout that completes at once).
        for rs in existing where rs.key.name != rsName && (rs.object[path: ["spec", "replicas"]]?.intValue ?? 0) != 0 {
            _ = try? storage.modify(.replicaSets, rs.key) { current in
                guard var o = current?.object else { return .none }
                o[path: ["spec", "replicas"]] = 0
                return .put(o)
            }
        }
        // Status from the ReplicaSets.
        let all = owners.owned(by: uid, in: .replicaSets)
        func sum(_ field: String) -> Int { all.reduce(0) { $0 + ($1.object[path: ["status", field]]?.intValue ?? 0) } }
        let newRS = all.first { $0.key.name == rsName }
        let updated = newRS?.object[path: ["status", "replicas"]]?.intValue ?? 0
        let available = sum("availableReplicas")
        let now = JSONValue.string(Timestamp.now())
        var status: JSONValue = [
            "observedGeneration": d[path: ["metadata", "generation"]] ?? 1,
            "replicas": .int(sum("replicas")), "updatedReplicas": .int(updated), "readyReplicas": .int(sum("readyReplicas")),
            "availableReplicas": .int(available), "unavailableReplicas": .int(max(0, replicas - available)),
            "conditions": [
                [
                    "type": "Available", "status": .string(available >= replicas ? "True" : "False"),
                    "reason": .string(available >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"),
                    "message": .string(available >= replicas ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                    "lastUpdateTime": now, "lastTransitionTime": now,
                ],
                [
                    "type": "Progressing", "status": "True",
                    "reason": .string(updated >= replicas ? "NewReplicaSetAvailable" : "ReplicaSetUpdated"),
                    "message": .string("ReplicaSet \"\(rsName)\" \(updated >= replicas ? "has successfully progressed." : "is progressing.")"),
                    "lastUpdateTime": now, "lastTransitionTime": now,
                ],
            ],
        ]
        if status["readyReplicas"] == 0 { status["readyReplicas"] = nil }
        storage.updateStatus(.deployments, key, status)
    }
}
