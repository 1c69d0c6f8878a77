/// The `responseTime` namespace appender (`graph.md` §9.2): edge `responseTime` in milliseconds, a quantile of
/// `istio_request_duration_milliseconds` or its average, for request traffic.
enum ResponseTime {
    static let metric = "istio_request_duration_milliseconds"
    /// `GB_RT`: `GB_MSG` followed by `request_protocol`.
    static let groupBy = TrafficQueries.groupByMessages + ",request_protocol"

    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let o = ctx.options
        guard map.count > 0, o.readsRequests else { return }
        let queries = queries(ctx.namespace, duration: ctx.duration, ambientNamespace: ctx.ambientNamespace, options: o)
        let answers = try await ctx.appenderVectors(queries)
        // The first value wins, in query order: destination-reported values beat source-reported ones.
        var times: [Key: Double] = [:]
        for samples in answers { collect(samples, into: &times, options: o) }
        for (key, value) in times {
            guard let p = TrafficProtocol(rawValue: key.protocol), let i = map.nodes[key.edge.source]?.existingEdge(to: key.edge.dest, protocol: p)
            else { continue }
            map.nodes[key.edge.source]!.updateEdge(i) { $0.responseTime = value }
        }
    }

    /// Kiali's queries, in order: the ambient namespace's source-reported incoming traffic (ambient namespaces only),
    /// incoming destination-reported traffic, outgoing source-reported traffic. There is no space before `[`.
    static func queries(_ ns: String, duration d: Int, ambientNamespace: Bool, options o: GraphOptions) -> [String] {
        let a = o.rates.ambient
        var selectors: [String] = []
        if ambientNamespace { selectors.append(#"reporter="source",source_workload_namespace!="\#(ns)",destination_service_namespace="\#(ns)""#) }
        selectors.append(#"\#(TrafficQueries.repDest(a)),destination_service_namespace="\#(ns)""#)
        selectors.append(#"\#(TrafficQueries.repSource(a)),source_workload_namespace="\#(ns)""#)
        return selectors.map { query($0, duration: d, o.responseTime) }
    }

    /// One query: `histogram_quantile` over the buckets, or for `avg` the sum divided by the count.
    static func query(_ selector: String, duration d: Int, _ q: ResponseTimeQuantile) -> String {
        let quantile: String
        switch q {
        case .avg:
            return "sum(rate(\(metric)_sum{\(selector)}[\(d)s])) by (\(groupBy)) / sum(rate(\(metric)_count{\(selector)}[\(d)s])) by (\(groupBy)) > 0"
        // Kiali formats the quantile with `%.2f`.
        case .p50: quantile = "0.50"
        case .p95: quantile = "0.95"
        case .p99: quantile = "0.99"
        }
        return "histogram_quantile(\(quantile), sum(rate(\(metric)_bucket{\(selector)}[\(d)s])) by (le,\(groupBy))) > 0"
    }

    /// Kiali's `"<srcID> <dstID> <protocol>"`.
    struct Key: Hashable {
        var edge: SampleEdge
        var `protocol`: String
    }

    private static func collect(_ samples: [MetricSample], into times: inout [Key: Double], options o: GraphOptions) {
        for s in samples {
            guard let p = s.labels["request_protocol"], let sample = AppenderSample(s.labels, graphType: o.graphType, checked: true) else { continue }
            if (p == "http" && o.rates.http != .requests) || (p == "grpc" && o.rates.grpc != .requests) { continue }
            guard !s.value.isNaN, let inject = sample.injectsService(o.injectServiceNodes) else { continue }
            // With a service node, only the service → destination hop gets the value: the response times of the
            // service's outgoing edges cannot be combined for its incoming edge (kiali-2297).
            guard let edge = SampleEdge(inject ? sample.serviceID : sample.sourceID, sample.destID) else { continue }
            let key = Key(edge: edge, protocol: p)
            if times[key] == nil { times[key] = s.value }
        }
    }
}
