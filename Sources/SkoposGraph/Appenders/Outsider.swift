/// The `outsider` finalizer (always runs, `graph.md` §9.3 F2): marks nodes outside the requested namespaces and nodes
/// the viewer may not see.
enum Outsider {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        // Decided on the node's fields, then set in place (no copy of the node).
        var inaccessible: [String] = []
        var outside: [String] = []
        var accessible: [ClusterNamespace: Bool] = [:]
        for (id, n) in map.nodes {
            if n.nodeType == .unknown || (n.nodeType == .service && n.namespace == Value.unknown) || n.isEgressCluster {
                inaccessible.append(id)
                continue
            }
            if n.namespace != Value.unknown && !ctx.requested.contains(n.namespace) { outside.append(id) }
            let key = ClusterNamespace(cluster: n.cluster, namespace: n.namespace)
            let ok = accessible[key] ?? {
                let v = ctx.isAccessible(cluster: n.cluster, namespace: n.namespace)
                accessible[key] = v
                return v
            }()
            if !ok { inaccessible.append(id) }
        }
        for id in inaccessible { map.nodes[id]!.isInaccessible = true }
        for id in outside { map.nodes[id]!.isOutside = true }
    }
}
