import SkoposModel

/// The `workloadEntry` namespace appender (`graph.md` §9.2): adds `hasWorkloadEntry` to the workload and app nodes of
/// the appender's namespace that the viewer may see, one `{name}` per WorkloadEntry of the node's cluster and
/// namespace whose `app` and `version` labels (the configured label names) equal the node's app and version.
///
/// [PERF] Upstream fetches the namespace's WorkloadEntries once per node; here once per cluster and namespace.
enum WorkloadEntryAppender {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        let appLabel = ctx.settings.appLabel
        let versionLabel = ctx.settings.versionLabel
        for id in map.nodes.keys.sorted() {
            let n = map.nodes[id]!
            guard n.namespace == ctx.namespace, n.nodeType == .workload || n.nodeType == .app else { continue }
            guard ctx.isAccessible(cluster: n.cluster, namespace: n.namespace) else { continue }
            var names: [String] = []
            for entry in ctx.kube.config(cluster: n.cluster, kind: .workloadEntries, namespace: n.namespace) {
                let labels = entry[path: ["spec", "labels"]]
                let app = labels?[appLabel]?.stringValue ?? ""
                let version = labels?[versionLabel]?.stringValue ?? ""
                if app == n.app && version == n.version, let name = entry[path: ["metadata", "name"]]?.stringValue { names.append(name) }
            }
            if !names.isEmpty { map.nodes[id]!.hasWorkloadEntry += names }
        }
    }
}
