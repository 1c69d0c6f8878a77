/// The `idleNode` namespace appender (`graph.md` §9.2): adds the services and workloads of the namespace that the
/// telemetry did not show, in every cluster where the namespace exists and is visible. Not run for node graphs.
///
/// - Services, when `graphType=service` or service nodes are injected.
/// - Workloads, when `graphType` is not `service`; their app and version come from the configured labels, `unknown`
///   when absent.
///
/// Added nodes have no traffic (`httpIn` and `httpOut` 0) and `isIdle`.
///
/// [FIX] Idle workloads are added per cluster on their own; upstream adds them inside its loop over the service
/// lists, so without service injection (no service list) it adds none.
enum IdleNode {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        guard ctx.options.kind == .namespace else { return }
        let ns = ctx.namespace
        let graphType = ctx.options.graphType
        let addServices = graphType == .service || ctx.options.injectServiceNodes
        let addWorkloads = graphType != .service
        guard addServices || addWorkloads else { return }
        var idle: [String: Node] = [:]
        /// Records one idle node unless telemetry or an earlier cluster already produced its id. A service node has
        /// an empty workload, app and version; a workload node an empty service.
        func addIdle(cluster: String, service: String, workload: String, app: String, version: String) {
            guard
                let (id, type) = NodeID.make(
                    cluster: cluster,
                    serviceNamespace: service.isEmpty ? "" : ns,
                    service: service,
                    workloadNamespace: workload.isEmpty ? "" : ns,
                    workload: workload,
                    app: app,
                    version: version,
                    graphType: graphType
                ),
                map.nodes[id] == nil, idle[id] == nil
            else { return }
            var node = Node(
                id: id,
                type: type,
                cluster: cluster,
                namespace: ns,
                workload: workload,
                app: app,
                version: version,
                service: service,
                graphType: graphType
            )
            node.isIdle = true
            idle[id] = node
        }
        for cluster in ctx.kube.clusters(withNamespace: ns) {
            if addServices {
                for s in ctx.kube.serviceIndex(cluster: cluster, namespace: ns).list {
                    addIdle(cluster: cluster, service: s.name, workload: "", app: "", version: "")
                }
            }
            if addWorkloads {
                for w in ctx.kube.workloadIndex(cluster: cluster, namespace: ns).list {
                    addIdle(
                        cluster: cluster,
                        service: "",
                        workload: w.name,
                        app: w.labels[ctx.settings.appLabel] ?? Value.unknown,
                        version: w.labels[ctx.settings.versionLabel] ?? Value.unknown
                    )
                }
            }
        }
        for (id, node) in idle { map.nodes[id] = node }
    }
}
