import Foundation
import KubeTypes
import SkoposModel
import Synchronization

/// The control loops of a simulated cluster, standing in for kube-controller-manager and the kubelet: namespaces
/// (default ServiceAccount, `kube-root-ca.crt`, termination), ServiceAccount token Secrets, Deployments →
/// ReplicaSets → Pods, StatefulSets and DaemonSets, pods becoming Running and Ready, Endpoints for Services with
/// selectors, and garbage collection through ownerReferences.
final class ClusterControllers: Sendable {
    enum Work: Hashable, Sendable {
        case object(GroupResource, ObjectKey)
        case endpoints(namespace: String)
        case ownerDeleted(uid: String)
        /// A CRD is gone: its custom resources go too, as the apiextensions finalizer does.
        case crdDeleted(GroupResource)
    }

    struct Ref: Hashable, Sendable {
        var resource: GroupResource
        var key: ObjectKey
    }

    let cluster: SimCluster
    let queue = WorkQueue<Work>()
    /// Owner uid → dependents, kept current by the store listener.
    private let owners = Mutex<[String: Set<Ref>]>([:])

    static let namespaces = GroupResource(group: "", resource: "namespaces")
    static let pods = GroupResource(group: "", resource: "pods")
    static let services = GroupResource(group: "", resource: "services")
    static let endpoints = GroupResource(group: "", resource: "endpoints")
    static let secrets = GroupResource(group: "", resource: "secrets")
    static let serviceAccounts = GroupResource(group: "", resource: "serviceaccounts")
    static let configMaps = GroupResource(group: "", resource: "configmaps")
    static let deployments = GroupResource(group: "apps", resource: "deployments")
    static let replicaSets = GroupResource(group: "apps", resource: "replicasets")
    static let statefulSets = GroupResource(group: "apps", resource: "statefulsets")
    static let daemonSets = GroupResource(group: "apps", resource: "daemonsets")

    init(cluster: SimCluster) {
        self.cluster = cluster
    }

    var store: ObjectStore { cluster.store }

    /// Called under the store lock for every change: records ownership and queues work.
    func observe(_ event: StoreEvent) {
        let o = event.object.object
        let ref = Ref(resource: event.resource, key: event.object.key)
        let ownerUIDs = (o[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
        let previousOwners = (event.previous?[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
        if !ownerUIDs.isEmpty || !previousOwners.isEmpty {
            owners.withLock { index in
                for uid in previousOwners { index[uid]?.remove(ref) }
                if event.type != .deleted { for uid in ownerUIDs { index[uid, default: []].insert(ref) } }
            }
        }
        let ns = event.object.key.namespace
        switch event.resource {
        case Self.namespaces, Self.deployments, Self.replicaSets, Self.statefulSets, Self.daemonSets:
            queue.add(.object(event.resource, event.object.key))
        case Self.secrets:
            if o["type"]?.stringValue == "kubernetes.io/service-account-token" { queue.add(.object(event.resource, event.object.key)) }
        case Self.serviceAccounts:
            if event.type == .added { queue.add(.object(Self.namespaces, ObjectKey(namespace: "", name: ns))) }
        case Self.pods:
            queue.add(.object(event.resource, event.object.key))
            queue.add(.endpoints(namespace: ns))
        case Self.services:
            queue.add(.endpoints(namespace: ns))
        case GroupResource(group: "apiextensions.k8s.io", resource: "customresourcedefinitions") where event.type == .deleted:
            if let group = o[path: ["spec", "group"]]?.stringValue, let plural = o[path: ["spec", "names", "plural"]]?.stringValue {
                queue.add(.crdDeleted(GroupResource(group: group, resource: plural)))
            }
        default:
            break
        }
        for owner in ownerRefsOf(o) where event.resource == Self.pods || event.resource == Self.replicaSets {
            if let gr = Self.ownerResource(owner.kind) { queue.add(.object(gr, ObjectKey(namespace: ns, name: owner.name))) }
        }
        if event.type == .deleted, !event.object.uid.isEmpty {
            queue.add(.ownerDeleted(uid: event.object.uid))
        }
        if event.type == .modified, o[path: ["metadata", "deletionTimestamp"]] != nil {
            queue.add(.object(event.resource, event.object.key))
        }
    }

    func ownerRefsOf(_ o: JSONValue) -> [(kind: String, name: String, uid: String)] {
        (o[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).map {
            ($0["kind"]?.stringValue ?? "", $0["name"]?.stringValue ?? "", $0["uid"]?.stringValue ?? "")
        }
    }

    static func ownerResource(_ kind: String) -> GroupResource? {
        switch kind {
        case "ReplicaSet": replicaSets
        case "Deployment": deployments
        case "StatefulSet": statefulSets
        case "DaemonSet": daemonSets
        default: nil
        }
    }

    /// Processes queued work until cancelled.
    func run() async {
        while await queue.wait() {
            if Task.isCancelled { return }
            for work in queue.drain() {
                reconcile(work)
            }
        }
    }

    func reconcile(_ work: Work) {
        switch work {
        case .object(let gr, let key):
            // Objects being deleted with a propagation finalizer: handle dependents, then let go.
            if let o = store.get(gr, key)?.object, o[path: ["metadata", "deletionTimestamp"]] != nil, gr != Self.namespaces {
                finalize(gr, key, o)
                return
            }
            switch gr {
            case Self.namespaces: reconcileNamespace(key.name)
            case Self.secrets: reconcileTokenSecret(key)
            case Self.deployments: reconcileDeployment(key)
            case Self.replicaSets: reconcileReplicaSet(key)
            case Self.statefulSets: reconcileStatefulSet(key)
            case Self.daemonSets: reconcileDaemonSet(key)
            case Self.pods: reconcilePod(key)
            default: break
            }
        case .endpoints(let namespace):
            reconcileEndpoints(namespace)
        case .ownerDeleted(let uid):
            collectGarbage(ownerUID: uid, orphan: false)
        case .crdDeleted(let resource):
            // Unless a CRD of the same name came back in the meantime.
            guard cluster.catalog.lookup(resource) == nil else { return }
            for item in store.list(resource).items {
                _ = try? store.modify(resource, item.key) { _ in .delete }
            }
        }
    }

    // MARK: Garbage collection

    func dependents(of uid: String) -> [Ref] {
        Array(owners.withLock { $0[uid] ?? [] })
    }

    func collectGarbage(ownerUID uid: String, orphan: Bool) {
        for ref in dependents(of: uid) {
            _ = try? store.modify(ref.resource, ref.key) { current in
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

    /// Handles the `orphan` and `foregroundDeletion` finalizers, then removes the object when no finalizer is left.
    func finalize(_ gr: GroupResource, _ key: ObjectKey, _ o: JSONValue) {
        let finalizers = o[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let uid = o[path: ["metadata", "uid"]]?.stringValue ?? ""
        var remove: Set<String> = []
        if finalizers.contains("orphan") {
            collectGarbage(ownerUID: uid, orphan: true)
            remove.insert("orphan")
        }
        if finalizers.contains("foregroundDeletion") {
            collectGarbage(ownerUID: uid, orphan: false)
            if dependents(of: uid).isEmpty { remove.insert("foregroundDeletion") } else { queue.add(.object(gr, key)) }
        }
        guard !remove.isEmpty || finalizers.isEmpty else { return }
        _ = try? store.modify(gr, key) { current in
            guard var c = current?.object, c[path: ["metadata", "deletionTimestamp"]] != nil else { return .none }
            let left = (c[path: ["metadata", "finalizers"]]?.arrayValue ?? []).filter { !remove.contains($0.stringValue ?? "") }
            if left.isEmpty { return .delete }
            c[path: ["metadata", "finalizers"]] = .array(left)
            return .put(c)
        }
    }

    // MARK: Namespaces and service accounts

    func reconcileNamespace(_ name: String) {
        guard let ns = store.get(Self.namespaces, ObjectKey(namespace: "", name: name))?.object else { return }
        if ns[path: ["metadata", "deletionTimestamp"]] != nil {
            terminate(namespace: name)
            return
        }
        let saKey = ObjectKey(namespace: name, name: "default")
        _ = try? store.modify(Self.serviceAccounts, saKey) { current in
            current != nil ? .none : .put(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default", "namespace": .string(name)]])
        }
        let caPEM = cluster.caCertificatePEM
        _ = try? store.modify(Self.configMaps, ObjectKey(namespace: name, name: "kube-root-ca.crt")) { current in
            current != nil ? .none : .put([
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "kube-root-ca.crt", "namespace": .string(name), "annotations": ["kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."]],
                "data": ["ca.crt": .string(caPEM)],
            ])
        }
        // Fill token Secrets that were waiting for their ServiceAccount.
        for secret in store.list(Self.secrets, namespace: name).items where secret.object["type"]?.stringValue == "kubernetes.io/service-account-token" {
            reconcileTokenSecret(secret.key)
        }
    }

    /// Deletes everything in a terminating namespace, then the namespace itself.
    func terminate(namespace: String) {
        for type in cluster.catalog.types where type.namespaced {
            for item in store.list(type.groupResource, namespace: namespace).items {
                _ = try? store.modify(type.groupResource, item.key) { _ in .delete }
            }
        }
        _ = try? store.modify(Self.namespaces, ObjectKey(namespace: "", name: namespace)) { current in
            guard let c = current, c.object[path: ["metadata", "deletionTimestamp"]] != nil else { return .none }
            return .delete
        }
    }

    /// The token controller: fills `token`, `ca.crt` and `namespace` of a `kubernetes.io/service-account-token` Secret.
    func reconcileTokenSecret(_ key: ObjectKey) {
        guard let secret = store.get(Self.secrets, key)?.object, secret["type"]?.stringValue == "kubernetes.io/service-account-token",
            secret[path: ["data", "token"]] == nil,
            let saName = secret[path: ["metadata", "annotations", "kubernetes.io/service-account.name"]]?.stringValue,
            let sa = store.get(Self.serviceAccounts, ObjectKey(namespace: key.namespace, name: saName))
        else { return }
        let token = cluster.signer.legacyToken(namespace: key.namespace, serviceAccount: saName, serviceAccountUID: sa.uid, secretName: key.name)
        let ca = cluster.caCertificatePEM
        _ = try? store.modify(Self.secrets, key) { current in
            guard var s = current?.object, s[path: ["data", "token"]] == nil else { return .none }
            var data = s["data"]?.objectValue ?? [:]
            data["token"] = .string(Data(token.utf8).base64EncodedString())
            data["ca.crt"] = .string(Data(ca.utf8).base64EncodedString())
            data["namespace"] = .string(Data(key.namespace.utf8).base64EncodedString())
            s["data"] = .object(data)
            s[path: ["metadata", "annotations", "kubernetes.io/service-account.uid"]] = .string(sa.uid)
            return .put(s)
        }
    }

    // MARK: Workloads

    static func ownerReference(_ o: JSONValue, kind: String, apiVersion: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": o[path: ["metadata", "name"]] ?? "",
            "uid": o[path: ["metadata", "uid"]] ?? "", "controller": true, "blockOwnerDeletion": true,
        ]
    }

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

    func owned(by uid: String, in gr: GroupResource) -> [StoredObject] {
        dependents(of: uid).filter { $0.resource == gr }.compactMap { store.get($0.resource, $0.key) }.sorted { $0.key < $1.key }
    }

    func reconcileDeployment(_ key: ObjectKey) {
        guard let d = store.get(Self.deployments, key)?.object, d[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let uid = d[path: ["metadata", "uid"]]?.stringValue ?? ""
        var template = d[path: ["spec", "template"]] ?? [:]
        let hash = Self.templateHash(template)
        template[path: ["metadata", "labels", "pod-template-hash"]] = .string(hash)
        let replicas = d[path: ["spec", "replicas"]]?.intValue ?? 1
        let rsName = "\(key.name)-\(hash)"
        let existing = owned(by: uid, in: Self.replicaSets)
        let revision = (existing.compactMap { Int($0.object[path: ["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.stringValue ?? "") }.max() ?? 0)
        var selector = d[path: ["spec", "selector"]] ?? [:]
        selector[path: ["matchLabels", "pod-template-hash"]] = .string(hash)
        let ownerRef = Self.ownerReference(d, kind: "Deployment", apiVersion: "apps/v1")
        _ = try? store.modify(Self.replicaSets, ObjectKey(namespace: key.namespace, name: rsName)) { current in
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
            _ = try? store.modify(Self.replicaSets, rs.key) { current in
                guard var o = current?.object else { return .none }
                o[path: ["spec", "replicas"]] = 0
                return .put(o)
            }
        }
        // Status from the ReplicaSets.
        let all = owned(by: uid, in: Self.replicaSets)
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
        updateStatus(Self.deployments, key, status)
    }

    /// Writes a status if it differs in anything but timestamps, so that loops settle.
    func updateStatus(_ gr: GroupResource, _ key: ObjectKey, _ status: JSONValue) {
        _ = try? store.modify(gr, key) { current in
            guard var o = current?.object else { return .none }
            if Self.withoutTimes(o["status"]) == Self.withoutTimes(status) { return .none }
            o["status"] = status
            return .put(o)
        }
    }

    static func withoutTimes(_ v: JSONValue?) -> JSONValue? {
        guard var v else { return nil }
        if var conditions = v["conditions"]?.arrayValue {
            for i in conditions.indices {
                conditions[i]["lastUpdateTime"] = nil
                conditions[i]["lastTransitionTime"] = nil
            }
            v["conditions"] = .array(conditions)
        }
        return v
    }

    func reconcileReplicaSet(_ key: ObjectKey) {
        guard let rs = store.get(Self.replicaSets, key)?.object, rs[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let desired = rs[path: ["spec", "replicas"]]?.intValue ?? 1
        let pods = scalePods(owner: rs, kind: "ReplicaSet", desired: desired) { _ in "\(key.name)-\(ResourceHandler.randomSuffix())" }
        let ready = pods.filter(Self.isReady).count
        var status: JSONValue = [
            "replicas": .int(pods.count), "fullyLabeledReplicas": .int(pods.count), "readyReplicas": .int(ready),
            "availableReplicas": .int(ready), "observedGeneration": rs[path: ["metadata", "generation"]] ?? 1,
        ]
        if ready == 0 {
            status["readyReplicas"] = nil
            status["availableReplicas"] = nil
        }
        updateStatus(Self.replicaSets, key, status)
    }

    func reconcileStatefulSet(_ key: ObjectKey) {
        guard let sts = store.get(Self.statefulSets, key)?.object, sts[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let desired = sts[path: ["spec", "replicas"]]?.intValue ?? 1
        let pods = scalePods(owner: sts, kind: "StatefulSet", desired: desired) { index in "\(key.name)-\(index)" }
        let ready = pods.filter(Self.isReady).count
        updateStatus(Self.statefulSets, key, [
            "replicas": .int(pods.count), "readyReplicas": .int(ready), "currentReplicas": .int(pods.count), "updatedReplicas": .int(pods.count),
            "availableReplicas": .int(ready), "observedGeneration": sts[path: ["metadata", "generation"]] ?? 1,
        ])
    }

    func reconcileDaemonSet(_ key: ObjectKey) {
        guard let ds = store.get(Self.daemonSets, key)?.object, ds[path: ["metadata", "deletionTimestamp"]] == nil else { return }
        let pods = scalePods(owner: ds, kind: "DaemonSet", desired: 1) { _ in "\(key.name)-\(ResourceHandler.randomSuffix())" }
        let ready = pods.filter(Self.isReady).count
        updateStatus(Self.daemonSets, key, [
            "desiredNumberScheduled": 1, "currentNumberScheduled": .int(pods.count), "numberReady": .int(ready),
            "numberAvailable": .int(ready), "updatedNumberScheduled": .int(pods.count), "numberMisscheduled": 0,
            "observedGeneration": ds[path: ["metadata", "generation"]] ?? 1,
        ])
    }

    static func isReady(_ pod: StoredObject) -> Bool {
        (pod.object[path: ["status", "conditions"]]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    /// Creates or deletes pods owned by `owner` until `desired` exist; returns the live pods.
    func scalePods(owner: JSONValue, kind: String, desired: Int, name: (Int) -> String) -> [StoredObject] {
        let uid = owner[path: ["metadata", "uid"]]?.stringValue ?? ""
        let ns = owner[path: ["metadata", "namespace"]]?.stringValue ?? ""
        var pods = owned(by: uid, in: Self.pods).filter { $0.object[path: ["metadata", "deletionTimestamp"]] == nil }
        if pods.count > desired {
            for pod in pods.suffix(pods.count - desired) { _ = try? store.modify(Self.pods, pod.key) { _ in .delete } }
            pods = Array(pods.prefix(desired))
        }
        guard pods.count < desired else { return pods }
        guard let podType = cluster.catalog.lookup(Self.pods) else { return pods }
        let nsObject = store.get(Self.namespaces, ObjectKey(namespace: "", name: ns))?.object
        var index = 0
        let ownerRef = Self.ownerReference(owner, kind: kind, apiVersion: "apps/v1")
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
            if let created = try? store.modify(Self.pods, ObjectKey(namespace: ns, name: podName), { current in current == nil ? .put(final) : .none }) {
                pods.append(created)
            } else {
                break
            }
        }
        return pods
    }

    /// The kubelet's part: a pending pod gets scheduled, an IP, and Running/Ready status with every container started.
    func reconcilePod(_ key: ObjectKey) {
        let node = "\(cluster.name)-node-1"
        _ = try? store.modify(Self.pods, key) { current in
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

    // MARK: Endpoints

    /// The endpoints controller: one Endpoints object per Service with a selector, listing its ready pods.
    func reconcileEndpoints(_ namespace: String) {
        let pods = store.list(Self.pods, namespace: namespace).items.filter { Self.isReady($0) && $0.object[path: ["metadata", "deletionTimestamp"]] == nil }
        for service in store.list(Self.services, namespace: namespace).items {
            guard let selector = service.object[path: ["spec", "selector"]]?.objectValue?.compactMapValues(\.stringValue), !selector.isEmpty else { continue }
            let matching = pods.filter { pod in selector.allSatisfy { pod.labels[$0.key] == $0.value } }
            let addresses: [JSONValue] = matching.map { pod in
                [
                    "ip": pod.object[path: ["status", "podIP"]] ?? "", "nodeName": pod.object[path: ["spec", "nodeName"]] ?? "",
                    "targetRef": ["kind": "Pod", "name": .string(pod.key.name), "namespace": .string(namespace), "uid": .string(pod.uid)],
                ]
            }
            let ports: [JSONValue] = (service.object[path: ["spec", "ports"]]?.arrayValue ?? []).map { p in
                var port: [String: JSONValue] = ["port": .int(Self.resolveTargetPort(p, pods: matching)), "protocol": p["protocol"] ?? "TCP"]
                if let name = p["name"] { port["name"] = name }
                if let ap = p["appProtocol"] { port["appProtocol"] = ap }
                return .object(port)
            }
            let subsets: JSONValue = addresses.isEmpty ? [] : [["addresses": .array(addresses), "ports": .array(ports)]]
            let labels = service.object[path: ["metadata", "labels"]] ?? [:]
            _ = try? store.modify(Self.endpoints, service.key) { current in
                if var e = current?.object {
                    if e["subsets"] == subsets || (e["subsets"] == nil && subsets == []) { return .none }
                    e["subsets"] = subsets
                    return .put(e)
                }
                return .put(["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": .string(service.key.name), "namespace": .string(namespace), "labels": labels], "subsets": subsets])
            }
        }
    }

    static func resolveTargetPort(_ servicePort: JSONValue, pods: [StoredObject]) -> Int {
        if let n = servicePort["targetPort"]?.intValue { return n }
        if let name = servicePort["targetPort"]?.stringValue {
            for pod in pods {
                for c in pod.object[path: ["spec", "containers"]]?.arrayValue ?? [] {
                    for p in c["ports"]?.arrayValue ?? [] where p["name"]?.stringValue == name {
                        if let n = p["containerPort"]?.intValue { return n }
                    }
                }
            }
        }
        return servicePort["port"]?.intValue ?? 0
    }
}
