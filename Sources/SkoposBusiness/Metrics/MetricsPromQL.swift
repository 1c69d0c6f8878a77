import PromClient

/// Kiali's PromQL for namespace-level Istio metrics (`backend.md` §2.9, `prometheus/metrics.go`) [COMPAT], as pure
/// functions. `L` is the matchers joined by commas, `G` the `byLabels`:
///
/// - counters: `sum(<rateFunc>(<metric>{L}[ri])) by (G)` (no `by` without grouping);
/// - errors: `(sum(<rateFunc>(istio_requests_total{L,response_code=~"^0$|^[4-5]\\d\\d$"}[ri])) by (G) OR
///   sum(<rateFunc>(istio_requests_total{L,grpc_response_status=~"^[1-9]$|^1[0-6]$",response_code!~"^0$|^[4-5]\\d\\d$"}[ri])) by (G))`,
///   the gRPC half left out when `requestProtocol=http`;
/// - histogram average: `sum(rate(<m>_sum{L}[ri])) by (G) / sum(rate(<m>_count{L}[ri])) by (G)`;
/// - quantile q: `histogram_quantile(q, sum(rate(<m>_bucket{L}[ri])) by (le,G))`.
///
/// Matchers, in order (`business/metrics_labels_builder.go`): the reporter (none for `both`), the `query_scope` pairs
/// (sorted by label name), `<side>_workload_namespace`, `request_protocol`, `<side>_cluster`.
///
/// **[PERF] Batches** (`/api/clusters/metrics`, §8.4): several namespaces are matched with
/// `<side>_workload_namespace=~"ns1|ns2"` and grouped `by (<side>_workload_namespace,G)`, so that one query per family
/// answers for all of them; each series then belongs to the namespace its label names. Every operator involved
/// (`sum by`, `OR`, `/`, `histogram_quantile`) works per label set, so each namespace's series are exactly those of its
/// own query with the namespace label added.
public struct MetricsPromQL: Sendable, Hashable {
    /// One query of a family: the series it answers carry `stat` (`nil` for counters).
    public struct StatQuery: Sendable, Hashable {
        /// `avg`, a quantile as given (`0.95`), or `nil`.
        public var stat: String?
        /// The PromQL text.
        public var promql: String
    }

    /// `external_services.prometheus.query_scope`: label matchers added to every selector.
    public var queryScope: [String: String]

    /// A builder adding `queryScope` to its queries.
    public init(queryScope: [String: String] = [:]) {
        self.queryScope = queryScope
    }

    /// The matchers `L` of namespace-level metrics.
    /// - Parameters:
    ///   - namespaces: One namespace (`="ns"`) or several (`=~"a|b"`, in the order given).
    ///   - cluster: The cluster (`clusterName`, or the home cluster).
    public func namespaceMatchers(namespaces: [String], query: MetricsQuery, cluster: String) -> [String] {
        let side = query.direction.side
        var m: [String] = []
        if let r = query.reporter.matcher { m.append(r) }
        let scope = queryScope.map { (label: PromQL.sanitizedLabelName($0.key), original: $0.key, value: $0.value) }
            .sorted { ($0.label, $0.original) < ($1.label, $1.original) }
        for s in scope { m.append("\(s.label)=\"\(PromQL.escapedString(s.value))\"") }
        if namespaces.count == 1 {
            m.append("\(side)_workload_namespace=\"\(PromQL.escapedString(namespaces[0]))\"")
        } else {
            let alternatives = namespaces.map(Self.regexEscaped).joined(separator: "|")
            m.append("\(side)_workload_namespace=~\"\(PromQL.escapedString(alternatives))\"")
        }
        if let p = query.requestProtocol { m.append("request_protocol=\"\(PromQL.escapedString(p))\"") }
        m.append("\(side)_cluster=\"\(PromQL.escapedString(cluster))\"")
        return m
    }

    /// The queries of one family.
    /// - Parameters:
    ///   - matchers: `L`.
    ///   - groupBy: `G`: `byLabels`, preceded by `<side>_workload_namespace` in a batch.
    ///   - rateInterval: The clipped rate interval (``MetricsWindow/rateInterval``).
    /// - Returns: One query for a counter or the errors; for a histogram the average (when `avg`) then each quantile.
    public func queries(
        _ family: MetricFamily,
        matchers: [String],
        groupBy: [String],
        query: MetricsQuery,
        rateInterval ri: String
    ) -> [StatQuery] {
        let l = matchers.joined(separator: ",")
        let by = groupBy.isEmpty ? "" : " by (\(groupBy.joined(separator: ",")))"
        let rf = query.rateFunc.rawValue
        let metric = family.istioMetric
        switch family.shape {
        case .counter:
            return [StatQuery(stat: nil, promql: "sum(\(rf)(\(metric){\(l)}[\(ri)]))\(by)")]
        case .errors:
            let httpErrors = #"response_code=~"^0$|^[4-5]\\d\\d$""#
            let grpcErrors = #"grpc_response_status=~"^[1-9]$|^1[0-6]$",response_code!~"^0$|^[4-5]\\d\\d$""#
            let http = "sum(\(rf)(\(metric){\(Self.join(l, httpErrors))}[\(ri)]))\(by)"
            if query.requestProtocol == "http" { return [StatQuery(stat: nil, promql: "(\(http))")] }
            let grpc = "sum(\(rf)(\(metric){\(Self.join(l, grpcErrors))}[\(ri)]))\(by)"
            return [StatQuery(stat: nil, promql: "(\(http) OR \(grpc))")]
        case .histogram:
            var result: [StatQuery] = []
            if query.avg {
                result.append(
                    StatQuery(stat: "avg", promql: "sum(rate(\(metric)_sum{\(l)}[\(ri)]))\(by) / sum(rate(\(metric)_count{\(l)}[\(ri)]))\(by)")
                )
            }
            let le = (["le"] + groupBy).joined(separator: ",")
            for q in query.quantiles {
                result.append(StatQuery(stat: q, promql: "histogram_quantile(\(q), sum(rate(\(metric)_bucket{\(l)}[\(ri)])) by (\(le)))"))
            }
            return result
        }
    }

    /// Matchers followed by more matchers, with a comma only between non-empty parts.
    static func join(_ a: String, _ b: String) -> String {
        a.isEmpty ? b : a + "," + b
    }

    /// A text as a literal in a regular expression (RE2): metacharacters get a backslash. Namespace names never have
    /// any; the escaping keeps a strange name from matching others.
    static func regexEscaped(_ text: String) -> String {
        let special: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]
        guard text.contains(where: special.contains) else { return text }
        var out = ""
        for c in text {
            if special.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
