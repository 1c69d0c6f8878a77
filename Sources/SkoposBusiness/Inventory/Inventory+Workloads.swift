import SkoposModel
import KubeClient
import KubeTypes

/// A workload of the read model with its pods and the list item built from them.
struct ResolvedWorkload: Sendable {
    var workload: Workload
    var pods: [Pod]
    var item: WorkloadListItem
}

extension Inventory {
    /// `GET /api/clusters/workloads`: the workloads of the listed namespaces, by namespace, name and kind; only those of
    /// kind `options.gvk` when given.
    public func workloads(_ options: InventoryOptions) -> WorkloadList {
        let index = istioIndex(options.istioResources)
        var items: [WorkloadListItem] = []
        for ns in listedNamespaces(options.namespaces) {
            for w in resolveWorkloads(namespace: ns, index: index) where options.gvk.map({ Self.sameKind($0, w.item.gvk) }) ?? true {
                items.append(w.item)
            }
        }
        return WorkloadList(cluster: cluster.name, workloads: items)
    }

    /// Whether a requested kind names a workload kind: same group and kind (any version).
    static func sameKind(_ requested: GroupVersionKind, _ actual: GroupVersionKind) -> Bool {
        requested.kind == actual.kind && requested.group == actual.group
    }

    /// The workloads of a namespace: Deployments, ReplicaSets without a Deployment, StatefulSets, DaemonSets and pods
    /// no cached workload controls (not those controlled by an excluded kind such as a Job), by name then kind.
    func resolveWorkloads(namespace: String, index: IstioIndex?) -> [ResolvedWorkload] {
        var found: [Workload] = []
        for d in cluster.list(.deployments, namespace: namespace) { found.append(.deployment(d)) }
        for rs in cluster.list(.replicaSets, namespace: namespace) {
            let owner = rs.metadata.ownerReferences.first(where: \.isController)
            if let owner, owner.kind == Deployment.kind, cluster.get(.deployments, namespace: namespace, name: owner.name) != nil { continue }
            if let owner, settings.excludedWorkloads.contains(owner.kind) { continue }
            found.append(.replicaSet(rs))
        }
        for s in cluster.list(.statefulSets, namespace: namespace) { found.append(.statefulSet(s)) }
        for d in cluster.list(.daemonSets, namespace: namespace) { found.append(.daemonSet(d)) }
        for pod in cluster.list(.pods, namespace: namespace) {
            guard case .pod = cluster.workload(of: pod) else { continue }
            if let owner = pod.metadata.ownerReferences.first(where: \.isController), settings.excludedWorkloads.contains(owner.kind) { continue }
            found.append(.pod(pod))
        }
        let namespaceLabels = cluster.namespace(namespace)?.metadata.labels ?? [:]
        let services = cluster.list(.services, namespace: namespace)
        return found.filter { !settings.excludedWorkloads.contains($0.kind) }
            .map { resolve($0, namespaceLabels: namespaceLabels, services: services, index: index) }
            .sorted { ($0.item.name, Self.kindRank($0.item.gvk.kind)) < ($1.item.name, Self.kindRank($1.item.gvk.kind)) }
    }

    /// Deployments first, bare pods last: the order among workloads of the same name.
    static func kindRank(_ kind: String) -> Int {
        switch kind {
        case Deployment.kind: 0
        case ReplicaSet.kind: 1
        case StatefulSet.kind: 2
        case DaemonSet.kind: 3
        default: 4
        }
    }

    /// A workload with its pods and list item.
    /// - Parameters:
    ///   - namespaceLabels: its namespace's labels (for the namespace's waypoint).
    ///   - services: the Services of its namespace (for a waypoint named on a Service).
    ///   - index: the Istio objects, when `istioReferences` are wanted.
    func resolve(_ w: Workload, namespaceLabels: [String: String], services: [Service], index: IstioIndex?) -> ResolvedWorkload {
        let pods = cluster.pods(of: w)
        let meta = w.metadata
        let template = Self.template(of: w)
        var item = WorkloadListItem(name: w.name, namespace: w.namespace, cluster: cluster.name, gvk: Self.gvk(of: w))
        item.createdAt = RFC3339.utc(meta.creationTimestamp)
        item.resourceVersion = meta.resourceVersion ?? ""
        let labels = template?.labels ?? meta.labels
        let annotations = template.map { $0.annotations.isEmpty ? meta.annotations : $0.annotations } ?? meta.annotations
        item.labels = labels
        item.annotations = annotations
        let inject = "sidecar.istio.io/inject"
        if let value = labels[inject] ?? annotations[inject] { item.istioInjectionAnnotation = QueryValues.goBool(value) }
        item.istioSidecar = !pods.isEmpty && pods.allSatisfy(Self.hasSidecar)
        item.isAmbient = pods.contains(where: Self.isAmbient)
        item.isWaypoint = Self.isWaypoint(labels)
        item.isGateway = Self.isGateway(labels)
        item.isZtunnel = labels["app"] == "ztunnel"
        item.app = settings.app(labels)
        item.version = settings.version(labels)
        item.appLabel = item.app != nil
        item.versionLabel = item.version != nil
        item.podCount = pods.count
        item.healthAnnotations = Self.healthAnnotations(annotations)
        item.dashboardAnnotations = annotations.filter { $0.key == "kiali.io/dashboards" || $0.key == "kiali.io/runtimes" }
        var accounts: [String] = []
        for pod in pods {
            if let sa = pod.spec.serviceAccountName, !sa.isEmpty, !accounts.contains(sa) { accounts.append(sa) }
        }
        item.serviceAccountNames = accounts
        item.templateAnnotations = template?.annotations ?? [:]
        item.templateLabels = template?.labels ?? [:]
        if let index { item.istioReferences = index.workloadReferences(labels: labels, namespace: w.namespace) }
        if !item.isWaypoint && (item.isAmbient || namespaceLabels["istio.io/dataplane-mode"] == "ambient") {
            let selecting = services.filter { Self.selects($0.spec.selector, labels) }.map(\.metadata.labels)
            item.waypointWorkloads = waypoints(own: labels, services: selecting, namespace: w.namespace, namespaceLabels: namespaceLabels)
        }
        return ResolvedWorkload(workload: w, pods: pods, item: item)
    }

    // MARK: - Facts about workloads

    /// A workload's pod template's metadata; `nil` for a bare pod.
    static func template(of w: Workload) -> ObjectMeta? {
        switch w {
        case .deployment(let o): o.spec.template.metadata
        case .replicaSet(let o): o.spec.template.metadata
        case .statefulSet(let o): o.spec.template.metadata
        case .daemonSet(let o): o.spec.template.metadata
        case .pod: nil
        }
    }

    /// A workload's group, version and kind.
    static func gvk(of w: Workload) -> GroupVersionKind {
        switch w {
        case .deployment: .deployment
        case .replicaSet: .replicaSet
        case .statefulSet: .statefulSet
        case .daemonSet: .daemonSet
        case .pod: .pod
        }
    }

    /// A pod runs Istio's proxy: a container or native sidecar `istio-proxy`, or Istio's injection status annotation.
    static func hasSidecar(_ pod: Pod) -> Bool {
        pod.spec.containers.contains { $0.name == "istio-proxy" } || pod.spec.initContainers.contains { $0.name == "istio-proxy" }
            || pod.metadata.annotations["sidecar.istio.io/status"] != nil
    }

    /// A pod is redirected into the ambient data plane.
    static func isAmbient(_ pod: Pod) -> Bool {
        pod.metadata.annotations["ambient.istio.io/redirection"] == "enabled"
    }

    /// Istio's waypoint label.
    static func isWaypoint(_ labels: [String: String]) -> Bool {
        labels["gateway.istio.io/managed"] == "istio.io-mesh-controller"
    }

    /// Istio's gateway component labels, or a Gateway API gateway's pods (not a waypoint's).
    static func isGateway(_ labels: [String: String]) -> Bool {
        if let c = labels["operator.istio.io/component"], c == "IngressGateways" || c == "EgressGateways" { return true }
        if let i = labels["istio"], i == "ingressgateway" || i == "egressgateway" { return true }
        return labels["gateway.networking.k8s.io/gateway-name"] != nil && !isWaypoint(labels)
    }

    /// The `health.kiali.io/*` annotations.
    static func healthAnnotations(_ annotations: [String: String]) -> [String: String] {
        annotations.filter { $0.key.hasPrefix("health.kiali.io/") }
    }

    /// A non-empty selector matches labels.
    static func selects(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }

    /// The waypoints named for an ambient workload or service: `istio.io/use-waypoint` (with
    /// `istio.io/use-waypoint-namespace`) on the object itself, else on the Services selecting it, else on its
    /// namespace; the first level that sets it decides, and `none` there opts out. Only waypoints the read model holds
    /// (pods labelled as waypoints of that gateway name) are named.
    func waypoints(own: [String: String], services: [[String: String]], namespace: String, namespaceLabels: [String: String]) -> [WorkloadReference] {
        func named(_ labels: [String: String]) -> (name: String, namespace: String)? {
            guard let name = labels["istio.io/use-waypoint"], !name.isEmpty else { return nil }
            return (name, labels["istio.io/use-waypoint-namespace"].flatMap { $0.isEmpty ? nil : $0 } ?? namespace)
        }
        var chosen: [(name: String, namespace: String)] = []
        if let n = named(own) {
            chosen = [n]
        } else {
            chosen = services.compactMap(named)
            if chosen.isEmpty, let n = named(namespaceLabels) { chosen = [n] }
        }
        var refs = Set<WorkloadReference>()
        for (name, ns) in chosen where name != "none" {
            let selector = ["gateway.istio.io/managed": "istio.io-mesh-controller", "gateway.networking.k8s.io/gateway-name": name]
            for pod in cluster.pods(selectedBy: selector, namespace: ns) {
                refs.insert(WorkloadReference(name: cluster.workload(of: pod).name, namespace: ns, cluster: cluster.name))
            }
        }
        return refs.sorted()
    }
}
