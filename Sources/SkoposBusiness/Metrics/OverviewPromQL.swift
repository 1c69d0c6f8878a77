import PromClient

/// The PromQL of the Overview's service latency and throughput cards (`backend.md` §2.9 "Overview metrics")
/// [COMPAT], with the rate window `health_config.compute.duration`:
///
/// ```text
/// round(topk(6, histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{destination_workload!="unknown"<,F>}[W])) by (le,destination_cluster,destination_service_namespace,destination_service_name)) > 0), 0.001)
/// round(topk(6, sum(rate(istio_tcp_sent_bytes_total{destination_workload!="unknown"<,F>,reporter="destination"}[W])) by (destination_cluster,destination_service_namespace,destination_service_name) > 0), 0.001)
/// ```
///
/// `F`: the `query_scope` pairs (sorted by label name), then for a per-cluster query
/// `destination_cluster="c",destination_service_namespace=~"^(?:ns1|ns2)$"`.
public struct OverviewPromQL: Sendable, Hashable {
    /// `external_services.prometheus.query_scope`.
    public var queryScope: [String: String]
    /// The rate window, `health_config.compute.duration` (`5m`).
    public var window: String
    /// How many services a card lists (6).
    public var limit: Int

    /// A builder.
    public init(queryScope: [String: String] = [:], window: String = "5m", limit: Int = 6) {
        self.queryScope = queryScope
        self.window = window
        self.limit = limit
    }

    /// The matchers after `destination_workload!="unknown"`.
    /// - Parameters:
    ///   - cluster: The cluster of a per-cluster query; `nil` for the global query.
    ///   - namespaces: The namespaces of a per-cluster query (in name order).
    public func filters(cluster: String?, namespaces: [String]) -> [String] {
        var f: [String] = []
        let scope = queryScope.map { (label: PromQL.sanitizedLabelName($0.key), original: $0.key, value: $0.value) }
            .sorted { ($0.label, $0.original) < ($1.label, $1.original) }
        for s in scope { f.append("\(s.label)=\"\(PromQL.escapedString(s.value))\"") }
        if let cluster {
            f.append("destination_cluster=\"\(PromQL.escapedString(cluster))\"")
            let alternatives = namespaces.map(MetricsPromQL.regexEscaped).joined(separator: "|")
            f.append("destination_service_namespace=~\"\(PromQL.escapedString("^(?:\(alternatives))$"))\"")
        }
        return f
    }

    /// The 95th-percentile latency query (milliseconds).
    public func latency(cluster: String?, namespaces: [String]) -> String {
        let l = (["destination_workload!=\"unknown\""] + filters(cluster: cluster, namespaces: namespaces)).joined(separator: ",")
        return "round(topk(\(limit), histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{\(l)}[\(window)])) "
            + "by (le,destination_cluster,destination_service_namespace,destination_service_name)) > 0), 0.001)"
    }

    /// The TCP throughput query (bytes per second).
    public func throughput(cluster: String?, namespaces: [String]) -> String {
        let l = (["destination_workload!=\"unknown\""] + filters(cluster: cluster, namespaces: namespaces) + ["reporter=\"destination\""])
            .joined(separator: ",")
        return "round(topk(\(limit), sum(rate(istio_tcp_sent_bytes_total{\(l)}[\(window)])) "
            + "by (destination_cluster,destination_service_namespace,destination_service_name) > 0), 0.001)"
    }
}
