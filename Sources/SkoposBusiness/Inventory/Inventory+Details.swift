import KubeClient
import KubeTypes
import SkoposModel

extension Inventory {
    /// `GET /api/namespaces/{ns}/apps/{app}`.
    /// - Throws: ``InventoryError`` `.forbidden` for a namespace the viewer may not see, `.notFound` when no workload
    ///   of the namespace carries the app.
    public func app(namespace: String, name: String, options: InventoryOptions = InventoryOptions()) throws(InventoryError) -> AppDetails {
        let ns = try requireNamespace(namespace)
        guard let app = apps(namespace: namespace, index: nil).first(where: { $0.name == name }) else {
            throw InventoryError(.notFound, "App [\(name)] not found in namespace [\(namespace)] of cluster [\(cluster.name)]")
        }
        return AppDetails(
            namespace: NamespaceListing.info(ns, in: cluster), name: name, cluster: cluster.name, isAmbient: app.isAmbient,
            workloads: app.workloads.map(AppWorkload.init), serviceNames: app.serviceNames)
    }

    /// `GET /api/namespaces/{ns}/workloads/{workload}`; `options.gvk` picks the kind when several workloads share the
    /// name (else the first of Deployment, ReplicaSet, StatefulSet, DaemonSet, Pod).
    /// - Throws: ``InventoryError`` `.forbidden` for a namespace the viewer may not see, `.notFound` for no such
    ///   workload.
    public func workload(namespace: String, name: String, options: InventoryOptions = InventoryOptions()) throws(InventoryError) -> WorkloadDetails {
        _ = try requireNamespace(namespace)
        let index = istioIndex(options.istioResources)
        let candidates = resolveWorkloads(namespace: namespace, index: index).filter { $0.item.name == name }
        guard let w = candidates.first(where: { c in options.gvk.map { Self.sameKind($0, c.item.gvk) } ?? true }) else {
            let kind = options.gvk.map { " of kind \($0.kind)" } ?? ""
            throw InventoryError(.notFound, "Workload [\(name)]\(kind) not found in namespace [\(namespace)] of cluster [\(cluster.name)]")
        }
        let replicas = Self.replicas(of: w.workload)
        let services = cluster.list(.services, namespace: namespace).filter { Self.selects($0.spec.selector, w.item.labels) }
        return WorkloadDetails(
            workload: w.item, desiredReplicas: replicas.desired, currentReplicas: replicas.current, availableReplicas: replicas.available,
            pods: w.pods.map(podInfo), services: services.map { overview($0, readPods: true, index: index) })
    }

    /// `GET /api/namespaces/{ns}/services/{service}`: the Istio objects are always looked up (the route has no
    /// `istioResources`).
    /// - Throws: ``InventoryError`` `.forbidden` for a namespace the viewer may not see, `.notFound` for no such Service.
    public func service(namespace: String, name: String, options: InventoryOptions = InventoryOptions()) throws(InventoryError) -> ServiceDetails {
        let ns = try requireNamespace(namespace)
        guard let s = cluster.get(.services, namespace: namespace, name: name) else {
            throw InventoryError(.notFound, "Service [\(name)] not found in namespace [\(namespace)] of cluster [\(cluster.name)]")
        }
        var d = ServiceDetails(service: definition(s))
        if let endpoints = cluster.get(.endpoints, namespace: namespace, name: name) {
            d.endpoints = endpoints.subsets.map { subset in
                ServiceEndpoint(
                    addresses: subset.addresses.map {
                        ServiceEndpoint.Address(kind: $0.targetRef?.kind ?? "", name: $0.targetRef?.name ?? "", ip: $0.ip)
                    },
                    ports: subset.ports.map {
                        ServiceDefinition.Port(name: $0.name ?? "", protocol: $0.protocol, appProtocol: $0.appProtocol, port: $0.port)
                    })
            }
        }
        let pods = cluster.pods(of: s)
        d.istioSidecar = !pods.isEmpty && pods.allSatisfy(Self.hasSidecar)
        d.isAmbient = !pods.isEmpty && pods.allSatisfy(Self.isAmbient)
        let index = IstioIndex(cluster, namespaces: visibleNamespaces)
        for e in index.objects(naming: IstioIndex.serviceFQDN(name: name, namespace: namespace)) {
            let object = Self.withoutManagedFields(e.object.raw)
            switch (e.reference.objectGVK.group, e.reference.objectGVK.kind) {
            case ("networking.istio.io", "VirtualService"): d.virtualServices.append(object)
            case ("networking.istio.io", "DestinationRule"): d.destinationRules.append(object)
            case ("networking.istio.io", "ServiceEntry"): d.serviceEntries.append(object)
            case ("gateway.networking.k8s.io", "HTTPRoute"): d.k8sHTTPRoutes.append(object)
            case ("gateway.networking.k8s.io", "GRPCRoute"): d.k8sGRPCRoutes.append(object)
            default: break
            }
        }
        for e in index.referenceGrants[namespace] ?? [] where Self.grants(e.object, service: name) {
            d.k8sReferenceGrants.append(Self.withoutManagedFields(e.object.raw))
        }
        let namespaceLabels = ns.metadata.labels
        let namespaceServices = cluster.list(.services, namespace: namespace)
        d.workloads = cluster.workloads(of: s).filter { !settings.excludedWorkloads.contains($0.kind) }
            .map { resolve($0, namespaceLabels: namespaceLabels, services: namespaceServices, index: index).item }
            .sorted { ($0.name, Self.kindRank($0.gvk.kind)) < ($1.name, Self.kindRank($1.gvk.kind)) }
        if d.isAmbient || namespaceLabels["istio.io/dataplane-mode"] == "ambient" {
            d.waypointWorkloads = waypoints(own: s.metadata.labels, services: [], namespace: namespace, namespaceLabels: namespaceLabels)
        }
        return d
    }

    // MARK: - Parts

    /// A Service's `service` object.
    func definition(_ s: Service) -> ServiceDefinition {
        var d = ServiceDefinition(name: s.metadata.name, namespace: s.metadata.namespace ?? "", cluster: cluster.name)
        d.createdAt = RFC3339.utc(s.metadata.creationTimestamp)
        d.resourceVersion = s.metadata.resourceVersion ?? ""
        d.type = s.spec.type
        d.ip = s.spec.clusterIP ?? ""
        d.ips = s.spec.clusterIPs
        d.ipFamilies = s.spec.ipFamilies
        d.externalName = s.spec.externalName ?? ""
        d.labels = s.metadata.labels
        d.annotations = s.metadata.annotations
        d.healthAnnotations = Self.healthAnnotations(s.metadata.annotations)
        d.selectors = s.spec.selector
        d.ports = s.spec.ports.map { ServiceDefinition.Port(name: $0.name ?? "", protocol: $0.protocol, appProtocol: $0.appProtocol, port: $0.port) }
        return d
    }

    /// A pod as the workload details show it.
    func podInfo(_ pod: Pod) -> PodInfo {
        let ready = Dictionary(pod.status.containerStatuses.map { ($0.name, $0.ready) }, uniquingKeysWith: { a, _ in a })
        func container(_ c: Container) -> PodInfo.Container {
            PodInfo.Container(name: c.name, image: c.image ?? "", isProxy: c.name == "istio-proxy", isReady: ready[c.name] ?? false)
        }
        let istioInit: Set<String> = ["istio-init", "istio-validation", "istio-proxy"]
        return PodInfo(
            name: pod.metadata.name, labels: pod.metadata.labels, createdAt: RFC3339.utc(pod.metadata.creationTimestamp),
            createdBy: pod.metadata.ownerReferences.map { PodInfo.Owner(name: $0.name, kind: $0.kind) },
            containers: pod.spec.containers.filter { $0.name != "istio-proxy" }.map(container),
            istioContainers: (pod.spec.containers + pod.spec.initContainers).filter { $0.name == "istio-proxy" }.map(container),
            istioInitContainers: pod.spec.initContainers.filter { istioInit.contains($0.name) && $0.name != "istio-proxy" }.map(container),
            status: pod.status.phase ?? "", statusMessage: pod.status.message ?? "", statusReason: pod.status.reason ?? "",
            appLabel: settings.app(pod.metadata.labels) != nil, versionLabel: settings.version(pod.metadata.labels) != nil,
            annotations: pod.metadata.annotations, serviceAccountName: pod.spec.serviceAccountName ?? "")
    }

    /// A workload's replica counters: the spec's replicas and the status' counters; a bare pod is one desired and
    /// current replica, available when ready.
    static func replicas(of w: Workload) -> (desired: Int, current: Int, available: Int) {
        switch w {
        case .deployment(let d): (d.spec.replicas, d.status.replicas, d.status.availableReplicas)
        case .replicaSet(let r): (r.spec.replicas, r.status.replicas, r.status.availableReplicas)
        case .statefulSet(let s): (s.spec.replicas, s.status.replicas, s.status.availableReplicas)
        case .daemonSet(let d): (d.status.desiredNumberScheduled, d.status.currentNumberScheduled, d.status.numberAvailable)
        case .pod(let p): (1, 1, p.status.condition("Ready") == "True" ? 1 : 0)
        }
    }

    /// Whether a ReferenceGrant lets other namespaces refer to a Service: a `spec.to` entry of the core group and kind
    /// `Service`, for every Service (no name) or this one.
    static func grants(_ grant: UnstructuredObject, service: String) -> Bool {
        (grant.spec?["to"]?.arrayValue ?? []).contains { to in
            (to["group"]?.stringValue ?? "").isEmpty && to["kind"]?.stringValue == "Service"
                && (to["name"]?.stringValue).map { $0.isEmpty || $0 == service } ?? true
        }
    }

    /// An object as the API shows it: without `metadata.managedFields`.
    static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard case .object(var o) = object, case .object(var meta)? = o["metadata"], meta["managedFields"] != nil else { return object }
        meta["managedFields"] = nil
        o["metadata"] = .object(meta)
        return .object(o)
    }
}
