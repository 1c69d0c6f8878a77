/// The `throughput` namespace appender (`graph.md` §9.2): edge `throughput` in bytes per second on HTTP edges, from
/// the request or response size histograms' sums.
enum Throughput {
    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let o = ctx.options
        guard map.count > 0, o.rates.http == .requests else { return }
        let answers = try await ctx.appenderVectors(queries(ctx.namespace, duration: ctx.duration, options: o))
        // Summed per edge over both queries.
        var throughput: [SampleEdge: Double] = [:]
        for samples in answers {
            for s in samples {
                guard let sample = AppenderSample(s.labels, graphType: o.graphType, checked: true), !s.value.isNaN,
                    let inject = sample.injectsService(o.injectServiceNodes)
                else { continue }
                // With a service node, only the service → destination hop gets the value, as for response times.
                guard let edge = SampleEdge(inject ? sample.serviceID : sample.sourceID, sample.destID) else { continue }
                throughput[edge, default: 0] += s.value
            }
        }
        for (edge, value) in throughput {
            guard let i = map.nodes[edge.source]?.existingEdge(to: edge.dest, protocol: .http) else { continue }
            map.nodes[edge.source]!.updateEdge(i) { $0.throughput = value }
        }
    }

    /// Kiali's two queries: traffic into the namespace from other namespaces, and traffic out of the namespace's
    /// workloads. Request sizes are source-reported, response sizes destination-reported. There is no space before
    /// `[`.
    static func queries(_ ns: String, duration d: Int, options o: GraphOptions) -> [String] {
        let a = o.rates.ambient
        let metric = "istio_\(o.throughputType.rawValue)_bytes_sum"
        let reporter = o.throughputType == .request ? TrafficQueries.repSource(a) : TrafficQueries.repDest(a)
        let gb = TrafficQueries.groupByMessages
        return [
            #"sum(rate(\#(metric){\#(reporter),source_workload_namespace!="\#(ns)",destination_service_namespace="\#(ns)"}[\#(d)s])) by (\#(gb)) > 0"#,
            #"sum(rate(\#(metric){\#(reporter),source_workload_namespace="\#(ns)"}[\#(d)s])) by (\#(gb)) > 0"#,
        ]
    }
}
