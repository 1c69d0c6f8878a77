import SkoposBusiness
import SkoposGraph
import SkoposModel
import Testing

@Suite struct OverviewMetricsTests {
    static let promql = OverviewPromQL(queryScope: ["mesh_id": "m1"], window: "5m")

    // MARK: - PromQL

    @Test func latencyQueries() {
        #expect(
            Self.promql.latency(cluster: nil, namespaces: [])
                == #"round(topk(6, histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{destination_workload!="unknown",mesh_id="m1"}[5m])) by (le,destination_cluster,destination_service_namespace,destination_service_name)) > 0), 0.001)"#
        )
        #expect(
            OverviewPromQL(window: "10m").latency(cluster: "east", namespaces: ["bookinfo", "shop"])
                == #"round(topk(6, histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{destination_workload!="unknown",destination_cluster="east",destination_service_namespace=~"^(?:bookinfo|shop)$"}[10m])) by (le,destination_cluster,destination_service_namespace,destination_service_name)) > 0), 0.001)"#
        )
    }

    @Test func throughputQueries() {
        #expect(
            OverviewPromQL().throughput(cluster: nil, namespaces: [])
                == #"round(topk(6, sum(rate(istio_tcp_sent_bytes_total{destination_workload!="unknown",reporter="destination"}[5m])) by (destination_cluster,destination_service_namespace,destination_service_name) > 0), 0.001)"#
        )
        #expect(
            Self.promql.throughput(cluster: "west", namespaces: ["db"])
                == #"round(topk(6, sum(rate(istio_tcp_sent_bytes_total{destination_workload!="unknown",mesh_id="m1",destination_cluster="west",destination_service_namespace=~"^(?:db)$",reporter="destination"}[5m])) by (destination_cluster,destination_service_namespace,destination_service_name) > 0), 0.001)"#
        )
    }

    @Test func globalOrPerCluster() {
        let visible = ["east": ["a"], "west": ["b"]]
        #expect(
            OverviewScope.choose(clusterWideAccess: true, hasDiscoverySelectors: false, viewerSeesEveryNamespace: true, visible: visible) == .global
        )
        #expect(
            OverviewScope.choose(clusterWideAccess: false, hasDiscoverySelectors: false, viewerSeesEveryNamespace: true, visible: visible)
                == .clusters(visible)
        )
        #expect(
            OverviewScope.choose(clusterWideAccess: true, hasDiscoverySelectors: true, viewerSeesEveryNamespace: true, visible: visible)
                == .clusters(visible)
        )
        #expect(
            OverviewScope.choose(clusterWideAccess: true, hasDiscoverySelectors: false, viewerSeesEveryNamespace: false, visible: visible)
                == .clusters(visible)
        )
    }

    // MARK: - Latency and throughput

    static func sample(_ cluster: String, _ ns: String, _ svc: String, _ v: Double) -> MetricSample {
        MetricSample(labels: ["destination_cluster": cluster, "destination_service_namespace": ns, "destination_service_name": svc], value: v)
    }

    static let health = OverviewHealth(entries: [
        entry("east", "bookinfo", services: ["reviews": (inbound: ["http": ["200": 1]], status: .degraded)]),
        entry("west", "bookinfo", services: ["ratings": (inbound: [:], status: .na)]),
    ])

    static func entry(
        _ cluster: String,
        _ ns: String,
        services: [String: (inbound: [String: [String: Double]], status: HealthStatus?)] = [:],
        apps: [String: (inbound: [String: [String: Double]], outbound: [String: [String: Double]], status: HealthStatus?)] = [:]
    ) -> HealthCache.Entry {
        var health = NamespaceHealth(apps: [:], services: [:], workloads: [:])
        for (name, s) in services {
            var r = RequestHealth()
            r.inbound = s.inbound
            health.services?[name] = ServiceHealth(
                requests: r,
                status: s.status.map { CalculatedHealth(status: $0, errorRatio: 0, totalRequestRate: 0) }
            )
        }
        for (name, a) in apps {
            var r = RequestHealth()
            r.inbound = a.inbound
            r.outbound = a.outbound
            health.apps?[name] = AppHealth(
                requests: r,
                status: a.status.map { CalculatedHealth(status: $0, errorRatio: 0, totalRequestRate: 0) },
                workloadStatuses: []
            )
        }
        return HealthCache.Entry(cluster: cluster, namespace: ns, computedAt: 0, duration: "5m", health: health)
    }

    @Test func perClusterQueriesMergedToTopSix() async throws {
        let prom = FakePrometheus(instant: { query in
            if query.contains(#"destination_cluster="east""#) {
                return [
                    Self.sample("east", "bookinfo", "reviews", 30), Self.sample("east", "bookinfo", "details", 5),
                    Self.sample("east", "bookinfo", "productpage", 50), Self.sample("east", "shop", "cart", 5),
                    Self.sample("east", "shop", "bad", .nan),
                ]
            }
            return [
                Self.sample("west", "bookinfo", "ratings", 40), Self.sample("west", "bookinfo", "reviews", 20),
                Self.sample("west", "bookinfo", "details", 5), Self.sample("west", "bookinfo", "zero", 0),
            ]
        })
        let overview = OverviewMetrics(source: prom.source, window: "5m")
        let scope = OverviewScope.clusters(["west": ["bookinfo"], "east": ["shop", "bookinfo", "shop"], "north": []])
        let rows = try await overview.serviceLatencies(scope: scope, health: Self.health, time: 1_700_000_000)
        #expect(
            rows == [
                OverviewService(cluster: "east", namespace: "bookinfo", serviceName: "productpage", value: 50),
                OverviewService(cluster: "west", namespace: "bookinfo", serviceName: "ratings", value: 40, healthStatus: "NA"),
                OverviewService(cluster: "east", namespace: "bookinfo", serviceName: "reviews", value: 30, healthStatus: "Degraded"),
                OverviewService(cluster: "west", namespace: "bookinfo", serviceName: "reviews", value: 20),
                OverviewService(cluster: "east", namespace: "bookinfo", serviceName: "details", value: 5),
                OverviewService(cluster: "east", namespace: "shop", serviceName: "cart", value: 5),
            ]
        )
        // One query per cluster with namespaces (north has none), in cluster order, at the given time.
        #expect(prom.queries.count == 2)
        #expect(prom.queries[0].contains(#"destination_cluster="east",destination_service_namespace=~"^(?:bookinfo|shop)$""#))
        #expect(prom.queries[1].contains(#"destination_cluster="west",destination_service_namespace=~"^(?:bookinfo)$""#))
        #expect(prom.recorded.allSatisfy { $0.start == 1_700_000_000 })
    }

    @Test func globalThroughputIsOneQuery() async throws {
        let prom = FakePrometheus(instant: { _ in [Self.sample("east", "db", "mysql", 1024.5), Self.sample("west", "db", "mysql", 2048)] })
        let rows = try await OverviewMetrics(source: prom.source).serviceThroughput(scope: .global, health: OverviewHealth(entries: []), time: 5)
        #expect(rows.map(\.value) == [2048, 1024.5])
        #expect(prom.queries == [OverviewPromQL().throughput(cluster: nil, namespaces: [])])
    }

    @Test func failedClustersAreSkippedUnlessAllFail() async throws {
        let someFail = FakePrometheus(instant: { query in
            guard query.contains("east") else { throw FakePrometheus.FakeError(message: "west is down") }
            return [Self.sample("east", "a", "s", 1)]
        })
        let scope = OverviewScope.clusters(["east": ["a"], "west": ["b"]])
        let rows = try await OverviewMetrics(source: someFail.source).serviceLatencies(scope: scope, health: Self.health, time: 0)
        #expect(rows.map(\.serviceName) == ["s"])

        let allFail = FakePrometheus(instant: { _ in throw FakePrometheus.FakeError(message: "down") })
        do {
            _ = try await OverviewMetrics(source: allFail.source).serviceThroughput(scope: scope, health: Self.health, time: 0)
            Issue.record("expected a 503")
        } catch {
            #expect(error.status == 503)
            #expect(error.message == "down")
        }
    }

    @Test func noVisibleNamespacesNoQuery() async throws {
        let prom = FakePrometheus()
        let rows = try await OverviewMetrics(source: prom.source).serviceLatencies(scope: .clusters(["east": []]), health: Self.health, time: 0)
        #expect(rows.isEmpty)
        #expect(prom.queries.isEmpty)
    }

    // MARK: - Rates from the health cache

    static let rateEntries = [
        entry(
            "east",
            "bookinfo",
            services: [
                "reviews": (inbound: ["http": ["200": 6, "503": 1, "404": 1]], status: .failure),
                "details": (inbound: ["http": ["200": 10]], status: .healthy),
                "ratings": (inbound: ["grpc": ["0": 3, "14": 1], "http": ["-": 0.5, "200": 0.5]], status: .degraded),
                "idle": (inbound: [:], status: .na),
                "unknown-status": (inbound: ["http": ["500": 2]], status: nil),
            ],
            apps: [
                "reviews": (inbound: ["http": ["200": 8]], outbound: ["http": ["200": 4]], status: .degraded),
                "idle": (inbound: [:], outbound: [:], status: nil),
            ]
        ),
        entry(
            "west",
            "bookinfo",
            services: [
                "reviews": (inbound: ["http": ["200": 3, "503": 1]], status: .failure),
                "a": (inbound: ["http": ["200": 1]], status: .healthy),
                "b": (inbound: ["http": ["200": 2]], status: .healthy),
                "c": (inbound: ["http": ["302": 3]], status: .healthy),
            ],
            apps: ["details": (inbound: ["http": ["200": 12]], outbound: [:], status: .healthy)]
        ),
    ]

    @Test func serviceRatesByErrorRateThenRate() throws {
        let rows = try #require(OverviewMetrics.serviceRates(OverviewHealth(entries: Self.rateEntries)))
        #expect(
            rows == [
                ServiceRate(cluster: "east", namespace: "bookinfo", serviceName: "unknown-status", requestRate: 2, errorRate: 1, healthStatus: nil),
                ServiceRate(cluster: "east", namespace: "bookinfo", serviceName: "ratings", requestRate: 5, errorRate: 0.3, healthStatus: "Degraded"),
                ServiceRate(cluster: "east", namespace: "bookinfo", serviceName: "reviews", requestRate: 8, errorRate: 0.25, healthStatus: "Failure"),
                ServiceRate(cluster: "west", namespace: "bookinfo", serviceName: "reviews", requestRate: 4, errorRate: 0.25, healthStatus: "Failure"),
                ServiceRate(cluster: "east", namespace: "bookinfo", serviceName: "details", requestRate: 10, errorRate: 0, healthStatus: "Healthy"),
                ServiceRate(cluster: "west", namespace: "bookinfo", serviceName: "c", requestRate: 3, errorRate: 0, healthStatus: "Healthy"),
            ]
        )
        #expect(OverviewMetrics.serviceRates(nil) == nil)
        #expect(OverviewMetrics.serviceRates(OverviewHealth(entries: [])) == [])
    }

    @Test func appRatesByTotal() throws {
        let rows = try #require(OverviewMetrics.appRates(OverviewHealth(entries: Self.rateEntries)))
        #expect(
            rows == [
                AppRate(cluster: "east", namespace: "bookinfo", appName: "reviews", requestRateIn: 8, requestRateOut: 4, healthStatus: "Degraded"),
                AppRate(cluster: "west", namespace: "bookinfo", appName: "details", requestRateIn: 12, requestRateOut: 0, healthStatus: "Healthy"),
                AppRate(cluster: "east", namespace: "bookinfo", appName: "idle", requestRateIn: 0, requestRateOut: 0, healthStatus: "NA"),
            ]
        )
        #expect(OverviewMetrics.appRates(OverviewHealth(entries: Self.rateEntries), limit: 1)?.count == 1)
        #expect(OverviewMetrics.appRates(nil) == nil)
    }

    // MARK: - JSON

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func latencyAndThroughputJSON() throws {
        let rows = [
            OverviewService(cluster: "east", namespace: "bookinfo", serviceName: "reviews", value: 12.5, healthStatus: "Healthy"),
            OverviewService(cluster: "west", namespace: "shop", serviceName: "cart", value: 3),
        ]
        #expect(
            Self.text(OverviewJSON.latencies(rows)) == """
                {
                  "services": [
                    {
                      "cluster": "east",
                      "healthStatus": "Healthy",
                      "latency": 12.5,
                      "namespace": "bookinfo",
                      "serviceName": "reviews"
                    },
                    {
                      "cluster": "west",
                      "latency": 3,
                      "namespace": "shop",
                      "serviceName": "cart"
                    }
                  ]
                }
                """
        )
        let throughput = try JSONParser.parse(OverviewJSON.throughput(rows))
        let first = try #require(throughput["services"]?.arrayValue?.first?.objectValue)
        #expect(Set(first.keys) == ["cluster", "healthStatus", "namespace", "serviceName", "tcpRate"])
        #expect(Self.text(OverviewJSON.throughput([])).replacing(" ", with: "").replacing("\n", with: "") == #"{"services":[]}"#)
        let keys = Self.text(OverviewJSON.throughput(rows)).split(separator: "\n").filter { $0.contains("\":") }.prefix(5).map {
            String($0.drop { $0 == " " }.prefix { $0 != ":" })
        }
        #expect(keys == [#""services""#, #""cluster""#, #""healthStatus""#, #""namespace""#, #""serviceName""#])
    }

    @Test func ratesJSON() throws {
        let services = [ServiceRate(cluster: "east", namespace: "ns", serviceName: "s", requestRate: 4, errorRate: 0.25, healthStatus: nil)]
        #expect(
            Self.text(OverviewJSON.serviceRates(services)) == """
                {
                  "services": [
                    {
                      "cluster": "east",
                      "errorRate": 0.25,
                      "namespace": "ns",
                      "requestRate": 4,
                      "serviceName": "s"
                    }
                  ]
                }
                """
        )
        let apps = [AppRate(cluster: "east", namespace: "ns", appName: "a", requestRateIn: 1.5, requestRateOut: 0, healthStatus: "NA")]
        #expect(
            Self.text(OverviewJSON.appRates(apps)) == """
                {
                  "apps": [
                    {
                      "appName": "a",
                      "cluster": "east",
                      "healthStatus": "NA",
                      "namespace": "ns",
                      "requestRateIn": 1.5,
                      "requestRateOut": 0
                    }
                  ]
                }
                """
        )
        #expect(Self.text(OverviewJSON.serviceRates(nil)) == "{\n  \"services\": null\n}")
        #expect(Self.text(OverviewJSON.appRates(nil)) == "{\n  \"apps\": null\n}")
    }
}
