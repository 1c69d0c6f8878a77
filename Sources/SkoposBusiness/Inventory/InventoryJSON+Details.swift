import SkoposModel

/// Kiali's JSON for the app, workload and service details (`backend.md` §2.6). What the read model does not hold is
/// written as Kiali's empty value: `runtimes` and `additionalDetails` `[]`, `waypointServices` and `workloadEntries`
/// `null`, a pod's `proxyStatus` `null`, `k8sInferencePools` and `subServices` `[]`; `validations`, `namespaceMTLS`
/// and `istioPermissions` come from the caller.
extension InventoryJSON {
    /// `{namespace, name, cluster, isAmbient, workloads, serviceNames, runtimes, health}`; `namespace` is the namespace
    /// object of `/api/namespaces`.
    public static func app(_ d: AppDetails, health: InventoryHealth = .none) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024 + 512 * d.workloads.count)
        w.beginObject()
        w.key("namespace")
        NamespaceListing.write(d.namespace, to: &w)
        w.member("name", d.name)
        w.member("cluster", d.cluster)
        bool("isAmbient", d.isAmbient, to: &w)
        w.key("workloads")
        w.beginArray()
        for a in d.workloads { write(a, to: &w) }
        w.endArray()
        w.key("serviceNames")
        strings(d.serviceNames, to: &w)
        w.key("runtimes")
        w.raw("[]")
        w.key("health")
        writeHealth(.app, namespace: d.namespace.name, name: d.name, health: health, to: &w)
        w.endObject()
        return w.bytes
    }

    /// The `WorkloadListItem` fields, then `desiredReplicas, currentReplicas, availableReplicas, pods, services,
    /// runtimes, additionalDetails, validations, waypointServices, waypointWorkloads, workloadEntries, health`.
    /// - Parameter validations: the `validations` value written elsewhere; `{}` when `nil`.
    public static func workload(_ d: WorkloadDetails, health: InventoryHealth = .none, validations: [UInt8]? = nil) -> [UInt8] {
        var w = GoJSONWriter(capacity: 4096)
        w.beginObject()
        writeFields(d.workload, to: &w)
        writeValidationKeys(to: &w)
        for (key, value) in [
            ("desiredReplicas", d.desiredReplicas), ("currentReplicas", d.currentReplicas), ("availableReplicas", d.availableReplicas),
        ] {
            w.key(key)
            w.int(Int64(value))
        }
        w.key("pods")
        w.beginArray()
        for p in d.pods { write(p, to: &w) }
        w.endArray()
        w.key("services")
        w.beginArray()
        for s in d.services { write(s, health: .none, to: &w) }
        w.endArray()
        w.key("runtimes")
        w.raw("[]")
        w.key("additionalDetails")
        w.raw("[]")
        w.key("validations")
        fragment(validations, default: "{}", to: &w)
        w.key("waypointServices")
        w.null()
        w.key("waypointWorkloads")
        workloadReferences(d.workload.waypointWorkloads, to: &w)
        w.key("workloadEntries")
        w.null()
        w.key("health")
        writeHealth(.workload, namespace: d.workload.namespace, name: d.workload.name, health: health, to: &w)
        w.endObject()
        return w.bytes
    }

    /// `{service, endpoints, istioPermissions, isAmbient, istioSidecar, virtualServices, destinationRules, serviceEntries,
    /// k8sHTTPRoutes, k8sGRPCRoutes, k8sInferencePools, k8sReferenceGrants, workloads, health, namespaceMTLS,
    /// subServices, validations, waypointWorkloads}`.
    /// - Parameters:
    ///   - validations: the `validations` value written elsewhere; `{}` when `nil`.
    ///   - namespaceMTLS: the namespace's TLS status (`/api/namespaces/{ns}/tls`'s object) written elsewhere;
    ///     `{"status":"","autoMTLSEnabled":false,"minTLS":""}` when `nil`.
    ///   - permissions: what the viewer may do with Istio objects of the namespace.
    public static func service(
        _ d: ServiceDetails, health: InventoryHealth = .none, validations: [UInt8]? = nil, namespaceMTLS: [UInt8]? = nil,
        permissions: ResourcePermissions = ResourcePermissions()
    ) -> [UInt8] {
        var w = GoJSONWriter(capacity: 4096)
        w.beginObject()
        w.key("service")
        write(d.service, to: &w)
        w.key("endpoints")
        w.beginArray()
        for e in d.endpoints { write(e, to: &w) }
        w.endArray()
        w.key("istioPermissions")
        w.beginObject()
        bool("create", permissions.create, to: &w)
        bool("update", permissions.update, to: &w)
        bool("delete", permissions.delete, to: &w)
        w.endObject()
        bool("isAmbient", d.isAmbient, to: &w)
        bool("istioSidecar", d.istioSidecar, to: &w)
        for (key, objects) in [
            ("virtualServices", d.virtualServices), ("destinationRules", d.destinationRules), ("serviceEntries", d.serviceEntries),
            ("k8sHTTPRoutes", d.k8sHTTPRoutes), ("k8sGRPCRoutes", d.k8sGRPCRoutes), ("k8sInferencePools", []),
            ("k8sReferenceGrants", d.k8sReferenceGrants),
        ] {
            w.key(key)
            w.value(.array(objects))
        }
        w.key("workloads")
        w.beginArray()
        for item in d.workloads { write(item, health: .none, to: &w) }
        w.endArray()
        w.key("health")
        writeHealth(.service, namespace: d.service.namespace, name: d.service.name, health: health, to: &w)
        w.key("namespaceMTLS")
        fragment(namespaceMTLS, default: #"{"status":"","autoMTLSEnabled":false,"minTLS":""}"#, to: &w)
        w.key("subServices")
        w.raw("[]")
        w.key("validations")
        fragment(validations, default: "{}", to: &w)
        w.key("waypointWorkloads")
        workloadReferences(d.waypointWorkloads, to: &w)
        w.endObject()
        return w.bytes
    }

    // MARK: - Parts

    /// `{workloadName, gvk, istioSidecar, isAmbient, labels, namespace, serviceAccountNames, waypointWorkloads}`.
    static func write(_ a: AppWorkload, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("workloadName", a.workloadName)
        w.key("gvk")
        write(a.gvk, to: &w)
        bool("istioSidecar", a.istioSidecar, to: &w)
        bool("isAmbient", a.isAmbient, to: &w)
        w.key("labels")
        stringMap(a.labels, to: &w)
        w.member("namespace", a.namespace)
        w.key("serviceAccountNames")
        strings(a.serviceAccountNames, to: &w)
        w.key("waypointWorkloads")
        workloadReferences(a.waypointWorkloads, to: &w)
        w.endObject()
    }

    /// A pod: `{name, labels, createdAt, createdBy, containers, istioContainers, istioInitContainers, status,
    /// statusMessage, statusReason, appLabel, versionLabel, annotations, proxyStatus, serviceAccountName}`.
    static func write(_ p: PodInfo, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", p.name)
        w.key("labels")
        stringMap(p.labels, nullWhenEmpty: true, to: &w)
        w.member("createdAt", p.createdAt)
        w.key("createdBy")
        w.beginArray()
        for o in p.createdBy {
            w.beginObject()
            w.member("name", o.name)
            w.member("kind", o.kind)
            w.endObject()
        }
        w.endArray()
        for (key, list) in [("containers", p.containers), ("istioContainers", p.istioContainers), ("istioInitContainers", p.istioInitContainers)] {
            w.key(key)
            w.beginArray()
            for c in list {
                w.beginObject()
                w.member("name", c.name)
                w.member("image", c.image)
                bool("isProxy", c.isProxy, to: &w)
                bool("isReady", c.isReady, to: &w)
                w.endObject()
            }
            w.endArray()
        }
        w.member("status", p.status)
        w.member("statusMessage", p.statusMessage)
        w.member("statusReason", p.statusReason)
        bool("appLabel", p.appLabel, to: &w)
        bool("versionLabel", p.versionLabel, to: &w)
        w.key("annotations")
        stringMap(p.annotations, nullWhenEmpty: true, to: &w)
        w.key("proxyStatus")
        w.null()
        w.member("serviceAccountName", p.serviceAccountName)
        w.endObject()
    }

    /// The `service` object, keys in Kiali's (alphabetical) order.
    static func write(_ s: ServiceDefinition, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("additionalDetails")
        w.raw("[]")
        w.key("annotations")
        stringMap(s.annotations, nullWhenEmpty: true, to: &w)
        w.member("cluster", s.cluster)
        w.member("createdAt", s.createdAt)
        w.member("externalName", s.externalName)
        w.key("healthAnnotations")
        stringMap(s.healthAnnotations, to: &w)
        w.member("ip", s.ip)
        if !s.ips.isEmpty {
            w.key("ips")
            strings(s.ips, to: &w)
        }
        if !s.ipFamilies.isEmpty {
            w.key("ipFamilies")
            strings(s.ipFamilies, to: &w)
        }
        w.key("labels")
        stringMap(s.labels, nullWhenEmpty: true, to: &w)
        w.member("name", s.name)
        w.member("namespace", s.namespace)
        w.key("ports")
        w.beginArray()
        for p in s.ports { write(p, to: &w) }
        w.endArray()
        w.member("resourceVersion", s.resourceVersion)
        w.key("selectors")
        stringMap(s.selectors, nullWhenEmpty: true, to: &w)
        w.member("type", s.type)
        w.endObject()
    }

    /// `{name, protocol, appProtocol?, port}`.
    static func write(_ p: ServiceDefinition.Port, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", p.name)
        w.member("protocol", p.protocol)
        if let ap = p.appProtocol { w.member("appProtocol", ap) }
        w.key("port")
        w.int(Int64(p.port))
        w.endObject()
    }

    /// `{addresses: [{kind, name, ip}], ports: [...]}`.
    static func write(_ e: ServiceEndpoint, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("addresses")
        w.beginArray()
        for a in e.addresses {
            w.beginObject()
            w.member("kind", a.kind)
            w.member("name", a.name)
            w.member("ip", a.ip)
            w.endObject()
        }
        w.endArray()
        w.key("ports")
        w.beginArray()
        for p in e.ports { write(p, to: &w) }
        w.endArray()
        w.endObject()
    }
}
