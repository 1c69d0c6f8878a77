public import SkoposModel

extension ControlPlane {
    /// Writes the control plane as one entry of `/api/mesh/controlplanes` (`backend.md` §2.8); the same object is the
    /// istiod node's `infraData` on the mesh page. `tag` and `version` are left out when unknown.
    public func write(to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("cluster")
        cluster.write(to: &w)
        w.key("config")
        config.write(to: &w)
        w.key("externalControlPlane")
        w.bool(externalControlPlane)
        w.member("id", id)
        w.member("istiodName", istiodName)
        w.member("istiodNamespace", istiodNamespace)
        w.key("managedClusters")
        if managedClusters.isEmpty {
            w.null()
        } else {
            w.beginArray()
            for c in managedClusters { c.write(to: &w) }
            w.endArray()
        }
        w.key("managesExternal")
        w.bool(managesExternal)
        w.key("managedNamespaces")
        MeshNamespace.write(managedNamespaces, to: &w)
        w.key("monitoringPort")
        w.int(Int64(monitoringPort))
        w.key("resources")
        w.value(resources)
        w.member("revision", revision)
        w.member("rootNamespace", rootNamespace)
        w.member("status", status)
        if let tag {
            w.key("tag")
            w.beginObject()
            w.member("cluster", tag.cluster)
            w.member("name", tag.name)
            w.member("revision", tag.revision)
            w.endObject()
        }
        w.key("thresholds")
        w.beginObject()
        w.key("memory")
        w.int(Int64(thresholds.memory))
        w.key("cpu")
        w.value(.double(thresholds.cpu))
        w.endObject()
        if let version {
            w.key("version")
            w.beginObject()
            w.member("name", "Istio")
            w.member("version", version)
            w.endObject()
        }
        w.endObject()
    }

    /// `/api/mesh/controlplanes`: the list as Go's indented JSON (`[]` when empty).
    public static func json(_ controlPlanes: [ControlPlane]) -> [UInt8] {
        var w = GoJSONWriter()
        w.beginArray()
        for cp in controlPlanes { cp.write(to: &w) }
        w.endArray()
        return w.bytes
    }
}

extension ControlPlane.Config {
    func write(to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("certificates")
        if certificates.isEmpty {
            w.null()
        } else {
            w.beginArray()
            for c in certificates {
                w.beginObject()
                w.key("dnsNames")
                if c.dnsNames.isEmpty {
                    w.null()
                } else {
                    w.beginArray()
                    for n in c.dnsNames { w.string(n) }
                    w.endArray()
                }
                w.member("configMapName", c.configMapName)
                w.member("issuer", c.issuer)
                w.member("notBefore", c.notBefore)
                w.member("notAfter", c.notAfter)
                w.member("error", c.error)
                w.key("accessible")
                w.bool(c.accessible)
                w.member("cluster", c.cluster)
                w.endObject()
            }
            w.endArray()
        }
        w.key("effectiveConfig")
        w.beginObject()
        w.key("configMap")
        w.beginObject()
        w.key("mesh")
        w.value(effectiveMesh)
        w.endObject()
        w.endObject()
        w.member("network", network)
        if let shared {
            w.key("sharedConfig")
            shared.write(to: &w)
        }
        w.key("standardConfig")
        if let standard { standard.write(to: &w) } else { w.null() }
        w.endObject()
    }
}

extension ControlPlane.ConfigMapMesh {
    func write(to w: inout GoJSONWriter) {
        w.beginObject()
        w.member("cluster", cluster)
        w.key("configMap")
        w.beginObject()
        w.key("mesh")
        w.value(mesh)
        w.endObject()
        w.member("name", name)
        w.member("namespace", namespace)
        w.endObject()
    }
}

extension MeshNamespace {
    /// A list of namespaces, `null` when empty (a nil Go slice).
    static func write(_ namespaces: [MeshNamespace], to w: inout GoJSONWriter) {
        if namespaces.isEmpty {
            w.null()
            return
        }
        w.beginArray()
        for ns in namespaces { ns.write(to: &w) }
        w.endArray()
    }
}
