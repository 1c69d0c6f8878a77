import PromClient
/// The `aggregateNode` namespace appender (`graph.md` §9.2): inserts operation nodes (for example
/// `request_operation=getReviews`) between request sources and their destinations. Not for service graphs; request
/// traffic only.
enum AggregateNode {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let o = ctx.options
        guard map.count > 0, o.graphType != .service, o.readsRequests else { return }
        let aggregate: String
        let queries: [String]
        if let node = o.node, !node.aggregate.isEmpty {
            aggregate = node.aggregate
            queries = [nodeQuery(node, duration: ctx.duration, options: o)]
        } else {
            aggregate = o.aggregate
            queries = self.queries(ctx.namespace, aggregate: aggregate, duration: ctx.duration, options: o)
        }
        let answers = try await ctx.appenderVectors(queries)
        for samples in answers {
            for s in samples { insert(s, aggregate: aggregate, into: &map, options: o) }
        }
    }

    /// Kiali's two queries of a namespace graph, destination-reported: traffic into the namespace from other
    /// namespaces, and traffic out of the namespace's workloads. A negative matcher on an unset label matches every
    /// series, so samples without the aggregate label are dropped in ``insert(_:aggregate:into:options:)``.
    static func queries(_ ns: String, aggregate agg: String, duration d: Int, options o: GraphOptions) -> [String] {
        let reporter = TrafficQueries.repDest(o.rates.ambient)
        let gb = "\(TrafficQueries.groupByRequests),\(agg)"
        return [
            #"sum(rate(istio_requests_total{\#(reporter),source_workload_namespace!="\#(ns)",destination_service_namespace="\#(ns)",\#(agg)!="unknown"}[\#(d)s])) by (\#(gb)) > 0"#,
            #"sum(rate(istio_requests_total{\#(reporter),source_workload_namespace="\#(ns)",\#(agg)!="unknown"}[\#(d)s])) by (\#(gb)) > 0"#,
        ]
    }

    /// The one query of an aggregate node graph: the aggregate's value, optionally for one service.
    static func nodeQuery(_ n: NodeSelection, duration d: Int, options o: GraphOptions) -> String {
        let reporter = TrafficQueries.repDest(o.rates.ambient)
        let svc = n.service.isEmpty ? "" : #",destination_service_name="\#(n.service)""#
        let gb = "\(TrafficQueries.groupByRequests),\(n.aggregate)"
        return #"sum(rate(istio_requests_total{\#(reporter),destination_service_namespace="\#(n.namespace)",\#(n.aggregate)="\#(PromQL.escapedString(n.aggregateValue))"\#(svc)}[\#(d)s])) by (\#(gb)) > 0"#
    }

    /// Routes one sample's traffic through its aggregate node: the source's direct edges to the destination (the
    /// service node when injecting, otherwise the workload or app node) are removed, and the sample is added to the
    /// edges source → aggregate and aggregate → destination. Only the aggregate node and those edges get traffic; the
    /// other nodes' rates already count it.
    private static func insert(_ s: MetricSample, aggregate: String, into map: inout TrafficMap, options o: GraphOptions) {
        let l = s.labels
        guard let value = l[aggregate] else { return }
        guard let sample = AppenderSample(l, graphType: o.graphType, checked: true), let flags = l["response_flags"],
            let protocolName = l["request_protocol"], let p = TrafficProtocol(rawValue: protocolName), p != .tcp
        else { return }
        if (p == .http && o.rates.http != .requests) || (p == .grpc && o.rates.grpc != .requests) { return }
        let responseCode = l["response_code"] ?? ""
        let grpcStatus = l["grpc_response_status"]
        let code: String
        if responseCode == "0" {
            code = "-"
        } else if p != .grpc || TrafficMapBuilder.isHTTPError(responseCode) || grpcStatus == nil {
            code = responseCode
        } else {
            code = grpcStatus!
        }

        guard let sourceID = sample.sourceID, map.nodes[sourceID] != nil else { return }
        // With service nodes, the aggregate belongs to the service (and its app); otherwise it stands on its own.
        let destID = o.injectServiceNodes ? sample.serviceID : sample.destID
        guard let destID, map.nodes[destID] != nil else { return }
        let namespace = o.injectServiceNodes ? sample.destServiceNamespace : sample.destWorkloadNamespace
        let service = o.injectServiceNodes ? sample.destServiceName : ""
        let app = o.injectServiceNodes ? sample.destApp : ""
        let aggregateID = NodeID.aggregate(cluster: sample.destCluster, namespace: namespace, aggregate: aggregate, value: value, service: service)
        if map.nodes[aggregateID] == nil {
            var node = Node(
                id: aggregateID, type: .aggregate, cluster: sample.destCluster, namespace: namespace, workload: "", app: app, version: "", service: service,
                graphType: o.graphType)
            node.aggregate = (aggregate, value)
            map.nodes[aggregateID] = node
        }

        map.nodes[sourceID]!.removeEdges { $0.dest == destID }
        let v = s.value
        let host = sample.destService
        addTraffic(&map, from: sourceID, to: aggregateID, p, v, code: code, flags: flags, host: host, countOn: .dest)
        addTraffic(&map, from: aggregateID, to: destID, p, v, code: code, flags: flags, host: host, countOn: .source)
    }

    private enum End { case source, dest }

    /// Adds a sample to an edge (created when missing) and to one end's node rates (the aggregate's), as Kiali's
    /// `AddToMetadata` does; a value that is not above zero only creates the edge.
    private static func addTraffic(
        _ map: inout TrafficMap, from src: String, to dst: String, _ p: TrafficProtocol, _ v: Double, code: String, flags: String, host: String,
        countOn end: End
    ) {
        let i = map.nodes[src]!.edgeIndex(to: dst, protocol: p)
        guard v > 0 else { return }
        let c = ResponseClass.of(code, protocol: p)
        switch end {
        case .source: map.nodes[src]!.rates.addOut(p, v)
        case .dest: map.nodes[dst]!.rates.addIn(p, v, c)
        }
        map.nodes[src]!.updateEdge(i) { edge in
            edge.rates.add(v, c)
            let key = code.isEmpty ? "-" : code
            var detail = edge.responses[key] ?? ResponseDetail()
            if !flags.isEmpty { detail.flags[flags, default: 0] += v }
            if !host.isEmpty { detail.hosts[host, default: 0] += v }
            edge.responses[key] = detail
        }
    }
}
