import HashTreeCollections
public import KubeTypes

/// Label selectors and owner references, answered from the stores' indexes: no look-up scans every pod.
extension ClusterSnapshot {
    /// The pods a Service selects (its `spec.selector`), sorted by name; none for a Service without a selector.
    /// - Complexity: O(*k*) in the number of pods carrying the selector's rarest label, not in all pods.
    public func pods(of service: Service) -> [Pod] {
        pods(selectedBy: service.spec.selector, namespace: service.metadata.namespace ?? "")
    }

    /// The pods of a namespace whose labels include every one of `selector` (an empty selector selects none, as for
    /// a Service), sorted by name.
    public func pods(selectedBy selector: [String: String], namespace: String) -> [Pod] {
        guard !selector.isEmpty, let pods, let inNamespace = pods.objects[namespace], let labels = pods.index(named: StoreIndexName.labels) else {
            return []
        }
        var rarest: TreeSet<String>?
        for (key, value) in selector {
            guard let names = labels[StoreContents<Pod>.IndexKey(namespace: namespace, value: StoreIndexName.pair(key, value))] else { return [] }
            if rarest == nil || names.count < rarest!.count { rarest = names }
        }
        guard let rarest else { return [] }
        var result: [Pod] = []
        result.reserveCapacity(rarest.count)
        for name in rarest.sorted() {
            guard let pod = inNamespace[name] else { continue }
            // With one label the index is exact; with more, the other labels must match too.
            if selector.count == 1 || selector.allSatisfy({ pod.metadata.labels[$0.key] == $0.value }) { result.append(pod) }
        }
        return result
    }

    /// The Services whose selector matches a pod's labels, sorted by name.
    public func services(of pod: Pod) -> [Service] {
        guard let services else { return [] }
        let namespace = pod.metadata.namespace ?? ""
        var candidates = Set<String>()
        for (key, value) in pod.metadata.labels {
            candidates.formUnion(services.names(index: StoreIndexName.selector, namespace: namespace, value: StoreIndexName.pair(key, value)))
        }
        return candidates.compactMap { services.get(namespace: namespace, name: $0) }
            .filter { service in
                !service.spec.selector.isEmpty && service.spec.selector.allSatisfy { pod.metadata.labels[$0.key] == $0.value }
            }
            .sorted { $0.metadata.name < $1.metadata.name }
    }

    /// The pods a workload runs, through owner references (a Deployment's through its ReplicaSets), sorted by name.
    public func pods(of workload: Workload) -> [Pod] {
        let namespace = workload.namespace
        switch workload {
        case .pod(let pod):
            return [pod]
        case .deployment(let deployment):
            let replicaSets = owned(.replicaSets, by: Deployment.kind, name: deployment.metadata.name, namespace: namespace)
            return replicaSets.flatMap { owned(.pods, by: ReplicaSet.kind, name: $0.metadata.name, namespace: namespace) }
                .sorted { $0.metadata.name < $1.metadata.name }
        case .replicaSet(let o):
            return owned(.pods, by: ReplicaSet.kind, name: o.metadata.name, namespace: namespace)
        case .statefulSet(let o):
            return owned(.pods, by: StatefulSet.kind, name: o.metadata.name, namespace: namespace)
        case .daemonSet(let o):
            return owned(.pods, by: DaemonSet.kind, name: o.metadata.name, namespace: namespace)
        }
    }

    /// The workload a pod belongs to: its controller (a ReplicaSet's Deployment when there is one), or the pod itself
    /// when no cached object controls it.
    public func workload(of pod: Pod) -> Workload {
        let namespace = pod.metadata.namespace ?? ""
        guard let owner = pod.metadata.ownerReferences.first(where: \.isController) else { return .pod(pod) }
        switch owner.kind {
        case ReplicaSet.kind:
            guard let replicaSet = replicaSets?.get(namespace: namespace, name: owner.name) else { return .pod(pod) }
            if let top = replicaSet.metadata.ownerReferences.first(where: \.isController), top.kind == Deployment.kind,
                let deployment = get(.deployments, namespace: namespace, name: top.name)
            {
                return .deployment(deployment)
            }
            return .replicaSet(replicaSet)
        case StatefulSet.kind:
            return get(.statefulSets, namespace: namespace, name: owner.name).map(Workload.statefulSet) ?? .pod(pod)
        case DaemonSet.kind:
            return get(.daemonSets, namespace: namespace, name: owner.name).map(Workload.daemonSet) ?? .pod(pod)
        default:
            return .pod(pod)
        }
    }

    /// The workloads behind a Service: the workloads of the pods it selects, each once, sorted by kind and name.
    public func workloads(of service: Service) -> [Workload] {
        var seen = Set<String>()
        var result: [Workload] = []
        for pod in pods(of: service) {
            let workload = workload(of: pod)
            if seen.insert("\(workload.kind)/\(workload.name)").inserted { result.append(workload) }
        }
        return result.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// The objects of a kind whose controller is `ownerKind/name`, sorted by name.
    func owned<Object>(_ kind: Kind<Object>, by ownerKind: String, name: String, namespace: String) -> [Object] {
        guard let contents = contents(kind) else { return [] }
        return contents.names(index: StoreIndexName.controller, namespace: namespace, value: "\(ownerKind)/\(name)")
            .sorted()
            .compactMap { contents.get(namespace: namespace, name: $0) }
    }
}
