import SkoposModel

/// Writes the mesh page graph as Kiali's JSON (`graph.md` §12): `{"elements": {"nodes", "edges"}, "meshNames",
/// "timestamp"}`, node members in Kiali's order, empty and false members left out except `id`, `cluster`,
/// `infraName`, `infraType`, `namespace`, `nodeType` and `healthData`.
public enum MeshGraphWriter {
    /// The graph as Go's indented JSON, with its `timestamp` (Unix seconds).
    public static func encode(_ graph: MeshGraph, timestamp: Int64) -> [UInt8] {
        var w = GoJSONWriter(capacity: 1024 + graph.nodes.count * 1024)
        w.beginObject()
        w.key("elements")
        w.beginObject()
        w.key("nodes")
        w.beginArray()
        for n in graph.nodes { write(n, to: &w) }
        w.endArray()
        w.key("edges")
        w.beginArray()
        for e in graph.edges {
            w.beginObject()
            w.key("data")
            w.beginObject()
            w.member("id", e.id)
            w.member("source", e.source)
            w.member("target", e.target)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.key("meshNames")
        if graph.meshNames.isEmpty {
            w.null()
        } else {
            w.beginArray()
            for name in graph.meshNames { w.string(name) }
            w.endArray()
        }
        w.key("timestamp")
        w.int(timestamp)
        w.endObject()
        return w.bytes
    }

    static func write(_ n: MeshNode, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("data")
        w.beginObject()
        w.member("id", n.id)
        if !n.parent.isEmpty { w.member("parent", n.parent) }
        w.member("cluster", n.cluster)
        w.member("infraName", n.infraName)
        w.member("infraType", n.infraType.rawValue)
        w.member("namespace", n.namespace)
        w.member("nodeType", n.nodeType)
        w.key("healthData")
        if let health = n.healthData { w.string(health) } else { w.null() }
        switch n.infraData {
        case .none: break
        case .cluster(let c):
            w.key("infraData")
            c.write(to: &w)
        case .controlPlane(let cp):
            w.key("infraData")
            cp.write(to: &w)
        case .namespaces(let namespaces):
            w.key("infraData")
            MeshNamespace.write(namespaces, to: &w)
        case .workload(let workload):
            w.key("infraData")
            workload.write(to: &w)
        case .json(let value):
            w.key("infraData")
            w.value(value)
        }
        func flag(_ key: String, _ value: Bool) {
            guard value else { return }
            w.key(key)
            w.bool(true)
        }
        flag("isAmbient", n.isAmbient)
        if !n.isBox.isEmpty { w.member("isBox", n.isBox) }
        flag("isExternal", n.isExternal)
        flag("isInaccessible", n.isInaccessible)
        flag("isMTLS", n.isMTLS)
        if !n.version.isEmpty { w.member("version", n.version) }
        w.endObject()
        w.endObject()
    }
}
