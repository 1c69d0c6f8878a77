/// The `securityPolicy` namespace appender (`graph.md` §9.2): edge `isMTLS` (percent of mutual-TLS traffic),
/// `sourcePrincipal` and `destPrincipal`, from destination-reported telemetry.
enum SecurityPolicy {
    /// `GB_SP`.
    static let groupBy =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy"
    static let mutualTLS = "mutual_tls"

    static func apply(_ map: inout TrafficMap, _ ctx: AppenderContext) async throws(GraphError) {
        let o = ctx.options
        guard map.count > 0 else { return }
        let answers = try await ctx.appenderVectors(queries(ctx.namespace, duration: ctx.duration, options: o))
        // Kiali's order: the incoming query's samples, then the outgoing query's.
        var policies: [SampleEdge: [String: Double]] = [:]
        var principals: [SampleEdge: (source: String, dest: String)] = [:]
        for samples in answers { collect(samples, &policies, &principals, options: o) }

        for id in Array(map.nodes.keys) {
            let node = map.nodes[id]!
            for (i, edge) in node.edges.enumerated() {
                let key = SampleEdge(source: id, dest: edge.dest)
                var isMTLS: Double?
                if let rates = policies[key] {
                    let mtls = rates[mutualTLS] ?? 0
                    // Summed in a fixed order, so the percentage does not depend on dictionary order.
                    let other = rates.filter { $0.key != mutualTLS }.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
                    if mtls > 0 { isMTLS = mtls / (mtls + other) * 100 }
                } else if node.isWaypoint || map.nodes[edge.dest]?.isWaypoint == true {
                    // Traffic to and from waypoints is always mutual TLS; the queries do not always match these edges.
                    isMTLS = 100
                }
                let principal = principals[key]
                guard isMTLS != nil || principal != nil else { continue }
                map.nodes[id]!.updateEdge(i) { e in
                    if let isMTLS { e.isMTLS = isMTLS }
                    if let principal {
                        e.sourcePrincipal = principal.source
                        e.destPrincipal = principal.dest
                    }
                }
            }
        }
    }

    /// Kiali's two queries, each an `OR` of one sub-query per enabled metric: traffic into the namespace from other
    /// namespaces, and traffic out of the namespace's workloads (plus, when ztunnel traffic is shown, ztunnel's own
    /// source-reported TCP telemetry). The TCP metric names are **not** swapped here. An empty string when no metric
    /// is enabled (then nothing is sent).
    static func queries(_ ns: String, duration d: Int, options o: GraphOptions) -> [String] {
        let a = o.rates.ambient
        let reporter = TrafficQueries.repDest(a)
        let app = TrafficQueries.appFilter(a)
        var metrics: [(name: String, prefix: String)] = []
        if o.readsRequests { metrics.append((TrafficQueries.requests, "")) }
        if o.rates.grpc == .sent || o.rates.grpc == .total { metrics.append(("istio_request_messages_total", "")) }
        if o.rates.grpc == .received || o.rates.grpc == .total { metrics.append(("istio_response_messages_total", "")) }
        var tcp: [String] = []
        if o.rates.tcp == .sent || o.rates.tcp == .total { tcp.append("istio_tcp_sent_bytes_total") }
        if o.rates.tcp == .received || o.rates.tcp == .total { tcp.append("istio_tcp_received_bytes_total") }
        metrics += tcp.map { (name: $0, prefix: app) }

        func sub(_ metric: String, _ selector: String) -> String {
            "sum(rate(\(metric){\(selector)}[\(d)s])) by (\(groupBy)) > 0"
        }
        let incoming = metrics.map { sub($0.name, #"\#($0.prefix)\#(reporter),source_workload_namespace!="\#(ns)",destination_service_namespace="\#(ns)""#) }
        var outgoing = metrics.map { sub($0.name, #"\#($0.prefix)\#(reporter),source_workload_namespace="\#(ns)""#) }
        if a == .total || a == .ztunnel {
            // ztunnel reports ztunnel-to-sidecar traffic as source telemetry.
            outgoing += tcp.map { sub($0, #"app="ztunnel",reporter="source",source_workload_namespace="\#(ns)""#) }
        }
        return [orCombined(incoming), orCombined(outgoing)]
    }

    /// `(q1) OR (q2) OR …`; empty for no sub-query.
    static func orCombined(_ subqueries: [String]) -> String {
        var result = ""
        for q in subqueries { result += result.isEmpty ? "(\(q))" : " OR (\(q))" }
        return result
    }

    /// Records each sample's rate under its edge and `connection_security_policy` (the last value wins) and its
    /// principals (the first ones win). With a service node injected, both hops get them.
    private static func collect(
        _ samples: [MetricSample], _ policies: inout [SampleEdge: [String: Double]], _ principals: inout [SampleEdge: (source: String, dest: String)],
        options o: GraphOptions
    ) {
        for s in samples {
            let l = s.labels
            guard let sample = AppenderSample(l, graphType: o.graphType, checked: false), let sourcePrincipal = l["source_principal"],
                let destPrincipal = l["destination_principal"], !s.value.isNaN, let inject = sample.injectsService(o.injectServiceNodes)
            else { continue }
            // Not set on gRPC message metrics.
            let policy = l["connection_security_policy"] ?? Value.unknown
            let hops = inject ? [SampleEdge(sample.sourceID, sample.serviceID), SampleEdge(sample.serviceID, sample.destID)] : [SampleEdge(sample.sourceID, sample.destID)]
            for case let hop? in hops {
                policies[hop, default: [:]][policy] = s.value
                if principals[hop] == nil { principals[hop] = (sourcePrincipal, destPrincipal) }
            }
        }
    }
}
