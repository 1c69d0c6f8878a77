import Foundation
import PromClient
import SkoposModel
import Synchronization
import Testing

@testable import SkoposGraph

/// The Prometheus-backed namespace appenders (`graph.md` §9.2): `responseTime`, `securityPolicy`, `throughput` and
/// `aggregateNode`. Prometheus is a closure that answers exact query texts and records every query asked.
@Suite
struct TelemetryAppenderTests {
    // MARK: - Group-by lists, spelled out (graph.md §5.1)

    static let gbReq =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags"
    static let gbMsg =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision"
    static let gbRT = gbMsg + ",request_protocol"
    static let gbSP =
        "source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy"

    // MARK: - responseTime

    @Test("responseTime on a sidecar mesh: two quantile queries, incoming then outgoing, rounded")
    func responseTimeQueriesSidecar() async throws {
        let prom = FakeProm()
        var o = Self.options()
        o.rates.ambient = .none
        var map = Self.bookinfoMap(o)
        try await ResponseTime.apply(&map, prom.context(o))
        let expected: Set<String> = [
            #"round(histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="bookinfo"}[600s])) by (le,source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol)) > 0,0.001)"#,
            #"round(histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace="bookinfo"}[600s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
        ]
        #expect(Set(await prom.log.asked) == expected)
        #expect(await prom.log.asked.count == 2)
    }

    @Test("responseTime in an ambient namespace with ambientTraffic=total: the source-reported query first, waypoint reporters")
    func responseTimeQueriesAmbient() async throws {
        let prom = FakeProm()
        var o = Self.options()
        o.rates.ambient = .total
        o.responseTime = .p50
        var map = Self.bookinfoMap(o)
        try await ResponseTime.apply(&map, prom.context(o, ambientNamespace: true, duration: 300))
        let expected: Set<String> = [
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter=~"waypoint|destination",destination_service_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter=~"waypoint|source",source_workload_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
        ]
        #expect(Set(await prom.log.asked) == expected)
        // Kiali's order, which decides which value wins.
        #expect(ResponseTime.queries("bookinfo", duration: 300, ambientNamespace: true, options: o).map { "round(\($0),0.001)" } == [
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter=~"waypoint|destination",destination_service_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
            #"round(histogram_quantile(0.50, sum(rate(istio_request_duration_milliseconds_bucket{reporter=~"waypoint|source",source_workload_namespace="bookinfo"}[300s])) by (le,\#(Self.gbRT))) > 0,0.001)"#,
        ])
    }

    @Test("responseTime quantiles are formatted %.2f; avg divides the sum by the count without le")
    func responseTimeQuantileForms() {
        var o = Self.options()
        o.rates.ambient = .none
        o.responseTime = .p99
        #expect(ResponseTime.queries("ns", duration: 60, ambientNamespace: false, options: o)[0].hasPrefix("histogram_quantile(0.99, sum(rate("))
        o.responseTime = .p95
        #expect(ResponseTime.queries("ns", duration: 60, ambientNamespace: false, options: o)[0].hasPrefix("histogram_quantile(0.95, sum(rate("))
        o.responseTime = .avg
        #expect(ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o) == [
            #"sum(rate(istio_request_duration_milliseconds_sum{reporter="destination",destination_service_namespace="bookinfo"}[600s])) by (source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol) / sum(rate(istio_request_duration_milliseconds_count{reporter="destination",destination_service_namespace="bookinfo"}[600s])) by (source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol) > 0"#,
            #"sum(rate(istio_request_duration_milliseconds_sum{reporter="source",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbRT)) / sum(rate(istio_request_duration_milliseconds_count{reporter="source",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbRT)) > 0"#,
        ])
        #expect(ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: true, options: o)[0]
            == #"sum(rate(istio_request_duration_milliseconds_sum{reporter="source",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[600s])) by (\#(Self.gbRT)) / sum(rate(istio_request_duration_milliseconds_count{reporter="source",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[600s])) by (\#(Self.gbRT)) > 0"#)
    }

    @Test("responseTime asks nothing without request rates or without traffic")
    func responseTimeSkipped() async throws {
        let prom = FakeProm()
        var o = Self.options()
        o.rates.http = .none
        o.rates.grpc = .sent
        var map = Self.bookinfoMap(Self.options())
        try await ResponseTime.apply(&map, prom.context(o))
        var empty = TrafficMap()
        try await ResponseTime.apply(&empty, prom.context(Self.options()))
        #expect(await prom.log.asked.isEmpty)
    }

    @Test("responseTime: the first value wins in Kiali's query order, per protocol")
    func responseTimeFirstWins() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let queries = ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: true, options: o)
        let prom = FakeProm()
        prom.answer(queries[0], [Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 7)])
        prom.answer(queries[1], [
            Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 10.6),
            Self.sample(Self.productpage, Self.details, "details", ["request_protocol": "http"], 20),
        ])
        prom.answer(queries[2], [
            Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 99),
            Self.sample(Self.productpage, Self.details, "details", ["request_protocol": "http"], 98),
            Self.sample(Self.productpage, Self.details, "details", ["request_protocol": "grpc"], 30),
        ])
        var builder = TrafficMapBuilder(options: o, waypoints: WaypointSet())
        builder.map = Self.bookinfoMap(o)
        builder.add(
            [Self.sample(Self.productpage, Self.details, "details", Self.request(["request_protocol": "grpc", "grpc_response_status": "0"]), 2)],
            metric: "istio_requests_total")
        var map = builder.map
        try await ResponseTime.apply(&map, prom.context(o, ambientNamespace: true))
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http)?.responseTime == 7)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .http)?.responseTime == 20)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .grpc)?.responseTime == 30)
        // Without the ambient query, the destination-reported value wins.
        var map2 = Self.bookinfoMap(o)
        try await ResponseTime.apply(&map2, prom.context(o))
        #expect(Self.edge(map2, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http)?.responseTime == 10.6)
    }

    @Test("responseTime ignores gRPC samples when gRPC is not in requests mode")
    func responseTimeProtocolFilter() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.rates.grpc = .sent
        let prom = FakeProm()
        let queries = ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o)
        prom.answer(queries[0], [
            Self.sample(Self.productpage, Self.details, "details", ["request_protocol": "grpc"], 30),
            Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 12),
        ])
        var map = Self.bookinfoMap(o)
        // The gRPC edge comes from message telemetry.
        var builder = TrafficMapBuilder(options: o, waypoints: WaypointSet())
        builder.map = map
        builder.add([Self.sample(Self.productpage, Self.details, "details", [:], 4)], metric: "istio_request_messages_total")
        map = builder.map
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .grpc) != nil)
        try await ResponseTime.apply(&map, prom.context(o))
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .grpc)?.responseTime == nil)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http)?.responseTime == 12)
    }

    @Test("responseTime with injected service nodes goes on the service → destination hop only")
    func responseTimeInjected() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.injectServiceNodes = true
        let prom = FakeProm()
        let queries = ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o)
        prom.answer(queries[0], [Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 12)])
        var map = Self.bookinfoMap(o)
        try await ResponseTime.apply(&map, prom.context(o))
        #expect(Self.edge(map, "svc_east_bookinfo_reviews", "wl_east_bookinfo_reviews-v1", .http)?.responseTime == 12)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "svc_east_bookinfo_reviews", .http)?.responseTime == nil)
    }

    @Test("responseTime in an app graph matches app node IDs")
    func responseTimeAppGraph() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.graphType = .versionedApp
        let prom = FakeProm()
        let queries = ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o)
        prom.answer(queries[0], [Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 15)])
        var map = Self.bookinfoMap(o)
        try await ResponseTime.apply(&map, prom.context(o))
        #expect(Self.edge(map, "vapp_east_bookinfo_productpage-v1", "vapp_east_bookinfo_reviews-v1", .http)?.responseTime == 15)
    }

    // MARK: - throughput

    @Test("throughput queries: response sizes destination-reported, request sizes source-reported")
    func throughputQueries() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        var map = Self.bookinfoMap(o)
        try await Throughput.apply(&map, prom.context(o))
        #expect(Set(await prom.log.asked) == [
            #"round(sum(rate(istio_response_bytes_sum{reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[600s])) by (source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision) > 0,0.001)"#,
            #"round(sum(rate(istio_response_bytes_sum{reporter="destination",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbMsg)) > 0,0.001)"#,
        ])
        o.throughputType = .request
        o.rates.ambient = .total
        #expect(Throughput.queries("bookinfo", duration: 60, options: o) == [
            #"sum(rate(istio_request_bytes_sum{reporter=~"waypoint|source",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[60s])) by (\#(Self.gbMsg)) > 0"#,
            #"sum(rate(istio_request_bytes_sum{reporter=~"waypoint|source",source_workload_namespace="bookinfo"}[60s])) by (\#(Self.gbMsg)) > 0"#,
        ])
    }

    @Test("throughput is summed over both queries, set on HTTP edges only, and skipped without HTTP requests")
    func throughputValues() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        let queries = Throughput.queries("bookinfo", duration: 600, options: o)
        prom.answer(queries[0], [Self.sample(Self.productpage, Self.reviews, "reviews", [:], 100)])
        prom.answer(queries[1], [
            Self.sample(Self.productpage, Self.reviews, "reviews", [:], 50.5),
            Self.sample(Self.productpage, Self.details, "details", [:], 8),
        ])
        var map = Self.bookinfoMap(o)
        try await Throughput.apply(&map, prom.context(o))
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http)?.throughput == 150.5)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .http)?.throughput == 8)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", .tcp)?.throughput == nil)

        let silent = FakeProm()
        o.rates.http = .none
        var other = Self.bookinfoMap(Self.options())
        try await Throughput.apply(&other, silent.context(o))
        #expect(await silent.log.asked.isEmpty)
    }

    @Test("throughput with injected service nodes goes on the service → destination hop only")
    func throughputInjected() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.injectServiceNodes = true
        let prom = FakeProm()
        prom.answer(Throughput.queries("bookinfo", duration: 600, options: o)[1], [Self.sample(Self.productpage, Self.reviews, "reviews", [:], 64)])
        var map = Self.bookinfoMap(o)
        try await Throughput.apply(&map, prom.context(o))
        #expect(Self.edge(map, "svc_east_bookinfo_reviews", "wl_east_bookinfo_reviews-v1", .http)?.throughput == 64)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "svc_east_bookinfo_reviews", .http)?.throughput == nil)
    }

    @Test("appender queries get the query scope inside the round wrapper")
    func queryScope() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm(scope: ["mesh_id": "mesh1"])
        var map = Self.bookinfoMap(o)
        try await Throughput.apply(&map, prom.context(o))
        #expect(await prom.log.asked.contains(
            #"round(sum(rate(istio_response_bytes_sum{mesh_id="mesh1",reporter="destination",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbMsg)) > 0,0.001)"#))
    }

    // MARK: - securityPolicy

    @Test("securityPolicy with the default rates on a sidecar mesh: requests OR TCP sent, with app!=\"ztunnel\"")
    func securityPolicyQueriesDefault() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        var map = Self.bookinfoMap(o)
        try await SecurityPolicy.apply(&map, prom.context(o))
        #expect(Set(await prom.log.asked) == [
            #"round((sum(rate(istio_requests_total{reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[600s])) by (source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,source_principal,destination_cluster,destination_service_namespace,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,destination_principal,connection_security_policy) > 0) OR (sum(rate(istio_tcp_sent_bytes_total{app!="ztunnel",reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo"}[600s])) by (\#(Self.gbSP)) > 0),0.001)"#,
            #"round((sum(rate(istio_requests_total{reporter="destination",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbSP)) > 0) OR (sum(rate(istio_tcp_sent_bytes_total{app!="ztunnel",reporter="destination",source_workload_namespace="bookinfo"}[600s])) by (\#(Self.gbSP)) > 0),0.001)"#,
        ])
    }

    @Test("securityPolicy with every rate total and ambient total: all metrics, TCP not swapped, ztunnel's source telemetry")
    func securityPolicyQueriesTotal() {
        var o = Self.options()
        o.rates.ambient = .total
        o.rates.grpc = .total
        o.rates.tcp = .total
        let q = SecurityPolicy.queries("bookinfo", duration: 600, options: o)
        func sub(_ m: String, _ sel: String) -> String { "sum(rate(\(m){\(sel)}[600s])) by (\(Self.gbSP)) > 0" }
        let inFilter = #"reporter=~"waypoint|destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo""#
        let outFilter = #"reporter=~"waypoint|destination",source_workload_namespace="bookinfo""#
        let ztunnel = #"app="ztunnel",reporter="source",source_workload_namespace="bookinfo""#
        #expect(q[0] == [
            "(\(sub("istio_requests_total", inFilter)))", " OR (\(sub("istio_request_messages_total", inFilter)))",
            " OR (\(sub("istio_response_messages_total", inFilter)))", " OR (\(sub("istio_tcp_sent_bytes_total", inFilter)))",
            " OR (\(sub("istio_tcp_received_bytes_total", inFilter)))",
        ].joined())
        #expect(q[1] == [
            "(\(sub("istio_requests_total", outFilter)))", " OR (\(sub("istio_request_messages_total", outFilter)))",
            " OR (\(sub("istio_response_messages_total", outFilter)))", " OR (\(sub("istio_tcp_sent_bytes_total", outFilter)))",
            " OR (\(sub("istio_tcp_received_bytes_total", outFilter)))", " OR (\(sub("istio_tcp_sent_bytes_total", ztunnel)))",
            " OR (\(sub("istio_tcp_received_bytes_total", ztunnel)))",
        ].joined())

        // Only TCP received, ambient waypoint: the app filter, no ztunnel sub-query; gRPC received only.
        o.rates.ambient = .waypoint
        o.rates.http = .none
        o.rates.grpc = .received
        o.rates.tcp = .received
        let w = SecurityPolicy.queries("ns", duration: 60, options: o)
        #expect(w[1] == #"(sum(rate(istio_response_messages_total{reporter=~"waypoint|destination",source_workload_namespace="ns"}[60s])) by (\#(Self.gbSP)) > 0) OR (sum(rate(istio_tcp_received_bytes_total{app!="ztunnel",reporter=~"waypoint|destination",source_workload_namespace="ns"}[60s])) by (\#(Self.gbSP)) > 0)"#)
    }

    @Test("securityPolicy sends nothing when no rate is enabled")
    func securityPolicyNoRates() async throws {
        var o = Self.options()
        o.rates.http = .none
        o.rates.grpc = .none
        o.rates.tcp = .none
        #expect(SecurityPolicy.queries("bookinfo", duration: 600, options: o) == ["", ""])
        let prom = FakeProm()
        var map = Self.bookinfoMap(Self.options())
        try await SecurityPolicy.apply(&map, prom.context(o))
        #expect(await prom.log.asked.isEmpty)
    }

    @Test("securityPolicy: last value per policy, first principals, percentage only with mTLS, 100 on waypoint edges")
    func securityPolicyValues() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let q = SecurityPolicy.queries("bookinfo", duration: 600, options: o)
        func sp(_ from: W, _ to: W, _ svc: String, _ policy: String, _ v: Double, _ srcPrincipal: String, _ dstPrincipal: String) -> MetricSample {
            Self.sample(
                from, to, svc, ["connection_security_policy": policy, "source_principal": srcPrincipal, "destination_principal": dstPrincipal], v, host: false)
        }
        let prom = FakeProm()
        prom.answer(q[0], [
            sp(Self.productpage, Self.reviews, "reviews", "mutual_tls", 3, "spiffe://a", "spiffe://b"),
            sp(Self.productpage, Self.details, "details", "none", 2, "", ""),
        ])
        prom.answer(q[1], [
            sp(Self.productpage, Self.reviews, "reviews", "none", 1, "spiffe://c", "spiffe://d"),
            sp(Self.productpage, Self.reviews, "reviews", "mutual_tls", 6, "spiffe://e", "spiffe://f"),
        ])
        var map = Self.bookinfoMap(o)
        map.nodes["wl_east_bookinfo_ratings-v1"]!.isWaypoint = true
        try await SecurityPolicy.apply(&map, prom.context(o))
        let reviews = try #require(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http))
        #expect(reviews.isMTLS == 6.0 / 7.0 * 100)
        #expect(reviews.sourcePrincipal == "spiffe://a")
        #expect(reviews.destPrincipal == "spiffe://b")
        // The key is protocol-independent: both edges to details get it; no mTLS, so no percentage.
        for p in [TrafficProtocol.http, .tcp] {
            let details = try #require(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_details-v1", p))
            #expect(details.isMTLS == nil)
        }
        // An edge to a waypoint without telemetry is mutual TLS; an ordinary edge without telemetry gets nothing.
        #expect(Self.edge(map, "wl_east_bookinfo_reviews-v1", "wl_east_bookinfo_ratings-v1", .http)?.isMTLS == 100)
        #expect(Self.edge(map, "unknown_unknown_source", "wl_east_bookinfo_productpage-v1", .http)?.isMTLS == nil)
    }

    @Test("securityPolicy with injected service nodes: both hops get the policy and the principals")
    func securityPolicyInjected() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.injectServiceNodes = true
        let prom = FakeProm()
        prom.answer(SecurityPolicy.queries("bookinfo", duration: 600, options: o)[1], [
            Self.sample(
                Self.productpage, Self.reviews, "reviews",
                ["connection_security_policy": "mutual_tls", "source_principal": "spiffe://pp", "destination_principal": "spiffe://rv"], 5, host: false)
        ])
        var map = Self.bookinfoMap(o)
        try await SecurityPolicy.apply(&map, prom.context(o))
        for (s, d) in [("wl_east_bookinfo_productpage-v1", "svc_east_bookinfo_reviews"), ("svc_east_bookinfo_reviews", "wl_east_bookinfo_reviews-v1")] {
            let e = try #require(Self.edge(map, s, d, .http))
            #expect(e.isMTLS == 100)
            #expect(e.sourcePrincipal == "spiffe://pp")
            #expect(e.destPrincipal == "spiffe://rv")
        }
    }

    // MARK: - aggregateNode

    @Test("aggregateNode queries: destination-reported, the aggregate label excluded when unknown and grouped by")
    func aggregateQueries() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        var map = Self.bookinfoMap(o)
        try await AggregateNode.apply(&map, prom.context(o))
        #expect(Set(await prom.log.asked) == [
            #"round(sum(rate(istio_requests_total{reporter="destination",source_workload_namespace!="bookinfo",destination_service_namespace="bookinfo",request_operation!="unknown"}[600s])) by (source_cluster,source_workload_namespace,source_workload,source_canonical_service,source_canonical_revision,destination_cluster,destination_service_namespace,destination_service,destination_service_name,destination_workload_namespace,destination_workload,destination_canonical_service,destination_canonical_revision,request_protocol,response_code,grpc_response_status,response_flags,request_operation) > 0,0.001)"#,
            #"round(sum(rate(istio_requests_total{reporter="destination",source_workload_namespace="bookinfo",request_operation!="unknown"}[600s])) by (\#(Self.gbReq),request_operation) > 0,0.001)"#,
        ])
        o.rates.ambient = .total
        o.aggregate = "request_host"
        #expect(AggregateNode.queries("bookinfo", aggregate: "request_host", duration: 600, options: o)[1]
            == #"sum(rate(istio_requests_total{reporter=~"waypoint|destination",source_workload_namespace="bookinfo",request_host!="unknown"}[600s])) by (\#(Self.gbReq),request_host) > 0"#)
    }

    @Test("aggregateNode inserts the operation node between source and destination; samples without the label are ignored")
    func aggregateInsertion() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        let q = AggregateNode.queries("bookinfo", aggregate: "request_operation", duration: 600, options: o)
        prom.answer(q[1], [
            Self.sample(Self.productpage, Self.reviews, "reviews", Self.request(["request_operation": "getReviews"]), 6),
            Self.sample(Self.productpage, Self.reviews, "reviews", Self.request(["request_operation": "getReviews", "response_code": "500"]), 4),
            Self.sample(Self.productpage, Self.details, "details", Self.request([:]), 3),
        ])
        var map = Self.bookinfoMap(o)
        let productpageOut = map.nodes["wl_east_bookinfo_productpage-v1"]!.rates.httpOut
        try await AggregateNode.apply(&map, prom.context(o))

        let id = "agg_east_bookinfo_request_operation_getReviews"
        let agg = try #require(map.nodes[id])
        #expect(agg.nodeType == .aggregate)
        #expect(agg.aggregate?.name == "request_operation")
        #expect(agg.aggregate?.value == "getReviews")
        #expect(agg.cluster == "east" && agg.namespace == "bookinfo" && agg.service.isEmpty && agg.app.isEmpty)
        #expect(agg.rates.httpIn == 10 && agg.rates.httpOut == 10 && agg.rates.httpIn5xx == 4)
        let pp = map.nodes["wl_east_bookinfo_productpage-v1"]!
        #expect(pp.existingEdge(to: "wl_east_bookinfo_reviews-v1", protocol: .http) == nil)
        #expect(pp.existingEdge(to: "wl_east_bookinfo_details-v1", protocol: .http) != nil)
        #expect(pp.rates.httpOut == productpageOut)
        let toAgg = try #require(Self.edge(map, "wl_east_bookinfo_productpage-v1", id, .http))
        #expect(toAgg.rates.total == 10 && toAgg.rates.r5xx == 4)
        #expect(toAgg.responses["200"]?.flags["-"] == 6)
        #expect(toAgg.responses["500"]?.hosts["reviews.bookinfo.svc.cluster.local"] == 4)
        let fromAgg = try #require(Self.edge(map, id, "wl_east_bookinfo_reviews-v1", .http))
        #expect(fromAgg.rates.total == 10)
        // The destination's incoming rate is not counted twice.
        #expect(map.nodes["wl_east_bookinfo_reviews-v1"]!.rates.httpIn == 10)
    }

    @Test("aggregateNode with injected service nodes: the aggregate belongs to the service and its app")
    func aggregateInjected() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        o.injectServiceNodes = true
        let prom = FakeProm()
        prom.answer(AggregateNode.queries("bookinfo", aggregate: "request_operation", duration: 600, options: o)[1], [
            Self.sample(Self.productpage, Self.reviews, "reviews", Self.request(["request_operation": "getReviews"]), 10)
        ])
        var map = Self.bookinfoMap(o)
        try await AggregateNode.apply(&map, prom.context(o))
        let id = "agg_east_bookinfo_request_operation_getReviews_reviews"
        let agg = try #require(map.nodes[id])
        #expect(agg.service == "reviews" && agg.app == "reviews")
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", "svc_east_bookinfo_reviews", .http) == nil)
        #expect(Self.edge(map, "wl_east_bookinfo_productpage-v1", id, .http)?.rates.total == 10)
        #expect(Self.edge(map, id, "svc_east_bookinfo_reviews", .http)?.rates.total == 10)
        // The service's own edge to the workload stays.
        #expect(Self.edge(map, "svc_east_bookinfo_reviews", "wl_east_bookinfo_reviews-v1", .http) != nil)
    }

    @Test("aggregateNode in an aggregate node graph: one query for the value, scoped to a service; none for service graphs")
    func aggregateNodeGraph() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        var node = NodeSelection(namespace: "bookinfo")
        node.aggregate = "request_operation"
        node.aggregateValue = "getReviews"
        node.service = "reviews"
        o.node = node
        let prom = FakeProm()
        var map = Self.bookinfoMap(o)
        try await AggregateNode.apply(&map, prom.context(o))
        #expect(await prom.log.asked == [
            #"round(sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="bookinfo",request_operation="getReviews",destination_service_name="reviews"}[600s])) by (\#(Self.gbReq),request_operation) > 0,0.001)"#
        ])
        node.service = ""
        #expect(AggregateNode.nodeQuery(node, duration: 60, options: o)
            == #"sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="bookinfo",request_operation="getReviews"}[60s])) by (\#(Self.gbReq),request_operation) > 0"#)

        let silent = FakeProm()
        var s = Self.options()
        s.graphType = .service
        var serviceMap = Self.bookinfoMap(s)
        try await AggregateNode.apply(&serviceMap, silent.context(s))
        #expect(await silent.log.asked.isEmpty)
    }

    // MARK: - Output

    @Test("The JSON shows the appenders' edge fields in Kiali's order, formatted %.0f, and the aggregate node")
    func serialised() async throws {
        var o = Self.options()
        o.rates.ambient = .none
        let prom = FakeProm()
        let rt = ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o)
        prom.answer(rt[0], [Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 10.6)])
        let sp = SecurityPolicy.queries("bookinfo", duration: 600, options: o)
        prom.answer(sp[1], [
            Self.sample(
                Self.productpage, Self.reviews, "reviews",
                ["connection_security_policy": "mutual_tls", "source_principal": "spiffe://cluster.local/ns/bookinfo/sa/productpage",
                 "destination_principal": "spiffe://cluster.local/ns/bookinfo/sa/reviews"], 6, host: false),
            Self.sample(Self.productpage, Self.reviews, "reviews", ["connection_security_policy": "none", "source_principal": "", "destination_principal": ""], 1, host: false),
        ])
        prom.answer(Throughput.queries("bookinfo", duration: 600, options: o)[1], [Self.sample(Self.productpage, Self.reviews, "reviews", [:], 1234.5)])
        prom.answer(AggregateNode.queries("bookinfo", aggregate: "request_operation", duration: 600, options: o)[1], [
            Self.sample(Self.productpage, Self.details, "details", Self.request(["request_operation": "getDetails"]), 2)
        ])
        var map = Self.bookinfoMap(o)
        let ctx = prom.context(o)
        try await ResponseTime.apply(&map, ctx)
        try await SecurityPolicy.apply(&map, ctx)
        try await Throughput.apply(&map, ctx)
        try await AggregateNode.apply(&map, ctx)
        let json = String(decoding: CytoscapeWriter.encode(map, header: .init(timestamp: 1, duration: 600, graphType: .workload, boxBy: [])), as: UTF8.self)

        let source = SHA256Hex.of("wl_east_bookinfo_productpage-v1")
        let target = SHA256Hex.of("wl_east_bookinfo_reviews-v1")
        let edgeID = SHA256Hex.of("\(source).\(target).http")
        let start = try #require(json.range(of: #""id": "\#(edgeID)""#))
        let edge = String(json[start.lowerBound...].prefix(while: { $0 != "}" }))
        let fields = [
            #""source": "\#(source)""#, #""target": "\#(target)""#, #""destPrincipal": "spiffe://cluster.local/ns/bookinfo/sa/reviews""#,
            #""isMTLS": "86""#, #""responseTime": "11""#, #""sourcePrincipal": "spiffe://cluster.local/ns/bookinfo/sa/productpage""#,
            // %.0f rounds ties to even.
            #""throughput": "1234""#, #""traffic": {"#,
        ]
        var last = edge.startIndex
        for field in fields {
            let r = try #require(edge.range(of: field), "missing \(field) in \(edge)")
            #expect(r.lowerBound >= last, "\(field) out of order")
            last = r.upperBound
        }
        // The aggregate node and its edges.
        #expect(json.contains(#""id": "\#(SHA256Hex.of("agg_east_bookinfo_request_operation_getDetails"))""#))
        #expect(json.contains(#""nodeType": "aggregate""#))
        #expect(json.contains(#""aggregate": "request_operation=getDetails""#))
        // Edges without a value have none of the fields.
        let unknownEdge = SHA256Hex.of("\(SHA256Hex.of("unknown_unknown_source")).\(source).http")
        let u = try #require(json.range(of: #""id": "\#(unknownEdge)""#))
        let plain = String(json[u.lowerBound...].prefix(while: { $0 != "}" }))
        for key in ["isMTLS", "responseTime", "throughput", "Principal"] { #expect(!plain.contains(key)) }
    }

    // MARK: - Through the engine

    @Test("The engine runs the appenders on each namespace's map with rounded, scoped queries")
    func throughEngine() async throws {
        let query: [(name: String, value: String)] = [
            ("namespaces", "bookinfo"), ("appenders", "responseTime,throughput"), ("ambientTraffic", "none"), ("rateTcp", "none"), ("queryTime", "1000"),
            ("duration", "600s"),
        ]
        let o = try GraphOptions.parse(query, now: 0)
        let prom = FakeProm()
        let traffic = TrafficQueries.namespace("bookinfo", duration: 600, ambientNamespace: false, options: o)
        prom.answerFinal(TrafficQueries.finalText(traffic[1].text, scope: [:]), [
            Self.sample(Self.productpage, Self.reviews, "reviews", Self.request([:]), 10)
        ])
        prom.answer(ResponseTime.queries("bookinfo", duration: 600, ambientNamespace: false, options: o)[0], [
            Self.sample(Self.productpage, Self.reviews, "reviews", ["request_protocol": "http"], 25)
        ])
        prom.answer(Throughput.queries("bookinfo", duration: 600, options: o)[0], [Self.sample(Self.productpage, Self.reviews, "reviews", [:], 300)])
        let kube = KubeView(clusters: ["east"], homeCluster: "east", namespace: { _, name in NamespaceFacts(name: name, created: 0) })
        let engine = GraphEngine(metrics: prom.source)
        let map = try await engine.trafficMap(o, kube: kube)
        let e = try #require(Self.edge(map, "wl_east_bookinfo_productpage-v1", "wl_east_bookinfo_reviews-v1", .http))
        #expect(e.responseTime == 25)
        #expect(e.throughput == 300)
        #expect(await prom.log.asked.allSatisfy { $0.hasPrefix("round(") && $0.hasSuffix(",0.001)") })
    }

    // MARK: - Fixtures

    struct W {
        var namespace: String
        var name: String
        var app: String
        var version: String
    }

    static let productpage = W(namespace: "bookinfo", name: "productpage-v1", app: "productpage", version: "v1")
    static let reviews = W(namespace: "bookinfo", name: "reviews-v1", app: "reviews", version: "v1")
    static let details = W(namespace: "bookinfo", name: "details-v1", app: "details", version: "v1")
    static let ratings = W(namespace: "bookinfo", name: "ratings-v1", app: "ratings", version: "v1")

    static func options() -> GraphOptions {
        var o = GraphOptions()
        o.namespaces = ["bookinfo"]
        o.queryTime = 1_523_364_075
        return o
    }

    /// Request labels of an HTTP 200 sample, with extra labels.
    static func request(_ extra: [String: String]) -> [String: String] {
        ["request_protocol": "http", "response_code": "200", "response_flags": "-"].merging(extra) { $1 }
    }

    /// A sample from one workload to another through a service, in cluster `east`.
    static func sample(_ from: W, _ to: W, _ service: String, _ extra: [String: String], _ value: Double, host: Bool = true) -> MetricSample {
        var l = [
            "source_cluster": "east", "source_workload_namespace": from.namespace, "source_workload": from.name, "source_canonical_service": from.app,
            "source_canonical_revision": from.version, "destination_cluster": "east", "destination_service_namespace": to.namespace,
            "destination_service_name": service, "destination_workload_namespace": to.namespace, "destination_workload": to.name,
            "destination_canonical_service": to.app, "destination_canonical_revision": to.version,
        ]
        if host { l["destination_service"] = "\(service).\(to.namespace).svc.cluster.local" }
        return MetricSample(labels: l.merging(extra) { $1 }, value: value)
    }

    /// Traffic from outside the mesh to productpage, productpage to reviews and details (HTTP and TCP), reviews to
    /// ratings, built with the engine's own sample rules.
    static func bookinfoMap(_ o: GraphOptions) -> TrafficMap {
        var builder = TrafficMapBuilder(options: o, waypoints: WaypointSet())
        let unknown = MetricSample(
            labels: [
                "source_workload_namespace": "unknown", "source_workload": "unknown", "source_canonical_service": "unknown",
                "source_canonical_revision": "unknown", "destination_cluster": "east", "destination_service_namespace": "bookinfo",
                "destination_service": "productpage.bookinfo.svc.cluster.local", "destination_service_name": "productpage",
                "destination_workload_namespace": "bookinfo", "destination_workload": "productpage-v1", "destination_canonical_service": "productpage",
                "destination_canonical_revision": "v1",
            ].merging(request([:])) { $1 }, value: 20)
        builder.add(
            [
                unknown, sample(productpage, reviews, "reviews", request([:]), 10), sample(productpage, details, "details", request([:]), 5),
                sample(reviews, ratings, "ratings", request([:]), 4),
            ], metric: "istio_requests_total")
        builder.add([sample(productpage, details, "details", ["response_flags": "-"], 300)], metric: "istio_tcp_received_bytes_total")
        return builder.map
    }

    static func edge(_ map: TrafficMap, _ source: String, _ dest: String, _ p: TrafficProtocol) -> Edge? {
        guard let node = map.nodes[source], let i = node.existingEdge(to: dest, protocol: p) else { return nil }
        return node.edges[i]
    }
}

/// The queries a fake Prometheus was asked.
actor QueryLog {
    private(set) var asked: [String] = []
    private(set) var unmatched: [String] = []

    func record(_ query: String, matched: Bool) {
        asked.append(query)
        if !matched { unmatched.append(query) }
    }
}

/// A Prometheus that answers exact final query texts with canned samples (nothing for other queries) and records
/// every query asked.
final class FakeProm: Sendable {
    let log = QueryLog()
    let scope: [String: String]
    private let answers = Mutex<[String: [MetricSample]]>([:])

    init(scope: [String: String] = [:]) { self.scope = scope }

    /// Answers an appender query, given as the appender builds it: the fake matches it rounded and scoped.
    func answer(_ query: String, _ samples: [MetricSample]) {
        answerFinal(PromQL.applyingScope(scope, to: "round(\(query),0.001)"), samples)
    }

    /// Answers an exact final query text.
    func answerFinal(_ text: String, _ samples: [MetricSample]) { answers.withLock { $0[text] = samples } }

    var source: MetricsSource {
        MetricsSource(queryScope: scope) { [self] query, _ in
            let samples = answers.withLock { $0[query] }
            await log.record(query, matched: samples != nil)
            return samples ?? []
        }
    }

    func context(_ o: GraphOptions, ambientNamespace: Bool = false, duration: Int = 600) -> AppenderContext {
        AppenderContext(
            options: o, settings: GraphSettings(), kube: KubeView(clusters: ["east"], homeCluster: "east", namespace: { _, n in NamespaceFacts(name: n) }),
            metrics: source, namespace: "bookinfo", duration: duration, ambientNamespace: ambientNamespace, requested: ["bookinfo"])
    }
}
