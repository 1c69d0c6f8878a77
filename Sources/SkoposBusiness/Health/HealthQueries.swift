import PromClient

/// Kiali's health PromQL (`backend.md` §7.2) [COMPAT], plus the batched forms the health cache uses [PERF].
///
/// Every query reads `istio_requests_total` with per-series rates (no `sum`) and `> 0`; the caller aggregates. Values
/// are written as PromQL strings (`"` and `\` escaped), and regex alternatives (`c|unknown`, `ns1|ns2`) have their
/// regex metacharacters escaped, so names made of letters, digits and `-` come out exactly as upstream writes them.
/// **[FIX]** The `query_scope` matchers (for example `{mesh_id="m1"}`) are added to every selector, which upstream
/// does not do for health.
///
/// ```swift
/// let q = HealthQueries(queryScope: ["mesh_id": "m1"])
/// q.namespaceServices(namespace: "bookinfo", cluster: "east", window: .default)
/// // rate(istio_requests_total{mesh_id="m1",destination_service_namespace="bookinfo",destination_cluster=~"east|unknown"}[5m]) > 0
/// ```
public struct HealthQueries: Sendable, Hashable {
    /// Label matchers added to every selector (`external_services.prometheus.query_scope`).
    public var queryScope: [String: String]

    /// A builder adding `queryScope` to every selector.
    public init(queryScope: [String: String] = [:]) {
        self.queryScope = queryScope
    }

    /// The labels the request maps read (`backend.md` §7.3): what the batched queries keep in their `sum by`.
    public static let labelsKept = [
        "reporter", "request_protocol", "response_code", "grpc_response_status", "source_cluster", "source_workload_namespace",
        "source_workload", "source_canonical_service", "destination_cluster", "destination_service_namespace", "destination_service_name",
        "destination_workload_namespace", "destination_workload", "destination_canonical_service",
    ]

    // MARK: - Upstream's queries

    /// Namespace apps and workloads ("all rates"), part 1: requests into `ns` in cluster `c`. Upstream adds
    /// `source_workload_namespace!="ns"` (part 2 has those), which also drops callers in a namespace of the same name
    /// on **another** cluster: east's `bookinfo` calling west's `reviews` never counted for west. Skopos asks for all
    /// and leaves out in memory only what part 2 holds (``HealthCache/isPart1(_:namespace:cluster:)``).
    public func namespaceRatesPart1(namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"destination_service_namespace="\#(q(ns))",destination_cluster="\#(q(c))""#, window)
    }

    /// Namespace apps and workloads, part 2: every request sent from `ns` in cluster `c`.
    public func namespaceRatesPart2(namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"source_workload_namespace="\#(q(ns))",source_cluster="\#(q(c))""#, window)
    }

    /// Namespace services: requests to the services of `ns`, in cluster `c` or of unknown cluster.
    public func namespaceServices(namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"destination_service_namespace="\#(q(ns))",destination_cluster=~"\#(alternatives([c, "unknown"]))""#, window)
    }

    /// One service (`namespace` is `unknown` for an `External` service).
    public func service(_ name: String, namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(
            #"destination_service_name="\#(q(name))",destination_service_namespace="\#(q(ns))",destination_cluster=~"\#(alternatives([c, "unknown"]))""#,
            window)
    }

    /// One app's inbound requests.
    public func appInbound(_ app: String, namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"destination_workload_namespace="\#(q(ns))",destination_canonical_service="\#(q(app))",destination_cluster="\#(q(c))""#, window)
    }

    /// One app's outbound requests.
    public func appOutbound(_ app: String, namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"source_workload_namespace="\#(q(ns))",source_canonical_service="\#(q(app))",source_cluster="\#(q(c))""#, window)
    }

    /// One workload's inbound requests.
    public func workloadInbound(_ workload: String, namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"destination_workload_namespace="\#(q(ns))",destination_workload="\#(q(workload))",destination_cluster="\#(q(c))""#, window)
    }

    /// One workload's outbound requests.
    public func workloadOutbound(_ workload: String, namespace ns: String, cluster c: String, window: HealthWindow) -> String {
        rate(#"source_workload_namespace="\#(q(ns))",source_workload="\#(q(workload))",source_cluster="\#(q(c))""#, window)
    }

    // MARK: - Batched queries [PERF]

    /// Requests **to** the services of many namespaces of cluster `c` (or of unknown cluster), summed by
    /// ``labelsKept``. Split by `destination_service_namespace`, it gives each namespace's services query; its samples
    /// with `destination_cluster` = `c` and another source namespace give each namespace's part 1.
    public func batchDestination(namespaces: [String], cluster c: String, window: HealthWindow) -> String {
        sumRate(#"destination_service_namespace=~"\#(alternatives(namespaces))",destination_cluster=~"\#(alternatives([c, "unknown"]))""#, window)
    }

    /// Requests **from** many namespaces of cluster `c`, summed by ``labelsKept``. Split by
    /// `source_workload_namespace`, it gives each namespace's part 2.
    public func batchSource(namespaces: [String], cluster c: String, window: HealthWindow) -> String {
        sumRate(#"source_workload_namespace=~"\#(alternatives(namespaces))",source_cluster="\#(q(c))""#, window)
    }

    // MARK: - Text

    private func rate(_ selector: String, _ window: HealthWindow) -> String {
        PromQL.applyingScope(queryScope, to: "rate(istio_requests_total{\(selector)}[\(window.text)]) > 0")
    }

    private func sumRate(_ selector: String, _ window: HealthWindow) -> String {
        PromQL.applyingScope(
            queryScope,
            to: "sum by (\(Self.labelsKept.joined(separator: ","))) (rate(istio_requests_total{\(selector)}[\(window.text)])) > 0")
    }

    /// A value as the body of a PromQL string.
    private func q(_ value: String) -> String { PromQL.escapedString(value) }

    /// `a|b|c` with each value's regex metacharacters escaped, as the body of a PromQL string.
    private func alternatives(_ values: [String]) -> String {
        PromQL.escapedString(values.map(Self.regexEscaped).joined(separator: "|"))
    }

    /// A literal for an RE2 regex: metacharacters preceded by `\`.
    static func regexEscaped(_ s: String) -> String {
        let special: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]
        guard s.contains(where: { special.contains($0) }) else { return s }
        var out = ""
        for ch in s {
            if special.contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
