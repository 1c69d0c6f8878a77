/// Kiali's internal node IDs (`graph.Id`, `graph.md` §4.2). The JSON `id` is the SHA-256 of this text, so the rules
/// are reproduced exactly.
public enum NodeID {
    /// The internal ID and node type of a node, or `nil` when none of workload, app and service is known (Kiali skips
    /// such a sample with a warning).
    public static func make(
        cluster: String, serviceNamespace svcNs: String, service svc: String, workloadNamespace wlNs: String, workload wl: String,
        app: String, version ver: String, graphType: GraphType
    ) -> (id: String, type: NodeType)? {
        let ns = Value.ok(wlNs) ? wlNs : svcNs
        if ns == Value.unknown, wl == Value.unknown, app == Value.unknown, svc.isEmpty {
            return ("\(cluster)_unknown_source", .unknown)
        }
        if wl == Value.unknown, app == Value.unknown, svc == Value.unknown {
            return ("svc_\(cluster)_\(ns)_unknown", .service)
        }
        let wlOK = Value.ok(wl), appOK = Value.ok(app), svcOK = Value.ok(svc)
        guard wlOK || appOK || svcOK else { return nil }
        switch graphType {
        case .workload, .service:
            if !wlOK { return svcOK ? ("svc_\(cluster)_\(ns)_\(svc)", .service) : ("svc_\(cluster)_\(ns)_unknown", .service) }
            return ("wl_\(cluster)_\(ns)_\(wl)", .workload)
        case .app, .versionedApp:
            if appOK {
                if graphType == .versionedApp {
                    if wlOK { return ("vapp_\(cluster)_\(ns)_\(wl)", .app) }
                    if Value.okVersion(ver) { return ("vapp_\(cluster)_\(ns)_\(app)_\(ver)", .app) }
                }
                return ("app_\(cluster)_\(ns)_\(app)", .app)
            }
            if wlOK { return ("wl_\(cluster)_\(ns)_\(wl)", .workload) }
            return ("svc_\(cluster)_\(ns)_\(svc)", .service)
        }
    }

    /// An aggregate node's ID (`AggregateID`).
    public static func aggregate(cluster: String, namespace: String, aggregate: String, value: String, service: String) -> String {
        service.isEmpty ? "agg_\(cluster)_\(namespace)_\(aggregate)_\(value)" : "agg_\(cluster)_\(namespace)_\(aggregate)_\(value)_\(service)"
    }
}
