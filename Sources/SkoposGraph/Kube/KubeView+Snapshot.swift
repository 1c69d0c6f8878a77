public import KubeClient
import SkoposModel
import KubeTypes

extension KubeView {
    /// A view of the read model, limited by `access` (which namespaces of which cluster the viewer may see).
    /// - Parameters:
    ///   - snapshot: the clusters' cached objects.
    ///   - access: whether a namespace of a cluster is visible; `nil` shows every cached namespace.
    public static func snapshot(_ snapshot: MeshSnapshot, access: (@Sendable (_ cluster: String, _ namespace: String) -> Bool)? = nil) -> KubeView {
        let visible: @Sendable (String, String) -> Bool = access ?? { _, _ in true }
        let clusters = snapshot.clusters.map(\.name)
        let home = snapshot.home?.name ?? clusters.first ?? "unknown"
        var view = KubeView(
            clusters: clusters,
            homeCluster: home,
            namespace: { cluster, name in
                guard visible(cluster, name), let ns = snapshot.cluster(cluster)?.namespace(name) else { return nil }
                return NamespaceFacts(name: name, created: ns.metadata.creationTimestamp.flatMap(Self.unixTime), labels: ns.metadata.labels)
            },
            workloads: { cluster, namespace in
                guard visible(cluster, namespace), let c = snapshot.cluster(cluster) else { return [] }
                return Self.workloads(in: c, namespace: namespace)
            },
            services: { cluster, namespace in
                guard visible(cluster, namespace), let c = snapshot.cluster(cluster) else { return [] }
                return c.list(.services, namespace: namespace).map {
                    ServiceFacts(
                        name: $0.metadata.name,
                        namespace: namespace,
                        labels: $0.metadata.labels,
                        annotations: $0.metadata.annotations,
                        selector: $0.spec.selector
                    )
                }
            },
            istioConfig: { cluster, kind, namespace in
                guard let c = snapshot.cluster(cluster) else { return [] }
                if let namespace, !visible(cluster, namespace) { return [] }
                let k: Kind<UnstructuredObject>
                switch kind {
                case .destinationRules: k = .destinationRules
                case .virtualServices: k = .virtualServices
                case .gateways: k = .gateways
                case .serviceEntries: k = .serviceEntries
                case .workloadEntries: k = .workloadEntries
                case .k8sGateways: k = .k8sGateways
                }
                return c.list(k, namespace: namespace).filter { visible(cluster, $0.metadata.namespace ?? "") }.map(\.raw)
            },
            waypoints: {
                var set = WaypointSet()
                for c in snapshot.clusters {
                    // [PERF] Through the pods' label index, namespace by namespace, not a scan of every pod.
                    let waypointPods = c.namespaces.flatMap {
                        c.pods(selectedBy: ["gateway.istio.io/managed": "istio.io-mesh-controller"], namespace: $0.metadata.name)
                    }
                    for pod in waypointPods {
                        let w = c.workload(of: pod)
                        set.insert(cluster: c.name, namespace: w.namespace, name: w.name)
                    }
                }
                return set
            },
            mesh: { cluster in
                snapshot.cluster(cluster).map(Self.meshFacts) ?? MeshFacts()
            }
        )
        for status in snapshot.statuses where !status.reachable || !status.synced {
            view.unavailableClusters[status.name] = status.lastError ?? (status.reachable ? "not synced yet" : "unreachable")
        }
        return view
    }

    /// Istio's mesh config of a cluster, from the `istio` ConfigMap of `istio-system` (or, without one, the first
    /// revisioned `istio-<rev>` ConfigMap there). Only `defaultServiceExportTo` is read; anything missing keeps Istio's
    /// default (`["*"]`). The mesh config is read whatever the viewer may see: it is the control plane's, not a user
    /// object.
    static func meshFacts(_ c: ClusterSnapshot) -> MeshFacts {
        let maps = c.list(.configMaps, namespace: "istio-system")
        guard
            let map = maps.first(where: { $0.metadata.name == "istio" })
                ?? maps.first(where: { $0.metadata.name.hasPrefix("istio-") && $0.data["mesh"] != nil }),
            let mesh = map.data["mesh"]
        else { return MeshFacts() }
        var facts = MeshFacts()
        if let exportTo = MeshConfigText.defaultServiceExportTo(mesh), !exportTo.isEmpty { facts.defaultServiceExportTo = exportTo }
        return facts
    }

    /// Kiali's waypoint label.
    static func isWaypoint(_ labels: [String: String]) -> Bool {
        labels["gateway.istio.io/managed"] == "istio.io-mesh-controller"
    }

    /// The workloads of a namespace, each with its pods' facts.
    static func workloads(in c: ClusterSnapshot, namespace: String) -> [WorkloadFacts] {
        var result: [String: WorkloadFacts] = [:]
        var order: [String] = []
        func add(_ w: Workload, templateLabels: [String: String], templateAnnotations: [String: String]) {
            let key = "\(w.kind)/\(w.name)"
            guard result[key] == nil else { return }
            let pods = c.pods(of: w)
            var facts = WorkloadFacts(
                name: w.name,
                namespace: namespace,
                kind: w.kind,
                labels: templateLabels,
                podCount: pods.count,
                hasSidecar: false,
                annotations: templateAnnotations,
                replicas: replicas(of: w)
            )
            for pod in pods {
                if pod.spec.containers.contains(where: { $0.name == "istio-proxy" }) || pod.metadata.annotations["sidecar.istio.io/status"] != nil {
                    facts.hasSidecar = true
                }
                if pod.metadata.annotations["ambient.istio.io/redirection"] == "enabled" { facts.isAmbient = true }
            }
            facts.isWaypoint = isWaypoint(templateLabels)
            facts.isGateway = isGateway(templateLabels)
            result[key] = facts
            order.append(key)
        }
        for d in c.list(.deployments, namespace: namespace) {
            add(.deployment(d), templateLabels: d.spec.template.metadata.labels, templateAnnotations: d.spec.template.metadata.annotations)
        }
        for rs in c.list(.replicaSets, namespace: namespace)
        where !rs.metadata.ownerReferences.contains(where: { $0.isController && $0.kind == "Deployment" }) {
            add(.replicaSet(rs), templateLabels: rs.spec.template.metadata.labels, templateAnnotations: rs.spec.template.metadata.annotations)
        }
        for s in c.list(.statefulSets, namespace: namespace) {
            add(.statefulSet(s), templateLabels: s.spec.template.metadata.labels, templateAnnotations: s.spec.template.metadata.annotations)
        }
        for d in c.list(.daemonSets, namespace: namespace) {
            add(.daemonSet(d), templateLabels: d.spec.template.metadata.labels, templateAnnotations: d.spec.template.metadata.annotations)
        }
        for pod in c.list(.pods, namespace: namespace) {
            let w = c.workload(of: pod)
            if case .pod = w { add(w, templateLabels: pod.metadata.labels, templateAnnotations: pod.metadata.annotations) }
        }
        return order.map { result[$0]! }
    }

    /// A workload's replica counters as Kiali reads them: the spec's replicas and the status' counters; a bare pod is
    /// one desired and current replica, available when it is ready. There is no proxy sync data in the read model, so
    /// `syncedProxies` is −1 (ignored, `backend.md` §7.5).
    static func replicas(of w: Workload) -> WorkloadReplicas {
        switch w {
        case .deployment(let d):
            WorkloadReplicas(desired: d.spec.replicas, current: d.status.replicas, available: d.status.availableReplicas)
        case .replicaSet(let rs):
            WorkloadReplicas(desired: rs.spec.replicas, current: rs.status.replicas, available: rs.status.availableReplicas)
        case .statefulSet(let s):
            WorkloadReplicas(desired: s.spec.replicas, current: s.status.replicas, available: s.status.availableReplicas)
        case .daemonSet(let d):
            WorkloadReplicas(desired: d.status.desiredNumberScheduled, current: d.status.currentNumberScheduled, available: d.status.numberAvailable)
        case .pod(let p):
            WorkloadReplicas(desired: 1, current: 1, available: p.status.condition("Ready") == "True" ? 1 : 0)
        }
    }

    /// Kiali's gateway test: Istio's gateway component labels or a Gateway API gateway.
    static func isGateway(_ labels: [String: String]) -> Bool {
        if let c = labels["operator.istio.io/component"], c == "IngressGateways" || c == "EgressGateways" { return true }
        if let i = labels["istio"], i == "ingressgateway" || i == "egressgateway" { return true }
        return labels["gateway.networking.k8s.io/gateway-name"] != nil && !isWaypoint(labels)
    }

    /// RFC 3339 to Unix seconds (``RFC3339/unixTime(_:)``).
    static func unixTime(_ text: String) -> Int64? { RFC3339.unixTime(text) }
}
