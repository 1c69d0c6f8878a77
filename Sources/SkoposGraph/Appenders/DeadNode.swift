/// The `deadNode` namespace appender (`graph.md` §9.2): removes nodes that no longer exist and flags workloads without
/// pods.
///
/// A node with any incoming or outgoing rate above zero, and any aggregate node, is kept. A service node without
/// traffic is removed unless it has outgoing edges, is a ServiceEntry or an egress cluster. Any other node without
/// traffic that names a workload (always for the `unknown` node) is looked up: removed when its workload does not
/// exist, `isDead` when the workload has no pods. A node in a namespace the viewer cannot see (or in a cluster that
/// cannot be read) cannot be checked and is kept. Removing nodes can orphan others, so the pass repeats until nothing
/// changes, at most once per node.
///
/// [FIX] The workload is looked up in the node's own cluster and namespace; upstream uses the appender's namespace.
enum DeadNode {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        var tries = map.nodes.count
        while tries > 0, removeDeadNodes(&map, ctx) > 0 { tries -= 1 }
    }

    /// One pass; the number of nodes removed.
    private static func removeDeadNodes(_ map: inout TrafficMap, _ ctx: AppenderContext) -> Int {
        var doomed = Set<String>()
        for id in map.nodes.keys.sorted() {
            let n = map.nodes[id]!
            if n.rates.hasTraffic { continue }
            switch n.nodeType {
            case .aggregate, .box:
                continue
            case .service:
                if !n.edges.isEmpty || n.isServiceEntry != nil || n.isEgressCluster { continue }
                doomed.insert(id)
            case .workload, .app, .unknown:
                // Nodes without a workload (versionless app nodes) cannot have lost it; `unknown` is not spared.
                if n.nodeType != .unknown {
                    guard Value.ok(n.workload), ctx.isAccessible(cluster: n.cluster, namespace: n.namespace) else { continue }
                }
                if let workload = ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload) {
                    if workload.podCount == 0 { map.nodes[id]!.isDead = true }
                } else {
                    doomed.insert(id)
                }
            }
        }
        map.remove(doomed)
        return doomed.count
    }
}
