/// One sample of a telemetry appender's query, read as Kiali's Prometheus-backed appenders read it: the source and
/// destination identity, from which the appender computes the node IDs (`graph.md` §4.2) of the edge its value
/// belongs to.
///
/// The appenders recompute node IDs from the sample instead of looking nodes up by label, as Kiali does, so the IDs
/// must come out exactly as ``TrafficMapBuilder`` made them: the same ID rules and the same graph type (a service
/// graph is built with workload IDs).
struct AppenderSample {
    var sourceCluster: String
    var sourceNamespace: String
    var sourceWorkload: String
    var sourceApp: String
    var sourceVersion: String
    var destCluster: String
    var destServiceNamespace: String
    /// `destination_service`: the host (empty when the query does not group by it).
    var destService: String
    var destServiceName: String
    var destWorkloadNamespace: String
    var destWorkload: String
    var destApp: String
    var destVersion: String
    /// The graph type of the IDs.
    let graphType: GraphType

    /// Reads a sample's labels.
    ///
    /// Every form needs the source and destination identity labels of `graph.md` §6.1 except
    /// `destination_service`; a missing cluster label becomes `unknown` (Kiali's `HandleClusters`). The `checked`
    /// form (Kiali's `responseTime`, `throughput` and `aggregateNode`) also needs `destination_service` and applies
    /// the §6.2 rules in Kiali's order: bad source telemetry, the egress gateway host, the missing destination
    /// cluster, bad destination telemetry. The unchecked form is `securityPolicy`'s, which does none of them.
    /// - Parameters:
    ///   - labels: The sample's labels.
    ///   - graphType: The request's graph type.
    ///   - checked: Whether to apply the §6.2 checks and fix-ups.
    /// - Returns: `nil` when the sample is skipped: a label is missing or the telemetry is known to be bad.
    init?(_ labels: [String: String], graphType: GraphType, checked: Bool) {
        let l = labels
        guard let srcNs = l["source_workload_namespace"], let srcWl = l["source_workload"], let srcApp = l["source_canonical_service"],
            let srcVer = l["source_canonical_revision"], let dstSvcNs = l["destination_service_namespace"],
            let dstSvcName = l["destination_service_name"], let dstWlNs = l["destination_workload_namespace"], let dstWl = l["destination_workload"],
            let dstApp = l["destination_canonical_service"], let dstVer = l["destination_canonical_revision"]
        else { return nil }
        let dstSvc = l["destination_service"]
        if checked && dstSvc == nil { return nil }
        self.graphType = graphType == .service ? .workload : graphType
        sourceCluster = l["source_cluster"] ?? Value.unknown
        sourceNamespace = srcNs
        sourceWorkload = srcWl
        sourceApp = srcApp
        sourceVersion = srcVer
        destCluster = l["destination_cluster"] ?? Value.unknown
        destServiceNamespace = dstSvcNs
        destService = dstSvc ?? ""
        destServiceName = dstSvcName
        destWorkloadNamespace = dstWlNs
        destWorkload = dstWl
        destApp = dstApp
        destVersion = dstVer
        guard checked else { return }

        // Bad source telemetry.
        if Value.ok(srcNs) {
            if !Value.ok(srcWl) && !Value.ok(srcApp) { return nil }
            if l["source_cluster"] != nil && !Value.ok(sourceCluster) { return nil }
        }
        // The egress gateway's own host (kiali#2999).
        let egress = "istio-egressgateway.istio-system.svc.cluster.local"
        if destService == egress && destServiceName == egress {
            destCluster = sourceCluster
            destServiceNamespace = "istio-system"
            destServiceName = "istio-egressgateway"
            destWorkloadNamespace = "istio-system"
            destWorkload = "istio-egressgateway"
            destApp = "istio-egressgateway"
            destVersion = "latest"
        } else if !Value.ok(destCluster) && Value.ok(sourceCluster) && Value.ok(destServiceNamespace) {
            // A missing destination cluster (istio/istio#29373).
            destCluster = sourceCluster
        }
        // Bad destination telemetry.
        if !Value.ok(destWorkload), Value.ok(destService), Value.ok(destServiceName), destService == destServiceName,
            TrafficMapBuilder.isIPAddress(destServiceName)
        {
            return nil
        }
        if Value.ok(destServiceNamespace) && l["destination_cluster"] != nil && !Value.ok(destCluster) { return nil }
    }

    /// The source node's ID.
    var sourceID: String? {
        NodeID.make(
            cluster: sourceCluster, serviceNamespace: sourceNamespace, service: "", workloadNamespace: sourceNamespace, workload: sourceWorkload,
            app: sourceApp, version: sourceVersion, graphType: graphType)?.id
    }

    /// The destination node's ID and type.
    var destIdentity: (id: String, type: NodeType)? {
        NodeID.make(
            cluster: destCluster, serviceNamespace: destServiceNamespace, service: destServiceName, workloadNamespace: destWorkloadNamespace,
            workload: destWorkload, app: destApp, version: destVersion, graphType: graphType)
    }

    /// The destination node's ID.
    var destID: String? { destIdentity?.id }

    /// The ID of the service node injected in front of the destination.
    var serviceID: String? {
        NodeID.make(
            cluster: destCluster, serviceNamespace: destServiceNamespace, service: destServiceName, workloadNamespace: "", workload: "", app: "",
            version: "", graphType: graphType)?.id
    }

    /// Whether the traffic map has a service node injected between source and destination for this sample: the
    /// request injects service nodes, the service name is known and not `PassthroughCluster`, and the destination is
    /// not a service node itself. `nil` when the destination has no ID (Kiali skips the sample).
    ///
    /// As in Kiali's appenders, waypoints are not considered here: a value keyed for a hop that does not exist in the
    /// map matches no edge.
    func injectsService(_ injectServiceNodes: Bool) -> Bool? {
        guard injectServiceNodes, Value.ok(destServiceName), destServiceName != "PassthroughCluster" else { return false }
        guard let dest = destIdentity else { return nil }
        return dest.type != .service
    }
}

/// The source and destination node IDs of an edge: Kiali's `"<srcID> <dstID>"` key.
struct SampleEdge: Hashable, Sendable {
    var source: String
    var dest: String

    init(source: String, dest: String) {
        self.source = source
        self.dest = dest
    }

    /// An edge when both IDs are known.
    init?(_ source: String?, _ dest: String?) {
        guard let source, let dest else { return nil }
        self.source = source
        self.dest = dest
    }
}
