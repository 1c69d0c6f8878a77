import PromClient

/// One traffic query: the metric it reads and its PromQL text (before query scope and rounding).
struct TrafficQuery: Sendable, Hashable {
    var metric: String
    var text: String
}

/// Kiali's traffic PromQL, exactly (`graph.md` §5.2, §5.3). Users' recording rules and query logs depend on the text.
enum TrafficQueries {
    static let requests = "istio_requests_total"
    static let groupByRequests =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags"
    static let groupByMessages =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision"
    static let groupByTCP =
        "app,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,response_flags"

    /// The gRPC message metrics a `rateGrpc` value reads.
    static func messageMetrics(_ r: Rates.GRPC) -> [String] {
        switch r {
        case .sent: ["istio_request_messages_total"]
        case .received: ["istio_response_messages_total"]
        case .total: ["istio_request_messages_total", "istio_response_messages_total"]
        case .none, .requests: []
        }
    }

    /// The TCP metrics a `rateTcp` value reads: deliberately swapped, as Istio's L4 telemetry is reversed
    /// (istio/istio#32399).
    static func tcpMetrics(_ r: Rates.TCP) -> [String] {
        switch r {
        case .sent: ["istio_tcp_received_bytes_total"]
        case .received: ["istio_tcp_sent_bytes_total"]
        case .total: ["istio_tcp_received_bytes_total", "istio_tcp_sent_bytes_total"]
        case .none: []
        }
    }

    static func repSource(_ a: Rates.Ambient) -> String {
        a == .total || a == .waypoint ? #"reporter=~"waypoint|source""# : #"reporter="source""#
    }

    static func repDest(_ a: Rates.Ambient) -> String {
        a == .total || a == .waypoint ? #"reporter=~"waypoint|destination""# : #"reporter="destination""#
    }

    /// `app!="ztunnel",` on TCP selectors when ambient traffic is `waypoint` or `none`.
    static func appFilter(_ a: Rates.Ambient) -> String {
        a == .waypoint || a == .none ? #"app!="ztunnel","# : ""
    }

    static func idle(_ o: GraphOptions) -> String { o.includeIdleEdges ? "" : "> 0" }

    static func sumRate(_ metric: String, _ selector: String, _ d: Int, _ groupBy: String, _ idle: String) -> String {
        "sum(rate(\(metric){\(selector)} [\(d)s])) by (\(groupBy)) \(idle)"
    }

    /// A namespace's traffic queries, in Kiali's order (§5.2).
    /// - Parameters:
    ///   - ambientNamespace: whether the namespace is in the ambient data plane (adds Q1).
    static func namespace(_ ns: String, duration d: Int, ambientNamespace: Bool, options o: GraphOptions) -> [TrafficQuery] {
        let a = o.rates.ambient
        let idle = idle(o)
        var result: [TrafficQuery] = []
        func four(_ metric: String, _ gb: String) {
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(repSource(a)),source_workload_namespace!="\#(ns)",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\.\#(ns)\\..+$""#, d, gb, idle)))
            if ambientNamespace {
                result.append(.init(metric: metric, text: sumRate(metric, #"reporter="source",source_workload_namespace!="\#(ns)",destination_workload_namespace="\#(ns)""#, d, gb, idle)))
            }
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(repDest(a)),destination_workload_namespace="\#(ns)""#, d, gb, idle)))
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(repSource(a)),source_workload_namespace="\#(ns)""#, d, gb, idle)))
        }
        if o.readsRequests { four(requests, groupByRequests) }
        for metric in messageMetrics(o.rates.grpc) { four(metric, groupByMessages) }
        let app = appFilter(a)
        for metric in tcpMetrics(o.rates.tcp) {
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(app)\#(repSource(a)),source_workload_namespace!="\#(ns)",destination_workload_namespace="unknown",destination_workload="unknown",destination_service=~"^.+\\.\#(ns)\\..+$""#, d, groupByTCP, idle)))
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(app)\#(repDest(a)),destination_workload_namespace="\#(ns)""#, d, groupByTCP, idle)))
            result.append(.init(metric: metric, text: sumRate(metric, #"\#(app)\#(repSource(a)),source_workload_namespace="\#(ns)""#, d, groupByTCP, idle)))
        }
        return result
    }

    /// A node graph's traffic queries (§5.3).
    /// - Parameters:
    ///   - ambientNamespace: whether the node's namespace is ambient (changes the incoming reporter).
    ///   - isWaypoint: whether the node is a waypoint (swaps the TCP reporters).
    static func node(_ n: NodeSelection, duration d: Int, ambientNamespace: Bool, isWaypoint: Bool, options o: GraphOptions) -> [TrafficQuery] {
        let a = o.rates.ambient
        let idle = idle(o)
        let ns = n.namespace
        let dcl = Value.ok(n.cluster) ? #",destination_cluster="\#(n.cluster)""# : ""
        let scl = Value.ok(n.cluster) ? #",source_cluster="\#(n.cluster)""# : ""
        let repIn: String
        if ambientNamespace {
            // [FIX] upstream writes reporter="source|destination", which matches nothing.
            repIn = a == .total || a == .waypoint ? #"reporter=~"waypoint|source|destination""# : #"reporter=~"source|destination""#
        } else {
            repIn = repDest(a)
        }
        // Selector bodies after the reporter and cluster matchers.
        enum Shape { case workload, appVersion, app, service }
        let shape: Shape = !n.workload.isEmpty ? .workload : !n.app.isEmpty ? (Value.ok(n.version) ? .appVersion : .app) : .service
        let inFilter: String
        let outFilter: String?
        switch shape {
        case .workload:
            inFilter = #"destination_workload_namespace="\#(ns)",destination_workload="\#(n.workload)""#
            outFilter = #"source_workload_namespace="\#(ns)",source_workload="\#(n.workload)""#
        case .appVersion:
            inFilter = #"destination_service_namespace="\#(ns)",destination_canonical_service="\#(n.app)",destination_canonical_revision="\#(n.version)""#
            outFilter = #"source_workload_namespace="\#(ns)",source_canonical_service="\#(n.app)",source_canonical_revision="\#(n.version)""#
        case .app:
            inFilter = #"destination_service_namespace="\#(ns)",destination_canonical_service="\#(n.app)""#
            outFilter = #"source_workload_namespace="\#(ns)",source_canonical_service="\#(n.app)""#
        case .service:
            inFilter = #"destination_service_namespace="\#(ns)",destination_service=~"^\#(n.service)\\.\#(ns)\\..*$""#
            outFilter = nil
        }
        var result: [TrafficQuery] = []
        if o.readsRequests {
            let m = requests, gb = groupByRequests
            if shape == .service {
                result.append(.init(metric: m, text: sumRate(m, #"\#(repSource(a))\#(dcl),destination_workload="unknown",destination_service=~"^\#(n.service)\\.\#(ns)\\..*$""#, d, gb, idle)))
                result.append(.init(metric: m, text: sumRate(m, "\(repDest(a))\(dcl),\(inFilter)", d, gb, idle)))
            } else {
                result.append(.init(metric: m, text: sumRate(m, "\(repIn)\(dcl),\(inFilter)", d, gb, idle)))
            }
            if let outFilter { result.append(.init(metric: m, text: sumRate(m, "\(repSource(a))\(scl),\(outFilter)", d, gb, idle))) }
        }
        for m in messageMetrics(o.rates.grpc) {
            result.append(.init(metric: m, text: sumRate(m, "\(repDest(a))\(dcl),\(inFilter)", d, groupByMessages, idle)))
            if let outFilter { result.append(.init(metric: m, text: sumRate(m, "\(repSource(a))\(scl),\(outFilter)", d, groupByMessages, idle))) }
        }
        let app = appFilter(a)
        let tcpIn = isWaypoint ? repSource(a) : #"reporter="destination""#
        let tcpOut = isWaypoint ? repDest(a) : #"reporter="source""#
        for m in tcpMetrics(o.rates.tcp) {
            result.append(.init(metric: m, text: sumRate(m, "\(app)\(tcpIn)\(dcl),\(inFilter)", d, groupByTCP, idle)))
            if let outFilter { result.append(.init(metric: m, text: sumRate(m, "\(app)\(tcpOut)\(scl),\(outFilter)", d, groupByTCP, idle))) }
        }
        return result
    }

    /// An aggregate node graph's one query (§5.4); note there is no space before `[`.
    static func aggregateNode(_ n: NodeSelection, duration d: Int, options o: GraphOptions) -> TrafficQuery {
        let svc = n.service.isEmpty ? "" : #",destination_service_name="\#(n.service)""#
        let selector = #"\#(repDest(o.rates.ambient)),destination_service_namespace="\#(n.namespace)",\#(n.aggregate)="\#(PromQL.escapedString(n.aggregateValue))"\#(svc)"#
        return .init(metric: requests, text: "sum(rate(\(requests){\(selector)}[\(d)s])) by (\(groupByRequests)) > 0")
    }

    /// The final text sent: the query scope's matchers first in every selector, then `round(…,0.001)` (§5.1).
    static func finalText(_ text: String, scope: [String: String]) -> String {
        "round(\(PromQL.applyingScope(scope, to: text)),0.001)"
    }
}
