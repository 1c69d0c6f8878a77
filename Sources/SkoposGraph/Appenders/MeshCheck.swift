/// The `meshCheck` namespace appender (alias `sidecarsCheck`, `graph.md` §9.2): flags workload and app nodes whose
/// workloads are outside the mesh (`isOutOfMesh`) or in the ambient data plane (`isAmbient`).
///
/// Skipped: nodes already out of mesh, nodes the viewer cannot see, control-plane namespaces, dead nodes. A workload
/// node reads its workload; an app node all the app's workloads (of its version, when it has one). A node is in the
/// mesh through a sidecar, the ambient data plane, a gateway or as a waypoint; with several workloads each must
/// qualify. [COMPAT] When no workload is found the flags keep their initial `true`: the node is marked ambient and
/// never out of mesh.
enum MeshCheck {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        for id in Array(map.nodes.keys) {
            let n = map.nodes[id]!
            guard !n.isOutOfMesh, !n.isDead, n.nodeType == .workload || n.nodeType == .app else { continue }
            guard ctx.isAccessible(cluster: n.cluster, namespace: n.namespace), !ctx.settings.controlPlaneNamespaces.contains(n.namespace) else {
                continue
            }
            let workloads: [WorkloadFacts]
            if n.nodeType == .workload {
                workloads = ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload).map { [$0] } ?? []
            } else if Value.ok(n.workload) {
                workloads =
                    ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload).map { [$0] }
                    ?? ctx.kube.appWorkloads(cluster: n.cluster, namespace: n.namespace, app: n.app, version: n.version, settings: ctx.settings)
            } else {
                workloads = ctx.kube.appWorkloads(cluster: n.cluster, namespace: n.namespace, app: n.app, version: n.version, settings: ctx.settings)
            }
            var sidecar = true, ambient = true, gateway = true, waypoint = n.isWaypoint
            if !workloads.isEmpty {
                sidecar = workloads.allSatisfy(\.hasSidecar)
                ambient = workloads.allSatisfy(\.isAmbient)
                gateway = workloads.allSatisfy(\.isGateway)
                waypoint = waypoint || workloads.allSatisfy(\.isWaypoint)
            }
            if ambient || waypoint { map.nodes[id]!.isAmbient = true }
            if !sidecar && !ambient && !gateway && !waypoint { map.nodes[id]!.isOutOfMesh = true }
        }
    }
}
