import KubeTypes
public import SkoposModel

/// Kiali's JSON for the Istio configuration, validation-summary and TLS routes (`backend.md` §1.6, §2.4, §2.7, §2.8),
/// written with ``GoJSONWriter``: keys in the order of the spec's examples, map keys sorted bytewise as Go sorts them,
/// GVK objects with capitalised keys, Kubernetes objects with sorted keys and without `metadata.managedFields`.
///
/// Empty lists are written `[]`, not `null`, except for the types of a config list that were not asked for (their
/// key is present with `null`, §2.7): the UI reads every other list without a null check.
public enum IstioConfigJSON {
    // MARK: - Lists and details

    /// `{"resources":{<all 22 map keys>: [objects] or null},"validations":{…}}`.
    /// - Parameters:
    ///   - list: the list.
    ///   - validations: the `validations` value written elsewhere (Istio validations, later); `{}` when `nil`.
    public static func list(_ list: IstioConfigList, validations: [UInt8]? = nil) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024 + 1024 * list.count)
        w.beginObject()
        w.key("resources")
        w.beginObject()
        for entry in list.entries.sorted(by: { $0.type < $1.type }) {
            w.key(entry.type.mapKey)
            guard let objects = entry.objects else {
                w.null()
                continue
            }
            w.beginArray()
            for o in objects { object(o.raw, to: &w) }
            w.endArray()
        }
        w.endObject()
        w.key("validations")
        fragment(validations, default: "{}", to: &w)
        w.endObject()
        return w.bytes
    }

    /// `{"cluster","gvk","help","namespace","permissions","references","resource","validation"}`.
    /// - Parameters:
    ///   - details: the details.
    ///   - validation: the object's validation written elsewhere (later); `null` when `nil`.
    ///   - help: the help texts written elsewhere; `null` when `nil`.
    public static func details(_ details: IstioConfigDetails, validation: [UInt8]? = nil, help: [UInt8]? = nil) -> [UInt8] {
        var w = GoJSONWriter(capacity: 4096)
        w.beginObject()
        w.member("cluster", details.cluster)
        w.key("gvk")
        InventoryJSON.write(details.type.gvk, to: &w)
        w.key("help")
        fragment(help, default: "null", to: &w)
        w.key("namespace")
        NamespaceListing.write(details.namespace, to: &w)
        w.key("permissions")
        write(details.permissions, to: &w)
        w.key("references")
        write(details.references, to: &w)
        w.key("resource")
        object(details.resource.raw, to: &w)
        w.key("validation")
        fragment(validation, default: "null", to: &w)
        w.endObject()
        return w.bytes
    }

    // MARK: - Validation summaries

    /// `[{"errors","objectCount","warnings","namespace","cluster"}, …]` (`/api/istio/validations`).
    public static func summaries(_ summaries: [ValidationSummary]) -> [UInt8] {
        var w = GoJSONWriter(capacity: 128 + 96 * summaries.count)
        w.beginArray()
        for s in summaries { write(s, to: &w) }
        w.endArray()
        return w.bytes
    }

    /// `{"errors","objectCount","warnings","namespace","cluster"}` (`/api/namespaces/{ns}/validations`).
    public static func summary(_ summary: ValidationSummary) -> [UInt8] {
        var w = GoJSONWriter(capacity: 128)
        write(summary, to: &w)
        return w.bytes
    }

    /// One summary.
    public static func write(_ s: ValidationSummary, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("errors")
        w.int(Int64(s.errors))
        w.key("objectCount")
        w.int(Int64(s.objectCount))
        w.key("warnings")
        w.int(Int64(s.warnings))
        w.member("namespace", s.namespace)
        w.member("cluster", s.cluster)
        w.endObject()
    }

    // MARK: - TLS

    /// `{"status","autoMTLSEnabled","minTLS","namespace","cluster"}` (`/api/namespaces/{ns}/tls`).
    public static func tls(_ t: NamespaceTLS) -> [UInt8] {
        var w = GoJSONWriter(capacity: 160)
        write(t, to: &w)
        return w.bytes
    }

    /// `[{"status","autoMTLSEnabled","minTLS","namespace","cluster"}, …]` (`/api/clusters/tls`).
    public static func tls(_ list: [NamespaceTLS]) -> [UInt8] {
        var w = GoJSONWriter(capacity: 128 + 128 * list.count)
        w.beginArray()
        for t in list { write(t, to: &w) }
        w.endArray()
        return w.bytes
    }

    /// `{"status","autoMTLSEnabled","minTLS"}` (`/api/mesh/tls`).
    public static func tls(_ m: MeshTLS) -> [UInt8] {
        var w = GoJSONWriter(capacity: 128)
        w.beginObject()
        w.member("status", m.status.rawValue)
        w.key("autoMTLSEnabled")
        w.bool(m.autoMTLSEnabled)
        w.member("minTLS", m.minTLS)
        w.endObject()
        return w.bytes
    }

    /// One namespace's TLS object.
    public static func write(_ t: NamespaceTLS, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("status", t.status.rawValue)
        w.key("autoMTLSEnabled")
        w.bool(t.autoMTLSEnabled)
        w.member("minTLS", t.minTLS)
        w.member("namespace", t.namespace)
        w.member("cluster", t.cluster)
        w.endObject()
    }

    // MARK: - Parts

    /// `{"objectReferences":[…],"serviceReferences":[…],"workloadReferences":[…]}`.
    public static func write(_ r: IstioConfigReferences, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("objectReferences")
        w.beginArray()
        for o in r.objectReferences { InventoryJSON.write(o, to: &w) }
        w.endArray()
        w.key("serviceReferences")
        w.beginArray()
        for s in r.serviceReferences { named(s.name, s.namespace, s.cluster, to: &w) }
        w.endArray()
        w.key("workloadReferences")
        w.beginArray()
        for s in r.workloadReferences { named(s.name, s.namespace, s.cluster, to: &w) }
        w.endArray()
        w.endObject()
    }

    /// `{"create":…,"update":…,"delete":…}`.
    public static func write(_ p: ResourcePermissions, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("create")
        w.bool(p.create)
        w.key("update")
        w.bool(p.update)
        w.key("delete")
        w.bool(p.delete)
        w.endObject()
    }

    /// A Kubernetes object with sorted keys, without `metadata.managedFields`; any other value as it is.
    public static func object(_ value: JSONValue, to w: inout GoJSONWriter) {
        guard case .object(let o) = value else {
            w.value(value)
            return
        }
        w.beginObject()
        for key in InventoryJSON.sortedKeys(o) {
            w.key(key)
            if key == "metadata", case .object(let meta) = o[key]!, meta["managedFields"] != nil {
                w.beginObject()
                for k in InventoryJSON.sortedKeys(meta) where k != "managedFields" {
                    w.key(k)
                    w.value(meta[k]!)
                }
                w.endObject()
            } else {
                w.value(o[key]!)
            }
        }
        w.endObject()
    }

    private static func named(_ name: String, _ namespace: String, _ cluster: String, to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("name", name)
        w.member("namespace", namespace)
        w.member("cluster", cluster)
        w.endObject()
    }

    private static func fragment(_ bytes: [UInt8]?, default text: String, to w: inout GoJSONWriter) {
        if let bytes, !bytes.isEmpty {
            w.raw(String(decoding: bytes, as: UTF8.self))
        } else {
            w.raw(text)
        }
    }
}
