public import KubeClient
import KubeTypes
import SkoposGraph

extension NamespaceHealthInput {
    /// The proxy sync state of a pod (`cluster`, `namespace`, pod name), when known.
    public typealias ProxyStatusLookup = @Sendable (_ cluster: String, _ namespace: String, _ pod: String) -> ProxySyncStatus?

    /// One namespace of one cluster of the read model, as health needs it: its workloads (Deployments, ReplicaSets
    /// without a Deployment, StatefulSets, DaemonSets and bare pods, with their replica counters) and its services.
    /// - Parameters:
    ///   - appLabel: The app label name (`app` by default).
    ///   - proxyStatus: istiod's sync state per pod, for `syncedProxies`; without it `syncedProxies` is −1.
    /// - Returns: `nil` when the cluster or the namespace is not in the snapshot.
    public static func snapshot(
        _ snapshot: MeshSnapshot, cluster: String, namespace: String, appLabel: String = "app", proxyStatus: ProxyStatusLookup? = nil
    ) -> NamespaceHealthInput? {
        guard let c = snapshot.cluster(cluster), let ns = c.namespace(namespace) else { return nil }
        return build(KubeView.snapshot(snapshot), c, namespace: namespace, namespaceLabels: ns.metadata.labels, appLabel: appLabel, proxyStatus: proxyStatus)
    }

    /// Builds one namespace's input from the facts the graph engine also reads.
    static func build(
        _ view: KubeView, _ c: ClusterSnapshot, namespace: String, namespaceLabels: [String: String], appLabel: String, proxyStatus: ProxyStatusLookup?
    ) -> NamespaceHealthInput {
        let services = view.services(c.name, namespace)
        var podsByWorkload: [String: [String]] = [:]
        if proxyStatus != nil {
            for pod in c.list(.pods, namespace: namespace) {
                let w = c.workload(of: pod)
                podsByWorkload["\(w.kind)/\(w.name)", default: []].append(pod.metadata.name)
            }
        }
        var input = NamespaceHealthInput(cluster: c.name, namespace: namespace)
        for facts in view.workloads(c.name, namespace) {
            var replicas = facts.replicas
            if let proxyStatus {
                let statuses = (podsByWorkload["\(facts.kind)/\(facts.name)"] ?? []).map { proxyStatus(c.name, namespace, $0) }
                replicas.syncedProxies = ProxySyncStatus.syncedProxies(statuses, hasSidecar: facts.hasSidecar, isGateway: facts.isGateway)
            }
            let captured = Self.isCapturedByWaypoint(
                workloadLabels: facts.labels, isAmbient: facts.isAmbient, namespaceLabels: namespaceLabels,
                serviceLabels: services.filter { Self.selects($0.selector, facts.labels) }.map(\.labels))
            input.workloads.append(
                Workload(
                    name: facts.name, app: facts.labels[appLabel], healthAnnotations: Self.healthAnnotations(facts.annotations), replicas: replicas,
                    hasHTTPTraffic: facts.hasSidecar || facts.isGateway || facts.isWaypoint || captured))
        }
        input.services = services.map { Service(name: $0.name, healthAnnotations: Self.healthAnnotations($0.annotations)) }
        return input
    }

    /// Whether an ambient workload's traffic goes through a waypoint, so that it has L7 (HTTP) telemetry: it is in the
    /// ambient data plane (its pods are redirected, or its namespace is labelled ambient) and `istio.io/use-waypoint`
    /// names a waypoint on the workload, else on a service that selects it, else on its namespace (`none` opts out).
    public static func isCapturedByWaypoint(
        workloadLabels: [String: String], isAmbient: Bool, namespaceLabels: [String: String], serviceLabels: [[String: String]]
    ) -> Bool {
        guard isAmbient || namespaceLabels["istio.io/dataplane-mode"] == "ambient" else { return false }
        let key = "istio.io/use-waypoint"
        func names(_ value: String?) -> Bool? { value.map { !$0.isEmpty && $0 != "none" } }
        if let own = names(workloadLabels[key]) { return own }
        let viaServices = serviceLabels.compactMap { names($0[key]) }
        if !viaServices.isEmpty { return viaServices.contains(true) }
        return names(namespaceLabels[key]) ?? false
    }

    /// The `health.kiali.io/*` annotations.
    static func healthAnnotations(_ annotations: [String: String]) -> [String: String] {
        annotations.filter { $0.key.hasPrefix("health.kiali.io/") }
    }

    /// Whether a non-empty selector matches labels.
    static func selects(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }
}

extension HealthInventory {
    /// Every namespace of every cluster of the read model (the console's service-account view; per-user filtering
    /// happens when reading), each as ``NamespaceHealthInput/snapshot(_:cluster:namespace:appLabel:proxyStatus:)``
    /// builds it. Clusters and namespaces in name order, home first.
    public static func snapshot(_ snapshot: MeshSnapshot, appLabel: String = "app", proxyStatus: NamespaceHealthInput.ProxyStatusLookup? = nil) -> HealthInventory {
        let view = KubeView.snapshot(snapshot)
        return HealthInventory(
            clusters: snapshot.clusters.map { c in
                Cluster(
                    name: c.name,
                    namespaces: c.namespaces.map { ns in
                        NamespaceHealthInput.build(
                            view, c, namespace: ns.metadata.name, namespaceLabels: ns.metadata.labels, appLabel: appLabel, proxyStatus: proxyStatus)
                    })
            })
    }
}
