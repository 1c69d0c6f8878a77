import PromClient
import SkoposBusiness
import SkoposGraph
import SkoposModel
import Synchronization
import Testing

/// A fake Prometheus for the metrics code: it records every query and answers from in-memory raw series by evaluating
/// the shapes of query the metrics code sends — the first selector's matchers (`=`, `!=`, `=~`, `!~`), `sum … by (…)`,
/// `OR` of two sums, `histogram_quantile(q, …)` (value × q) and averages (value × 0.5). Series come back in reverse
/// order of their labels, so the code under test must sort them.
final class FakePrometheus: Sendable {
    struct Raw: Sendable {
        var labels: [String: String]
        var value: Double
    }

    struct Recorded: Sendable, Hashable {
        var query: String
        var start: Double
        var end: Double
        var step: Double
    }

    let raw: [Raw]
    let instantAnswers: @Sendable (String) throws -> [MetricSample]
    let failRange: @Sendable (String) -> Bool
    private let log = Mutex<[Recorded]>([])

    init(
        raw: [Raw] = [],
        failRange: @escaping @Sendable (String) -> Bool = { _ in false },
        instant: @escaping @Sendable (String) throws -> [MetricSample] = { _ in [] }
    ) {
        self.raw = raw
        self.failRange = failRange
        self.instantAnswers = instant
    }

    var recorded: [Recorded] { log.withLock { $0 } }
    var queries: [String] { recorded.map(\.query) }

    var source: MetricsBackend {
        MetricsBackend(
            rangeQuery: { [self] query, start, end, step in
                log.withLock { $0.append(Recorded(query: query, start: start, end: end, step: step)) }
                if failRange(query) { throw FakeError(message: "bad_data: boom") }
                let groups = Self.evaluate(query, raw)
                var series: [MetricSeries] = []
                for (labels, v) in groups {
                    var points: [MetricPoint] = []
                    var t = start
                    while t <= end {
                        points.append(MetricPoint(time: t, value: v * (1 + (t - 1_700_000_000) / 1024)))
                        t += step
                    }
                    series.append(MetricSeries(labels: labels, points: points))
                }
                return series.sorted { "\($0.labels.sorted { $0.key < $1.key })" > "\($1.labels.sorted { $0.key < $1.key })" }
            },
            instantQuery: { [self] query, time in
                log.withLock { $0.append(Recorded(query: query, start: time, end: time, step: 0)) }
                return try instantAnswers(query)
            }
        )
    }

    struct FakeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: - A tiny evaluator

    static func evaluate(_ query: String, _ raw: [Raw]) -> [[String: String]: Double] {
        var q = Substring(query)
        if q.hasPrefix("(") && q.hasSuffix(")") { q = q.dropFirst().dropLast() }
        let parts = q.split(separator: " OR ").map(String.init)
        var result: [[String: String]: Double] = [:]
        for (i, part) in parts.enumerated() {
            let groups = evaluatePart(part, raw)
            for (k, v) in groups where i == 0 || result[k] == nil { result[k] = v }
        }
        return result
    }

    static func evaluatePart(_ part: String, _ raw: [Raw]) -> [[String: String]: Double] {
        guard let open = part.firstIndex(of: "{"), let close = part[open...].firstIndex(of: "}") else { return [:] }
        let matchers = parseMatchers(String(part[part.index(after: open)..<close]))
        var grouping: [String] = []
        if let by = part[close...].firstRange(of: " by (") {
            let end = part[by.upperBound...].firstIndex(of: ")")!
            grouping = part[by.upperBound..<end].split(separator: ",").map(String.init).filter { $0 != "le" }
        }
        var factor = 1.0
        if part.hasPrefix("histogram_quantile(") {
            factor = Double(part.dropFirst("histogram_quantile(".count).prefix { $0 != "," })!
        } else if part.contains("_sum{") && part.contains(" / ") {
            factor = 0.5
        }
        var groups: [[String: String]: Double] = [:]
        for r in raw where matchers.allSatisfy({ $0.matches(r.labels) }) {
            var key: [String: String] = [:]
            for g in grouping { if let v = r.labels[g] { key[g] = v } }
            groups[key, default: 0] += r.value * factor
        }
        return groups
    }

    struct Matcher {
        var name: String
        var op: String
        var value: String

        func matches(_ labels: [String: String]) -> Bool {
            let v = labels[name] ?? ""
            switch op {
            case "=": return v == value
            case "!=": return v != value
            case "=~": return (try? Regex("^(?:\(value))$").wholeMatch(in: v)) != nil
            default: return (try? Regex("^(?:\(value))$").wholeMatch(in: v)) == nil
            }
        }
    }

    static func parseMatchers(_ text: String) -> [Matcher] {
        var result: [Matcher] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            rest = rest.dropFirst(name.count)
            let op = rest.prefix { $0 == "=" || $0 == "!" || $0 == "~" }
            rest = rest.dropFirst(op.count)
            precondition(rest.first == "\"", "bad matcher in \(text)")
            rest = rest.dropFirst()
            var value = ""
            while let c = rest.first, c != "\"" {
                rest = rest.dropFirst()
                if c == "\\", let next = rest.first {
                    value.append(next)
                    rest = rest.dropFirst()
                } else {
                    value.append(c)
                }
            }
            rest = rest.dropFirst()
            if rest.first == "," { rest = rest.dropFirst() }
            result.append(Matcher(name: String(name), op: String(op), value: value))
        }
        return result
    }
}

/// Raw `istio_requests_total`-like series between namespaces of two clusters.
enum MeshData {
    static let namespaces = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]

    static func raw() -> [FakePrometheus.Raw] {
        var out: [FakePrometheus.Raw] = []
        var n = 1.0
        for cluster in ["east", "west"] {
            for (i, src) in namespaces.enumerated() {
                let dst = namespaces[(i + 1) % namespaces.count]
                for reporter in ["source", "destination", "waypoint"] {
                    for (proto, code, grpc) in [
                        ("http", "200", ""), ("http", "503", ""), ("http", "404", ""), ("http", "0", ""), ("grpc", "200", "14"), ("grpc", "200", "0"),
                    ] {
                        var labels = [
                            "reporter": reporter, "source_workload_namespace": src, "destination_workload_namespace": dst,
                            "source_cluster": cluster, "destination_cluster": cluster, "request_protocol": proto, "response_code": code,
                            "source_workload": "\(src)-v1", "destination_workload": "\(dst)-v1", "destination_service_name": dst,
                            "destination_service_namespace": dst, "mesh_id": "m1",
                        ]
                        if !grpc.isEmpty { labels["grpc_response_status"] = grpc }
                        out.append(FakePrometheus.Raw(labels: labels, value: n / 8))
                        n += 1
                    }
                }
            }
        }
        return out
    }
}

@Suite struct MetricsTests {
    static let now = 1_700_000_000.0

    static func parse(_ params: [(String, String)], route: MetricsQuery.Route = .namespace, strict: Bool = false) throws(MetricsError) -> MetricsQuery
    {
        try MetricsQuery.parse(params.map { (name: $0.0, value: $0.1) }, route: route, now: now, strict: strict)
    }

    static func badRequest(_ params: [(String, String)]) -> String? {
        do {
            _ = try parse(params)
            return nil
        } catch {
            #expect(error.status == 400)
            return error.message
        }
    }

    // MARK: - Parameters

    @Test func defaults() throws {
        let q = try Self.parse([])
        #expect(q.clusterName == nil)
        #expect(q.direction == .outbound)
        #expect(q.reporter == .reporters(["source"]))
        #expect(q.families == MetricFamily.allCases.sorted())
        #expect(q.byLabels.isEmpty)
        #expect(q.requestProtocol == nil)
        #expect(q.rateInterval == "1m")
        #expect(q.rateFunc == .rate)
        #expect(q.duration == 1800)
        #expect(q.queryTime == Self.now)
        #expect(q.step == 15)
        #expect(q.quantiles.isEmpty)
        #expect(q.avg)
        #expect(q.cluster(home: "east") == "east")
    }

    @Test func parsesEveryParameter() throws {
        let q = try Self.parse(
            [
                ("clusterName", "west"), ("namespaces", "a, b,a,,c"), ("direction", "inbound"), ("reporter", "destination"),
                ("filters[]", "request_count"), ("filters[]", "bogus"), ("filters[]", "request_error_count"), ("byLabels[]", "request_protocol"),
                ("byLabels[]", "request_protocol"), ("byLabels[]", "response_code"), ("requestProtocol", "grpc"), ("rateInterval", "2m30s"),
                ("rateFunc", "irate"), ("duration", "600"), ("queryTime", "1699999000"), ("step", "30"), ("quantiles[]", "0.95"),
                ("quantiles[]", "0.5"), ("avg", "f"), ("includeAmbient", "true"),
            ],
            route: .clusters
        )
        #expect(q.clusterName == "west")
        #expect(q.namespaces == ["a", "b", "c"])
        #expect(q.direction == .inbound)
        #expect(q.direction.side == "destination")
        #expect(q.reporter == .reporters(["destination"]))
        #expect(q.families == [.requestCount, .requestErrorCount])
        #expect(q.byLabels == ["request_protocol", "response_code"])
        #expect(q.requestProtocol == "grpc")
        #expect(q.rateInterval == "2m30s")
        #expect(q.rateFunc == .irate)
        #expect(q.duration == 600)
        #expect(q.queryTime == 1_699_999_000)
        #expect(q.step == 30)
        #expect(q.quantiles == ["0.95", "0.5"])
        #expect(!q.avg)
        #expect(q.cluster(home: "east") == "west")
    }

    @Test func namespacesOnlyOnTheClustersRoute() throws {
        #expect(try Self.parse([("namespaces", "a,b")]).namespaces.isEmpty)
    }

    @Test func unknownFiltersAreIgnored() throws {
        #expect(try Self.parse([("filters[]", "nope")]).families.isEmpty)
        #expect(try Self.parse([("filters[]", "")]).families == MetricFamily.allCases.sorted())
        #expect(try Self.parse([("filters[]", "tcp_sent"), ("filters[]", "grpc_sent")]).families == [.grpcSent, .tcpSent])
    }

    @Test func emptyValuesMeanTheDefault() throws {
        let q = try Self.parse([("direction", ""), ("reporter", ""), ("rateInterval", ""), ("step", ""), ("avg", ""), ("clusterName", "")])
        #expect(q == MetricsQuery(now: Self.now))
    }

    @Test func firstValueOfASingleParameterCounts() throws {
        #expect(try Self.parse([("direction", "inbound"), ("direction", "bogus")]).direction == .inbound)
    }

    @Test func badValuesAre400sNamingTheParameter() {
        #expect(Self.badRequest([("direction", "up")]) == #"invalid 'direction' value: "up" (inbound or outbound)"#)
        #expect(
            Self.badRequest([("reporter", "source,proxy")])
                == #"invalid 'reporter' value: "source,proxy" (source, destination, waypoint, a comma list of those, or both)"#
        )
        #expect(Self.badRequest([("reporter", "both,source")]) != nil)
        #expect(Self.badRequest([("reporter", "source,")]) != nil)
        #expect(Self.badRequest([("rateFunc", "increase")]) == #"invalid 'rateFunc' value: "increase" (rate or irate)"#)
        #expect(Self.badRequest([("avg", "yes")]) == "cannot parse query parameter 'avg'")
        #expect(Self.badRequest([("rateInterval", "5x")]) == #"invalid 'rateInterval' value: "5x""#)
        #expect(Self.badRequest([("rateInterval", "30s1m")]) == #"invalid 'rateInterval' value: "30s1m""#)
        #expect(Self.badRequest([("rateInterval", "0s")]) == #"invalid 'rateInterval' value: "0s""#)
        #expect(Self.badRequest([("duration", "1h")]) == #"invalid 'duration' value: "1h""#)
        #expect(Self.badRequest([("duration", "-5")]) == #"invalid 'duration' value: "-5""#)
        #expect(Self.badRequest([("queryTime", "soon")]) == #"invalid 'queryTime' value: "soon""#)
        #expect(Self.badRequest([("step", "0")]) == #"invalid 'step' value: "0""#)
        #expect(Self.badRequest([("quantiles[]", "1.5")]) == #"invalid 'quantiles[]' value: "1.5""#)
        #expect(Self.badRequest([("quantiles[]", "p99")]) == #"invalid 'quantiles[]' value: "p99""#)
    }

    @Test func byLabelsMustBeLabelNames() {
        #expect(Self.badRequest([("byLabels[]", "1abc")]) == #"invalid 'byLabels[]' value: "1abc""#)
        #expect(Self.badRequest([("byLabels[]", "a-b")]) == #"invalid 'byLabels[]' value: "a-b""#)
        #expect(Self.badRequest([("byLabels[]", "le) or vector(1")]) != nil)
        #expect(Self.badRequest([("byLabels[]", "_ok"), ("byLabels[]", "Also_OK9")]) == nil)
        #expect(MetricsQuery.isLabelName("destination_workload_namespace"))
        #expect(!MetricsQuery.isLabelName(""))
    }

    @Test func reporterForms() throws {
        #expect(try MetricsQuery.reporter("both") == .both)
        #expect(try MetricsQuery.reporter("waypoint,source") == .reporters(["source", "waypoint"]))
        #expect(try MetricsQuery.reporter("destination, source,destination") == .reporters(["destination", "source"]))
        #expect(MetricsQuery.Reporter.both.matcher == nil)
        #expect(MetricsQuery.Reporter.reporters(["destination"]).matcher == #"reporter="destination""#)
        #expect(MetricsQuery.Reporter.reporters(["source", "waypoint"]).matcher == #"reporter=~"source|waypoint""#)
    }

    @Test func unknownNamesIgnoredUnlessStrict() throws {
        _ = try Self.parse([("includeAmbient", "true")], route: .clusters)
        do {
            _ = try Self.parse([("includeAmbient", "true")], route: .clusters, strict: true)
            Issue.record("expected a 400")
        } catch {
            #expect(error.message == "unsupported query parameter 'includeAmbient'")
            #expect(error.status == 400)
        }
        _ = try Self.parse([("namespaces", "a"), ("filters[]", "request_count")], route: .clusters, strict: true)
        #expect(throws: MetricsError.self) { try Self.parse([("namespaces", "a")], route: .namespace, strict: true) }
    }

    // MARK: - PromQL

    static let builder = MetricsPromQL(queryScope: ["mesh-id": "m1"])

    static func texts(_ family: MetricFamily, _ q: MetricsQuery, groupBy: [String]? = nil, namespaces: [String] = ["bookinfo"]) -> [String] {
        let m = builder.namespaceMatchers(namespaces: namespaces, query: q, cluster: "east")
        return builder.queries(family, matchers: m, groupBy: groupBy ?? q.byLabels, query: q, rateInterval: "1m").map(\.promql)
    }

    @Test func counterQuery() throws {
        let q = try Self.parse([])
        #expect(
            Self.texts(.requestCount, q) == [
                #"sum(rate(istio_requests_total{reporter="source",mesh_id="m1",source_workload_namespace="bookinfo",source_cluster="east"}[1m]))"#
            ]
        )
        let grouped = try Self.parse([("direction", "inbound"), ("reporter", "both"), ("byLabels[]", "request_protocol"), ("rateFunc", "irate")])
        #expect(
            Self.texts(.requestThroughput, grouped) == [
                #"sum(irate(istio_request_bytes_sum{mesh_id="m1",destination_workload_namespace="bookinfo",destination_cluster="east"}[1m])) by (request_protocol)"#
            ]
        )
    }

    @Test func matcherOrder() throws {
        let q = try Self.parse([("reporter", "source,waypoint"), ("requestProtocol", "http"), ("clusterName", "west")])
        let m = Self.builder.namespaceMatchers(namespaces: ["b", "a"], query: q, cluster: q.cluster(home: "east"))
        #expect(
            m == [
                #"reporter=~"source|waypoint""#, #"mesh_id="m1""#, #"source_workload_namespace=~"b|a""#, #"request_protocol="http""#,
                #"source_cluster="west""#,
            ]
        )
    }

    @Test func errorQuery() throws {
        let q = try Self.parse([("byLabels[]", "request_protocol")])
        let l = #"reporter="source",mesh_id="m1",source_workload_namespace="bookinfo",source_cluster="east""#
        #expect(
            Self.texts(.requestErrorCount, q) == [
                #"(sum(rate(istio_requests_total{"# + l + #",response_code=~"^0$|^[4-5]\\d\\d$"}[1m])) by (request_protocol) OR "#
                    + #"sum(rate(istio_requests_total{"# + l
                    + #",grpc_response_status=~"^[1-9]$|^1[0-6]$",response_code!~"^0$|^[4-5]\\d\\d$"}[1m])) by (request_protocol))"#
            ]
        )
        let http = try Self.parse([("requestProtocol", "http")])
        let lh = #"reporter="source",mesh_id="m1",source_workload_namespace="bookinfo",request_protocol="http",source_cluster="east""#
        #expect(Self.texts(.requestErrorCount, http) == [#"(sum(rate(istio_requests_total{"# + lh + #",response_code=~"^0$|^[4-5]\\d\\d$"}[1m])))"#])
        let grpc = try Self.parse([("requestProtocol", "grpc")])
        #expect(Self.texts(.requestErrorCount, grpc)[0].contains(" OR "))
    }

    @Test func histogramQueries() throws {
        let q = try Self.parse([("quantiles[]", "0.5"), ("quantiles[]", "0.99"), ("byLabels[]", "request_protocol")])
        let l = #"reporter="source",mesh_id="m1",source_workload_namespace="bookinfo",source_cluster="east""#
        let built = Self.builder.queries(
            .requestDurationMillis,
            matchers: Self.builder.namespaceMatchers(namespaces: ["bookinfo"], query: q, cluster: "east"),
            groupBy: q.byLabels,
            query: q,
            rateInterval: "1m"
        )
        #expect(built.map(\.stat) == ["avg", "0.5", "0.99"])
        #expect(
            built.map(\.promql) == [
                "sum(rate(istio_request_duration_milliseconds_sum{\(l)}[1m])) by (request_protocol) / sum(rate(istio_request_duration_milliseconds_count{\(l)}[1m])) by (request_protocol)",
                "histogram_quantile(0.5, sum(rate(istio_request_duration_milliseconds_bucket{\(l)}[1m])) by (le,request_protocol))",
                "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{\(l)}[1m])) by (le,request_protocol))",
            ]
        )
        let noAvg = try Self.parse([("avg", "false"), ("quantiles[]", "0.95")])
        #expect(Self.texts(.responseSize, noAvg) == ["histogram_quantile(0.95, sum(rate(istio_response_bytes_bucket{\(l)}[1m])) by (le))"])
        let none = try Self.parse([("avg", "false")])
        #expect(Self.texts(.requestSize, none).isEmpty)
        // irate never applies to histograms.
        let irate = try Self.parse([("rateFunc", "irate")])
        #expect(Self.texts(.requestSize, irate) == ["sum(rate(istio_request_bytes_sum{\(l)}[1m])) / sum(rate(istio_request_bytes_count{\(l)}[1m]))"])
    }

    @Test func familiesAndTheirMetrics() {
        #expect(MetricFamily.tcpSent.istioMetric == "istio_tcp_received_bytes_total")
        #expect(MetricFamily.tcpReceived.istioMetric == "istio_tcp_sent_bytes_total")
        #expect(MetricFamily.grpcSent.istioMetric == "istio_request_messages_total")
        #expect(MetricFamily.grpcReceived.istioMetric == "istio_response_messages_total")
        #expect(MetricFamily.tcpOpened.istioMetric == "istio_tcp_connections_opened_total")
        #expect(MetricFamily.responseThroughput.istioMetric == "istio_response_bytes_sum")
        #expect(MetricFamily.allCases.filter { $0.shape == .histogram } == [.requestDurationMillis, .requestSize, .responseSize])
    }

    @Test func batchedMatcherAndGrouping() throws {
        let q = try Self.parse([("direction", "inbound"), ("reporter", "destination"), ("byLabels[]", "request_protocol")])
        let metrics = NamespaceMetrics(source: FakePrometheus().source, queryScope: [:], homeCluster: "east")
        var batch = q
        batch.families = [.requestCount, .requestDurationMillis]
        batch.quantiles = ["0.95"]
        let plan = try metrics.plan(namespaces: ["b", "a", "c"], creations: [:], query: batch)
        #expect(plan.queries.count == 3)
        #expect(plan.queries.allSatisfy { $0.namespaces == ["a", "b", "c"] && $0.splitLabel == "destination_workload_namespace" })
        #expect(
            plan.queries[0].promql
                == #"sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"a|b|c",destination_cluster="east"}[1m])) by (destination_workload_namespace,request_protocol)"#
        )
        #expect(plan.queries[2].promql.hasSuffix("by (le,destination_workload_namespace,request_protocol))"))
    }

    // MARK: - Clipping

    static func window(_ params: [(String, String)], creation: Double?) throws(MetricsError) -> MetricsWindow {
        try MetricsWindow(query: parse([("queryTime", "10000")] + params), namespaceCreation: creation)
    }

    @Test func noClippingForAnOldNamespace() throws {
        let w = try Self.window([("duration", "1800"), ("step", "15")], creation: 1000)
        #expect(w == MetricsWindow(start: 8190, end: 10000, step: 15, rateInterval: "1m"))
        #expect(
            try Self.window([("duration", "1800"), ("step", "7")], creation: nil)
                == MetricsWindow(start: 8197, end: 10000, step: 7, rateInterval: "1m")
        )
    }

    @Test func startMovesToCreationPlusRateInterval() throws {
        #expect(try Self.window([], creation: 9000) == MetricsWindow(start: 9060, end: 10000, step: 15, rateInterval: "1m"))
        #expect(try Self.window([("step", "100")], creation: 9001) == MetricsWindow(start: 9000, end: 10000, step: 100, rateInterval: "1m"))
        // Exactly old enough: the interval is kept.
        #expect(try Self.window([], creation: 9940) == MetricsWindow(start: 9990, end: 10000, step: 15, rateInterval: "1m"))
    }

    @Test func rateIntervalBecomesTheNamespaceAge() throws {
        #expect(try Self.window([], creation: 9970) == MetricsWindow(start: 9990, end: 10000, step: 15, rateInterval: "30s"))
        #expect(try Self.window([("rateInterval", "1h")], creation: 6400) == MetricsWindow(start: 9990, end: 10000, step: 15, rateInterval: "1h"))
        #expect(try Self.window([("rateInterval", "2h")], creation: 6400) == MetricsWindow(start: 9990, end: 10000, step: 15, rateInterval: "3600s"))
    }

    @Test func rangeBeforeTheNamespaceIsA400() {
        for creation in [10_000.0, 10_001, 9_999.5] {
            do {
                _ = try Self.window([], creation: creation)
                Issue.record("expected a 400 for creation \(creation)")
            } catch {
                #expect(error.status == 400)
                #expect(error.message == "after checks, query start time is after end time")
            }
        }
    }

    @Test func millisecondRateIntervals() throws {
        #expect(
            try Self.window([("rateInterval", "1500ms")], creation: 9000) == MetricsWindow(start: 9000, end: 10000, step: 15, rateInterval: "1500ms")
        )
    }

    // MARK: - Namespace metrics

    static let creations: [String: Double] = [
        "alpha": 1_600_000_000, "beta": 1_600_000_000, "gamma": 1_650_000_000,
        // Younger than the range: its start moves.
        "delta": 1_699_999_000,
        // Younger than the rate interval: the interval shrinks to 40s.
        "epsilon": 1_699_999_960,
        // Created after queryTime: no data.
        "zeta": 1_700_000_100,
    ]

    static func sparklineQuery(_ extra: [(String, String)]) throws -> MetricsQuery {
        try parse(
            [
                ("namespaces", MeshData.namespaces.joined(separator: ",")), ("filters[]", "request_count"), ("filters[]", "request_error_count"),
                ("filters[]", "request_duration_millis"), ("quantiles[]", "0.5"), ("quantiles[]", "0.95"), ("duration", "1800"),
                ("rateInterval", "1m"), ("step", "60"),
            ] + extra,
            route: .clusters
        )
    }

    @Test(arguments: [
        [("direction", "inbound"), ("reporter", "destination")],
        [("direction", "outbound"), ("reporter", "source")],
        [("direction", "inbound"), ("reporter", "both"), ("byLabels[]", "request_protocol")],
        [
            ("direction", "inbound"), ("reporter", "source,waypoint"), ("byLabels[]", "destination_workload_namespace"),
            ("byLabels[]", "response_code"),
        ],
        [("direction", "outbound"), ("reporter", "source"), ("requestProtocol", "http"), ("clusterName", "west"), ("byLabels[]", "response_code")],
    ])
    func batchedEqualsPerNamespace(_ extra: [(String, String)]) async throws {
        let query = try Self.sparklineQuery(extra)
        let batchedProm = FakePrometheus(raw: MeshData.raw())
        let batched = try await NamespaceMetrics(source: batchedProm.source, queryScope: ["mesh_id": "m1"], homeCluster: "east")
            .clustersMetrics(query: query, creations: Self.creations)

        let singleProm = FakePrometheus(raw: MeshData.raw())
        let single = NamespaceMetrics(source: singleProm.source, queryScope: ["mesh_id": "m1"], homeCluster: "east")
        #expect(Set(batched.keys) == Set(MeshData.namespaces))
        var sawData = false
        for ns in MeshData.namespaces {
            if ns == "zeta" {
                let nothing: MetricsMap = [.requestCount: [], .requestErrorCount: [], .requestDurationMillis: []]
                #expect(batched[ns] == nothing)
                continue
            }
            let own = try await single.metrics(namespace: ns, creation: Self.creations[ns], query: query)
            #expect(batched[ns] == own, "namespace \(ns)")
            #expect(MetricsJSON.namespace(batched[ns]!) == MetricsJSON.namespace(own))
            let counts: [Metric] = own[MetricFamily.requestCount] ?? []
            sawData = sawData || !counts.isEmpty
        }
        #expect(sawData)
        // Three windows (alpha/beta/gamma, delta, epsilon) × (count, errors, avg, two quantiles).
        #expect(batchedProm.queries.count == 15)
        #expect(singleProm.queries.count == 25)
        let starts = Set(batchedProm.recorded.map(\.start))
        #expect(starts == [1_699_998_180, 1_699_999_020, 1_699_999_980])
    }

    @Test func perNamespaceDataIsSplitCorrectly() async throws {
        var query = try Self.sparklineQuery([("direction", "inbound"), ("reporter", "destination"), ("byLabels[]", "request_protocol")])
        query.families = [.requestCount]
        let prom = FakePrometheus(raw: MeshData.raw())
        let result = try await NamespaceMetrics(source: prom.source, homeCluster: "east").clustersMetrics(query: query, creations: [:])
        #expect(prom.queries.count == 1)
        let beta: [Metric] = try #require(result["beta"]?[MetricFamily.requestCount])
        let labels: [[String: String]] = beta.map { $0.labels }
        #expect(labels == [["request_protocol": "grpc"], ["request_protocol": "http"]])
        #expect(beta.allSatisfy { $0.name == "request_count" && $0.stat == nil && $0.datapoints.count == 31 })
        // beta receives from alpha on east: the destination reporter's http series are numbers 7…10 (in eighths).
        let sum: Double = (7.0 + 8 + 9 + 10) / 8
        let t: Double = 1_699_998_180 - 1_700_000_000
        #expect(beta[1].datapoints[0].value == sum * (1 + t / 1024))
    }

    @Test func emptyNamespaceListAnswersNothing() async throws {
        let prom = FakePrometheus(raw: MeshData.raw())
        let query = try Self.parse([("namespaces", "")], route: .clusters)
        let result = try await NamespaceMetrics(source: prom.source, homeCluster: "east").clustersMetrics(query: query, creations: [:])
        #expect(result.isEmpty)
        #expect(prom.queries.isEmpty)
        #expect(String(decoding: MetricsJSON.clusters(result), as: UTF8.self) == "{}")
    }

    @Test func everyNamespaceTooYoungIsA400() async throws {
        let prom = FakePrometheus(raw: MeshData.raw())
        let query = try Self.parse([("namespaces", "zeta,eta")], route: .clusters)
        await #expect(throws: MetricsError(.badRequest, "after checks, query start time is after end time")) {
            try await NamespaceMetrics(source: prom.source, homeCluster: "east")
                .clustersMetrics(query: query, creations: ["zeta": Self.now + 100, "eta": Self.now + 1])
        }
        await #expect(throws: MetricsError.self) {
            try await NamespaceMetrics(source: prom.source, homeCluster: "east").metrics(namespace: "zeta", creation: Self.now + 100, query: query)
        }
        #expect(prom.queries.isEmpty)
    }

    @Test func prometheusFailureIsA503() async throws {
        let prom = FakePrometheus(raw: MeshData.raw(), failRange: { $0.contains("histogram_quantile") })
        let query = try Self.sparklineQuery([])
        do {
            _ = try await NamespaceMetrics(source: prom.source, homeCluster: "east").metrics(namespace: "alpha", creation: nil, query: query)
            Issue.record("expected a 503")
        } catch {
            #expect(error.status == 503)
            #expect(error.message == "bad_data: boom")
        }
    }

    @Test func rangeSentToPrometheus() async throws {
        let prom = FakePrometheus()
        let query = try Self.parse([("filters[]", "tcp_opened"), ("queryTime", "1700000007"), ("duration", "600"), ("step", "20")])
        let result = try await NamespaceMetrics(source: prom.source, homeCluster: "east").metrics(namespace: "alpha", creation: nil, query: query)
        let expected: MetricsMap = [.tcpOpened: []]
        #expect(result == expected)
        #expect(
            prom.recorded == [
                .init(
                    query:
                        #"sum(rate(istio_tcp_connections_opened_total{reporter="source",source_workload_namespace="alpha",source_cluster="east"}[1m]))"#,
                    start: 1_699_999_400,
                    end: 1_700_000_007,
                    step: 20
                )
            ]
        )
    }

    @Test func histogramWithoutStatisticsIsNullWithoutQueries() async throws {
        let prom = FakePrometheus(raw: MeshData.raw())
        let query = try Self.parse([("filters[]", "request_size"), ("avg", "false"), ("namespaces", "alpha,beta")], route: .clusters)
        let metrics = NamespaceMetrics(source: prom.source, homeCluster: "east")
        let one = try await metrics.metrics(namespace: "alpha", creation: nil, query: query)
        let many = try await metrics.clustersMetrics(query: query, creations: [:])
        let nothing: MetricsMap = [.requestSize: []]
        #expect(one == nothing)
        #expect(many == ["alpha": nothing, "beta": nothing])
        #expect(prom.queries.isEmpty)
        #expect(String(decoding: MetricsJSON.namespace(one), as: UTF8.self) == "{\n  \"request_size\": null\n}")
    }

    @Test func prometheusAdapterPassesErrorsOnAs503() async throws {
        // Port 1 on loopback refuses connections at once.
        try await PrometheusClient.withClient(configuration: .init(url: "http://127.0.0.1:1", timeout: .seconds(5))) { client in
            let metrics = NamespaceMetrics(source: .prometheus(client), homeCluster: "east")
            let query = try Self.parse([("filters[]", "request_count")])
            do {
                _ = try await metrics.metrics(namespace: "alpha", creation: nil, query: query)
                Issue.record("expected a 503")
            } catch let error as MetricsError {
                #expect(error.status == 503)
                #expect(error.message.contains("127.0.0.1:1/api/v1/query_range"))
            }
        }
    }

    // MARK: - JSON

    @Test func pointFormatting() {
        #expect(MetricsJSON.timestamp(1_724_170_000) == "1724170000")
        #expect(MetricsJSON.timestamp(1_724_170_000.5) == "1724170000.5")
        #expect(MetricsJSON.timestamp(1_724_170_000.125) == "1724170000.125")
        #expect(MetricsJSON.timestamp(1_724_170_000.0304) == "1724170000.03")
        #expect(MetricsJSON.value(1.5) == "1.5")
        #expect(MetricsJSON.value(100) == "100")
        #expect(MetricsJSON.value(0.05) == "0.05")
        #expect(MetricsJSON.value(1e-7) == "0.0000001")
        #expect(MetricsJSON.value(1e21) == "1000000000000000000000")
        #expect(MetricsJSON.value(-2.25) == "-2.25")
        #expect(MetricsJSON.value(0) == "0")
        #expect(MetricsJSON.value(.nan) == "NaN")
        #expect(MetricsJSON.value(.infinity) == "+Inf")
        #expect(MetricsJSON.value(-.infinity) == "-Inf")
        #expect(MetricsJSON.value(0.1 + 0.2) == "0.30000000000000004")
    }

    @Test func namespaceJSONShape() {
        let map: MetricsMap = [
            .requestErrorCount: [],
            .requestCount: [
                Metric(
                    labels: ["response_code": "200", "request_protocol": "http"],
                    datapoints: [MetricPoint(time: 1_724_170_000, value: 1.5), MetricPoint(time: 1_724_170_015.5, value: 2)],
                    stat: nil,
                    name: "request_count"
                )
            ],
            .requestDurationMillis: [Metric(labels: [:], datapoints: [], stat: "avg", name: "request_duration_millis")],
        ]
        let expected = """
            {
              "request_count": [
                {
                  "labels": {
                    "request_protocol": "http",
                    "response_code": "200"
                  },
                  "datapoints": [
                    [1724170000,"1.5"],
                    [1724170015.5,"2"]
                  ],
                  "name": "request_count"
                }
              ],
              "request_duration_millis": [
                {
                  "labels": {},
                  "datapoints": [],
                  "stat": "avg",
                  "name": "request_duration_millis"
                }
              ],
              "request_error_count": null
            }
            """
        #expect(String(decoding: MetricsJSON.namespace(map), as: UTF8.self) == expected)
    }

    @Test func clustersJSONShape() throws {
        let one: MetricsMap = [.requestCount: [Metric(labels: [:], datapoints: [MetricPoint(time: 10, value: 1)], stat: nil, name: "request_count")]]
        let json = String(decoding: MetricsJSON.clusters(["b": [.requestCount: []], "a": one]), as: UTF8.self)
        let parsed = try JSONParser.parse(Array(json.utf8))
        #expect(parsed["a"]?["request_count"]?.arrayValue?.first?["name"]?.stringValue == "request_count")
        #expect(parsed["b"]?["request_count"]?.isNull == true)
        #expect(json.firstRange(of: "\"a\"")!.lowerBound < json.firstRange(of: "\"b\"")!.lowerBound)
    }
}
