import KubeClient
import KubeTypes
import SkoposModel

extension IstioConfig {
    /// `GET /api/namespaces/{ns}/istio/{group}/{version}/{kind}/{object}`, with the type given as the path's parts.
    /// - Throws: ``IstioConfigError`` `.badRequest` `Object type not managed: <gvk>` for a type that is not one of the
    ///   22, `.forbidden` for a namespace the viewer may not see, `.notFound` for no such object.
    public func details(
        namespace: String,
        group: String,
        version: String,
        kind: String,
        name: String,
        permissions: ResourcePermissions = ResourcePermissions()
    ) throws(IstioConfigError) -> IstioConfigDetails {
        let type = try IstioConfigType.named(group: group, version: version, kind: kind)
        return try details(namespace: namespace, type: type, name: name, permissions: permissions)
    }

    /// The details of one object.
    /// - Parameters:
    ///   - namespace: the object's namespace.
    ///   - type: its type.
    ///   - name: its name.
    ///   - permissions: what the viewer may do with objects of the type in the namespace (the read model knows nothing
    ///     of RBAC).
    /// - Throws: ``IstioConfigError`` `.forbidden` for a namespace the viewer may not see, `.notFound` for no such
    ///   object (always for the types the console does not cache).
    public func details(
        namespace: String,
        type: IstioConfigType,
        name: String,
        permissions: ResourcePermissions = ResourcePermissions()
    ) throws(IstioConfigError) -> IstioConfigDetails {
        let ns = try requireNamespace(namespace)
        guard let kind = type.cached, let object = cluster.get(kind, namespace: namespace, name: name) else {
            throw IstioConfigError(.notFound, "\(type.gvk.kind) [\(name)] not found in namespace [\(namespace)] of cluster [\(cluster.name)]")
        }
        return IstioConfigDetails(
            cluster: cluster.name,
            type: type,
            namespace: NamespaceListing.info(ns, in: cluster),
            permissions: permissions,
            references: references(of: object, type: type),
            resource: object
        )
    }

    // MARK: - References

    /// What an object concerns, best effort from the read model, within the visible namespaces:
    /// - VirtualService: the Services its hosts and route destinations name; the Istio Gateways it binds to
    ///   (`spec.gateways` and `http[].match[].gateways`, `mesh` excepted); DestinationRules and ServiceEntries naming
    ///   one of its hosts.
    /// - DestinationRule: the Service of its host; VirtualServices and ServiceEntries naming the host.
    /// - ServiceEntry: VirtualServices and DestinationRules naming one of its hosts.
    /// - Istio Gateway: the workloads its selector picks (any namespace); the VirtualServices bound to it.
    /// - Sidecar, EnvoyFilter, AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Telemetry, WasmPlugin:
    ///   the workloads of their namespace a non-empty selector picks.
    /// - Gateway API Gateway: the workloads labelled `gateway.networking.k8s.io/gateway-name=<name>` in its namespace;
    ///   the HTTPRoutes and GRPCRoutes attached to it.
    /// - HTTPRoute, GRPCRoute: the Gateways among their `parentRefs`; the Services among their `backendRefs`.
    /// - Others: none.
    ///
    /// Hosts resolve as Istio resolves them (short names relative to the object's namespace, domain `cluster.local`);
    /// a Service reference needs the Service to exist.
    func references(of object: UnstructuredObject, type: IstioConfigType) -> IstioConfigReferences {
        let namespace = object.metadata.namespace ?? ""
        let name = object.metadata.name
        var objects = Set<IstioReference>()
        var services = Set<ServiceReference>()
        var workloads = Set<WorkloadReference>()

        switch type {
        case .virtualService:
            let hosts = Self.virtualServiceHosts(object)
            services.formUnion(hosts.compactMap(service(ofHost:)))
            for gateway in Self.virtualServiceGateways(object) {
                if let o = visible(.gateways, namespace: gateway.namespace, name: gateway.name) { objects.insert(reference(o, .gateway)) }
            }
            for dr in visibleList(.destinationRules) where hosts.contains(Self.destinationRuleHost(dr) ?? "") {
                objects.insert(reference(dr, .destinationRule))
            }
            for se in visibleList(.serviceEntries) where !hosts.isDisjoint(with: Self.serviceEntryHosts(se)) {
                objects.insert(reference(se, .serviceEntry))
            }
        case .destinationRule:
            if let host = Self.destinationRuleHost(object) {
                if let s = service(ofHost: host) { services.insert(s) }
                for vs in visibleList(.virtualServices) where Self.virtualServiceHosts(vs).contains(host) {
                    objects.insert(reference(vs, .virtualService))
                }
                for se in visibleList(.serviceEntries) where Self.serviceEntryHosts(se).contains(host) {
                    objects.insert(reference(se, .serviceEntry))
                }
            }
        case .serviceEntry:
            let hosts = Self.serviceEntryHosts(object)
            for vs in visibleList(.virtualServices) where !hosts.isDisjoint(with: Self.virtualServiceHosts(vs)) {
                objects.insert(reference(vs, .virtualService))
            }
            for dr in visibleList(.destinationRules) where hosts.contains(Self.destinationRuleHost(dr) ?? "") {
                objects.insert(reference(dr, .destinationRule))
            }
        case .gateway:
            for vs in visibleList(.virtualServices)
            where Self.virtualServiceGateways(vs).contains(where: { $0.namespace == namespace && $0.name == name }) {
                objects.insert(reference(vs, .virtualService))
            }
            let selector = type.selectorField.labels(of: object) ?? [:]
            if !selector.isEmpty {
                for ns in visibleNamespaces.sorted() { workloads.formUnion(self.workloads(in: ns, selector: selector)) }
            }
        case .k8sGateway:
            workloads.formUnion(self.workloads(in: namespace, selector: ["gateway.networking.k8s.io/gateway-name": name]))
            for kind: Kind<UnstructuredObject> in [.k8sHTTPRoutes, .k8sGRPCRoutes] {
                let routeType = kind == .k8sHTTPRoutes ? IstioConfigType.k8sHTTPRoute : .k8sGRPCRoute
                for route in visibleList(kind) where Self.routeParents(route).contains(where: { $0.namespace == namespace && $0.name == name }) {
                    objects.insert(reference(route, routeType))
                }
            }
        case .k8sHTTPRoute, .k8sGRPCRoute:
            for parent in Self.routeParents(object) {
                if let g = visible(.k8sGateways, namespace: parent.namespace, name: parent.name) { objects.insert(reference(g, .k8sGateway)) }
            }
            for backend in Self.routeBackends(object) where visibleNamespaces.contains(backend.namespace) {
                if cluster.get(.services, namespace: backend.namespace, name: backend.name) != nil {
                    services.insert(ServiceReference(name: backend.name, namespace: backend.namespace, cluster: cluster.name))
                }
            }
        default:
            if let selector = type.selectorField.labels(of: object), !selector.isEmpty {
                workloads.formUnion(self.workloads(in: namespace, selector: selector))
            }
        }
        return IstioConfigReferences(objectReferences: objects.sorted(), serviceReferences: services.sorted(), workloadReferences: workloads.sorted())
    }

    /// An object of a visible namespace.
    private func visible(_ kind: Kind<UnstructuredObject>, namespace: String, name: String) -> UnstructuredObject? {
        guard visibleNamespaces.contains(namespace) else { return nil }
        return cluster.get(kind, namespace: namespace, name: name)
    }

    /// The objects of a kind in the visible namespaces.
    private func visibleList(_ kind: Kind<UnstructuredObject>) -> [UnstructuredObject] {
        cluster.list(kind).filter { visibleNamespaces.contains($0.metadata.namespace ?? "") }
    }

    private func reference(_ o: UnstructuredObject, _ type: IstioConfigType) -> IstioReference {
        IstioReference(objectGVK: type.gvk, name: o.metadata.name, namespace: o.metadata.namespace ?? "", cluster: cluster.name)
    }

    /// The Service a host FQDN names, if it exists in a visible namespace.
    private func service(ofHost fqdn: String) -> ServiceReference? {
        guard let s = MeshHost.service(fqdn), visibleNamespaces.contains(s.namespace),
            cluster.get(.services, namespace: s.namespace, name: s.name) != nil
        else { return nil }
        return ServiceReference(name: s.name, namespace: s.namespace, cluster: cluster.name)
    }

    /// The workloads of a namespace whose pods carry every label of a selector.
    private func workloads(in namespace: String, selector: [String: String]) -> [WorkloadReference] {
        guard visibleNamespaces.contains(namespace) else { return [] }
        return cluster.list(.pods, namespace: namespace).filter { pod in selector.allSatisfy { pod.metadata.labels[$0.key] == $0.value } }.map {
            pod in
            let w = cluster.workload(of: pod)
            return WorkloadReference(name: w.name, namespace: w.namespace, cluster: cluster.name)
        }
    }

    // MARK: - Reading objects

    /// A VirtualService's hosts and route destination hosts, as FQDNs.
    static func virtualServiceHosts(_ vs: UnstructuredObject) -> Set<String> {
        let namespace = vs.metadata.namespace ?? ""
        let spec = vs.spec
        var hosts = (spec?["hosts"]?.arrayValue ?? []).compactMap(\.stringValue)
        for section in ["http", "tcp", "tls"] {
            for route in spec?[section]?.arrayValue ?? [] {
                for destination in route["route"]?.arrayValue ?? [] {
                    if let host = destination[path: ["destination", "host"]]?.stringValue { hosts.append(host) }
                }
            }
        }
        return Set(hosts.map { MeshHost.fqdn($0, namespace: namespace) })
    }

    /// The Istio Gateways a VirtualService binds to: `spec.gateways` and `http[].match[].gateways`, `mesh` excepted;
    /// `name` is in the VirtualService's namespace, `namespace/name` elsewhere.
    static func virtualServiceGateways(_ vs: UnstructuredObject) -> [(namespace: String, name: String)] {
        let namespace = vs.metadata.namespace ?? ""
        var names = (vs.spec?["gateways"]?.arrayValue ?? []).compactMap(\.stringValue)
        for route in vs.spec?["http"]?.arrayValue ?? [] {
            for match in route["match"]?.arrayValue ?? [] { names += (match["gateways"]?.arrayValue ?? []).compactMap(\.stringValue) }
        }
        return names.filter { $0 != "mesh" && !$0.isEmpty }.map { text in
            guard let slash = text.firstIndex(of: "/") else { return (namespace, text) }
            return (String(text[..<slash]), String(text[text.index(after: slash)...]))
        }
    }

    /// A DestinationRule's host, as an FQDN.
    static func destinationRuleHost(_ dr: UnstructuredObject) -> String? {
        guard let host = dr.spec?["host"]?.stringValue, !host.isEmpty else { return nil }
        return MeshHost.fqdn(host, namespace: dr.metadata.namespace ?? "")
    }

    /// A ServiceEntry's hosts, as FQDNs.
    static func serviceEntryHosts(_ se: UnstructuredObject) -> Set<String> {
        let namespace = se.metadata.namespace ?? ""
        return Set((se.spec?["hosts"]?.arrayValue ?? []).compactMap(\.stringValue).map { MeshHost.fqdn($0, namespace: namespace) })
    }

    /// The Gateway API Gateways among a route's `parentRefs` (group `gateway.networking.k8s.io` and kind `Gateway` by
    /// default; namespace the route's by default).
    static func routeParents(_ route: UnstructuredObject) -> [(namespace: String, name: String)] {
        let namespace = route.metadata.namespace ?? ""
        return (route.spec?["parentRefs"]?.arrayValue ?? []).compactMap { ref in
            let group = ref["group"]?.stringValue ?? "gateway.networking.k8s.io"
            let kind = ref["kind"]?.stringValue ?? "Gateway"
            guard group == "gateway.networking.k8s.io", kind == "Gateway", let name = ref["name"]?.stringValue, !name.isEmpty else { return nil }
            return (nonEmpty(ref["namespace"]?.stringValue) ?? namespace, name)
        }
    }

    /// The core Services among a route's `rules[].backendRefs` (group core and kind `Service` by default).
    static func routeBackends(_ route: UnstructuredObject) -> [(namespace: String, name: String)] {
        let namespace = route.metadata.namespace ?? ""
        var out: [(namespace: String, name: String)] = []
        for rule in route.spec?["rules"]?.arrayValue ?? [] {
            for ref in rule["backendRefs"]?.arrayValue ?? [] {
                let group = ref["group"]?.stringValue ?? ""
                let kind = ref["kind"]?.stringValue ?? "Service"
                guard group.isEmpty || group == "core", kind == "Service", let name = ref["name"]?.stringValue, !name.isEmpty else { continue }
                out.append((nonEmpty(ref["namespace"]?.stringValue) ?? namespace, name))
            }
        }
        return out
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
