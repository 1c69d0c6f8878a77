/// The `labeler` finalizer (F6, `graph.md` §9.3): copies Kubernetes labels onto accessible nodes that are not outside
/// the requested namespaces, without the configured app and version label keys.
///
/// - Workload nodes and versioned app nodes with a workload: the workload's pod-template labels.
/// - App nodes: the app's labels, merged over the app's workloads (a key whose workloads disagree gets their distinct
///   values, sorted and joined with `,`). Versioned app nodes without a workload use the workloads of their version.
/// - Service nodes: the service's labels.
///
/// Every look-up is in the node's own cluster and namespace (upstream looks apps up by namespace across clusters).
enum Labeler {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) {
        let appLabel = ctx.settings.appLabel
        let versionLabel = ctx.settings.versionLabel
        for id in Array(map.nodes.keys) {
            let n = map.nodes[id]!
            guard !n.isOutside, !n.isInaccessible else { continue }
            var labels: [String: String]
            switch n.nodeType {
            case .workload:
                labels = ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload)?.labels ?? [:]
            case .app:
                if Value.ok(n.workload) {
                    labels = ctx.kube.workload(cluster: n.cluster, namespace: n.namespace, name: n.workload)?.labels ?? [:]
                } else {
                    let workloads = ctx.kube.appWorkloads(
                        cluster: n.cluster,
                        namespace: n.namespace,
                        app: n.app,
                        version: n.version,
                        settings: ctx.settings
                    )
                    labels = merged(workloads.map(\.labels))
                }
            case .service:
                labels = ctx.kube.service(cluster: n.cluster, namespace: n.namespace, name: n.service)?.labels ?? [:]
            case .unknown, .aggregate, .box:
                continue
            }
            labels[appLabel] = nil
            labels[versionLabel] = nil
            if !labels.isEmpty { map.nodes[id]!.labels = labels }
        }
    }

    /// The labels of several workloads as one app's: each key once, with the distinct values sorted and joined by `,`.
    static func merged(_ all: [[String: String]]) -> [String: String] {
        guard all.count > 1 else { return all.first ?? [:] }
        var values: [String: Set<String>] = [:]
        for labels in all { for (k, v) in labels { values[k, default: []].insert(v) } }
        return values.mapValues { $0.sorted().joined(separator: ",") }
    }
}
