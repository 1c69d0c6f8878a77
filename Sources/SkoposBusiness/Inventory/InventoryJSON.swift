import SkoposGraph
public import SkoposModel

/// Kiali's JSON for the inventory lists (`backend.md` §2.5), written with ``GoJSONWriter``: keys in Kiali's field order,
/// map keys sorted bytewise as Go sorts them, and Go's `null` where Kiali's value is a never-allocated map or slice
/// (§1.6): the `labels`, `annotations` and `selector` copied from an object that has none, `istioReferences` when not
/// looked up (`istioResources=false`), `waypointWorkloads` when there are none, `additionalDetailSample`.
/// `omitempty` fields (`istioInjectionAnnotation`, `templateAnnotations`, `templateLabels`) are left out when empty.
public enum InventoryJSON {
    /// `{"applications":[…],"cluster":…}`.
    public static func apps(_ list: AppList, health: InventoryHealth = .none) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 512 * list.applications.count)
        w.beginObject()
        w.key("applications")
        w.beginArray()
        for app in list.applications { write(app, health: health, to: &w) }
        w.endArray()
        w.member("cluster", list.cluster)
        w.endObject()
        return w.bytes
    }

    /// `{"cluster":…,"workloads":[…],"validations":{…}}`.
    /// - Parameter validations: the `validations` value written elsewhere (Istio validations); `{}` when `nil`.
    public static func workloads(_ list: WorkloadList, health: InventoryHealth = .none, validations: [UInt8]? = nil) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 1024 * list.workloads.count)
        w.beginObject()
        w.member("cluster", list.cluster)
        w.key("workloads")
        w.beginArray()
        for item in list.workloads { write(item, health: health, to: &w) }
        w.endArray()
        w.key("validations")
        fragment(validations, default: "{}", to: &w)
        w.endObject()
        return w.bytes
    }

    /// `{"cluster":…,"services":[…],"validations":{…}}`.
    /// - Parameter validations: the `validations` value written elsewhere; `{}` when `nil`.
    public static func services(_ list: ServiceList, health: InventoryHealth = .none, validations: [UInt8]? = nil) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 768 * list.services.count)
        w.beginObject()
        w.member("cluster", list.cluster)
        w.key("services")
        w.beginArray()
        for item in list.services { write(item, health: health, to: &w) }
        w.endArray()
        w.key("validations")
        fragment(validations, default: "{}", to: &w)
        w.endObject()
        return w.bytes
    }

    // MARK: - Items

    /// An app list item: `name, namespace, cluster, istioSidecar, isAmbient, isGateway, labels, istioReferences,
    /// health`.
    public static func write(_ a: AppListItem, health: InventoryHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", a.name)
        w.member("namespace", a.namespace)
        w.member("cluster", a.cluster)
        bool("istioSidecar", a.istioSidecar, to: &w)
        bool("isAmbient", a.isAmbient, to: &w)
        bool("isGateway", a.isGateway, to: &w)
        w.key("labels")
        stringMap(a.labels, to: &w)
        w.key("istioReferences")
        references(a.istioReferences, to: &w)
        w.key("health")
        writeHealth(.app, namespace: a.namespace, name: a.name, health: health, to: &w)
        w.endObject()
    }

    /// A `WorkloadListItem`: its fields, `health`, `waypointWorkloads`, `ValidationKey`, `ValidationVersion`.
    public static func write(_ item: WorkloadListItem, health: InventoryHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        writeFields(item, to: &w)
        w.key("health")
        writeHealth(.workload, namespace: item.namespace, name: item.name, health: health, to: &w)
        w.key("waypointWorkloads")
        workloadReferences(item.waypointWorkloads, to: &w)
        writeValidationKeys(to: &w)
        w.endObject()
    }

    /// The members of a `WorkloadListItem` before `health`, shared by the list and the details.
    static func writeFields(_ item: WorkloadListItem, to w: inout GoJSONWriter) {
        w.member("name", item.name)
        w.member("namespace", item.namespace)
        w.member("cluster", item.cluster)
        w.key("gvk")
        write(item.gvk, to: &w)
        w.member("createdAt", item.createdAt)
        w.member("resourceVersion", item.resourceVersion)
        if let inject = item.istioInjectionAnnotation { bool("istioInjectionAnnotation", inject, to: &w) }
        bool("istioSidecar", item.istioSidecar, to: &w)
        bool("isAmbient", item.isAmbient, to: &w)
        bool("isGateway", item.isGateway, to: &w)
        bool("isWaypoint", item.isWaypoint, to: &w)
        bool("isZtunnel", item.isZtunnel, to: &w)
        w.key("additionalDetailSample")
        w.null()
        w.key("labels")
        stringMap(item.labels, to: &w)
        bool("appLabel", item.appLabel, to: &w)
        bool("versionLabel", item.versionLabel, to: &w)
        w.key("podCount")
        w.int(Int64(item.podCount))
        w.key("annotations")
        stringMap(item.annotations, nullWhenEmpty: true, to: &w)
        w.key("healthAnnotations")
        stringMap(item.healthAnnotations, to: &w)
        w.key("istioReferences")
        references(item.istioReferences, to: &w)
        w.key("dashboardAnnotations")
        stringMap(item.dashboardAnnotations, to: &w)
        w.key("serviceAccountNames")
        strings(item.serviceAccountNames, to: &w)
        if !item.templateAnnotations.isEmpty {
            w.key("templateAnnotations")
            stringMap(item.templateAnnotations, to: &w)
        }
        if !item.templateLabels.isEmpty {
            w.key("templateLabels")
            stringMap(item.templateLabels, to: &w)
        }
    }

    /// Kiali's untagged `ValidationKey` and `ValidationVersion` (§1.6), empty: the read model has no validation cache.
    static func writeValidationKeys(to w: inout GoJSONWriter) {
        w.member("ValidationKey", "")
        w.member("ValidationVersion", "")
    }

    /// A `ServiceOverview`: `name, namespace, istioSidecar, cluster, isAmbient, appLabel, additionalDetailSample,
    /// annotations, healthAnnotations, ports, labels, selector, istioReferences, kialiWizard, serviceRegistry, health`.
    public static func write(_ s: ServiceOverview, health: InventoryHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", s.name)
        w.member("namespace", s.namespace)
        bool("istioSidecar", s.istioSidecar, to: &w)
        w.member("cluster", s.cluster)
        bool("isAmbient", s.isAmbient, to: &w)
        bool("appLabel", s.appLabel, to: &w)
        w.key("additionalDetailSample")
        w.null()
        w.key("annotations")
        stringMap(s.annotations, nullWhenEmpty: true, to: &w)
        w.key("healthAnnotations")
        stringMap(s.healthAnnotations, to: &w)
        w.key("ports")
        w.beginObject()
        for name in sortedKeys(s.ports) {
            w.key(name)
            w.int(Int64(s.ports[name]!))
        }
        w.endObject()
        w.key("labels")
        stringMap(s.labels, nullWhenEmpty: true, to: &w)
        w.key("selector")
        stringMap(s.selector, nullWhenEmpty: true, to: &w)
        w.key("istioReferences")
        references(s.istioReferences, to: &w)
        w.member("kialiWizard", s.kialiWizard)
        w.member("serviceRegistry", s.serviceRegistry.rawValue)
        w.key("health")
        writeHealth(.service, namespace: s.namespace, name: s.name, health: health, to: &w)
        w.endObject()
    }

    // MARK: - Values

    /// `{"Group":…,"Version":…,"Kind":…}`.
    public static func write(_ gvk: GroupVersionKind, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("Group", gvk.group)
        w.member("Version", gvk.version)
        w.member("Kind", gvk.kind)
        w.endObject()
    }

    /// `{"objectGVK":…,"name":…,"namespace":…,"cluster":…}`.
    public static func write(_ r: IstioReference, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("objectGVK")
        write(r.objectGVK, to: &w)
        w.member("name", r.name)
        w.member("namespace", r.namespace)
        w.member("cluster", r.cluster)
        w.endObject()
    }

    /// References, or `null` when not looked up.
    static func references(_ refs: [IstioReference]?, to w: inout GoJSONWriter) {
        guard let refs else {
            w.null()
            return
        }
        w.beginArray()
        for r in refs { write(r, to: &w) }
        w.endArray()
    }

    /// Workload references, `null` when there are none.
    static func workloadReferences(_ refs: [WorkloadReference], to w: inout GoJSONWriter) {
        guard !refs.isEmpty else {
            w.null()
            return
        }
        w.beginArray()
        for r in refs {
            w.beginObject()
            w.member("name", r.name)
            w.member("namespace", r.namespace)
            w.member("cluster", r.cluster)
            w.endObject()
        }
        w.endArray()
    }

    /// An item's health: the value ``InventoryHealth`` has for it, else the empty health of its kind.
    static func writeHealth(_ kind: HealthEntityKind, namespace: String, name: String, health: InventoryHealth, to w: inout GoJSONWriter) {
        switch health.lookup(kind, namespace, name) {
        case .app(let h)?: HealthJSON.write(h, to: &w)
        case .workload(let h)?: HealthJSON.write(h, to: &w)
        case .service(let h)?: HealthJSON.write(h, to: &w)
        case .json(let bytes)?: w.raw(String(decoding: bytes, as: UTF8.self))
        case nil:
            switch kind {
            case .app: HealthJSON.write(AppHealth(requests: RequestHealth(), status: nil, workloadStatuses: []), to: &w)
            case .workload: HealthJSON.write(WorkloadHealth(requests: RequestHealth(), status: nil, workloadStatus: nil), to: &w)
            case .service: HealthJSON.write(ServiceHealth(requests: RequestHealth(), status: nil), to: &w)
            }
        }
    }

    /// A value written elsewhere, or a default value's JSON text.
    static func fragment(_ bytes: [UInt8]?, default text: String, to w: inout GoJSONWriter) {
        if let bytes, !bytes.isEmpty {
            w.raw(String(decoding: bytes, as: UTF8.self))
        } else {
            w.raw(text)
        }
    }

    static func bool(_ key: String, _ value: Bool, to w: inout GoJSONWriter) {
        w.key(key)
        w.bool(value)
    }

    /// A string map with keys sorted bytewise; `null` instead of `{}` when asked.
    static func stringMap(_ map: [String: String], nullWhenEmpty: Bool = false, to w: inout GoJSONWriter) {
        if map.isEmpty && nullWhenEmpty {
            w.null()
            return
        }
        w.beginObject()
        for k in sortedKeys(map) { w.member(k, map[k]!) }
        w.endObject()
    }

    static func strings(_ list: [String], to w: inout GoJSONWriter) {
        w.beginArray()
        for s in list { w.string(s) }
        w.endArray()
    }

    /// Map keys in Go's order (bytewise).
    static func sortedKeys<V>(_ map: [String: V]) -> [String] {
        map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
