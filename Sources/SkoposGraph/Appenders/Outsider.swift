/// The `outsider` finalizer (always runs, `graph.md` §9.3 F2): marks nodes outside the requested namespaces and nodes
/// the viewer may not see.
enum Outsider {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        for id in Array(map.nodes.keys) {
            var n = map.nodes[id]!
            if n.nodeType == .unknown {
                n.isInaccessible = true
            } else if n.nodeType == .service && n.namespace == Value.unknown || n.isEgressCluster {
                n.isInaccessible = true
            } else {
                if n.namespace != Value.unknown && !ctx.requested.contains(n.namespace) { n.isOutside = true }
                if !ctx.isAccessible(cluster: n.cluster, namespace: n.namespace) { n.isInaccessible = true }
            }
            map.nodes[id] = n
        }
    }
}

/// The `trafficGenerator` finalizer (always runs, F7): `isRoot` on nodes with outgoing edges that nothing sends to.
enum TrafficGenerator {
    static func apply(_ map: inout TrafficMap) {
        let destinations = map.destinations
        for id in Array(map.nodes.keys) where !map.nodes[id]!.edges.isEmpty && !destinations.contains(id) {
            map.nodes[id]!.isRoot = true
        }
    }
}
