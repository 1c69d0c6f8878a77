import Foundation
import KubeTypes
import SkoposModel
import Testing

@testable import MeshSim

@Suite("Mesh topology and Istio telemetry")
struct TelemetryTests {
    let topology = MeshTopology(DefaultScenario.load())

    func flows(from source: String, to service: String) -> [MeshTopology.Flow] {
        topology.flows.filter { $0.source.name == source && $0.service.name == service }
    }

    @Test("productpage's calls to reviews spread evenly over both clusters' endpoints")
    func multiClusterSplit() {
        let toReviews = flows(from: "productpage-v1", to: "reviews")
        let shares = Dictionary(uniqueKeysWithValues: toReviews.map { ("\($0.destination.cluster)/\($0.destination.name)", $0.rate) })
        #expect(shares == ["east/reviews-v1": 2, "east/reviews-v2": 2, "west/reviews-v2": 2, "west/reviews-v3": 2])
        let pairs = Set(topology.flows.map { "\($0.source.cluster)->\($0.destination.cluster)" })
        #expect(pairs.isSuperset(of: ["east->east", "east->west", "west->west", "west->east"]))
    }

    @Test("locality: local keeps traffic in the source's cluster; split weights follow the scenario")
    func localityAndSplit() {
        // The portal's travels-v1 runs in both clusters; each instance calls the agency in its own cluster only.
        let portal = flows(from: "travels-v1", to: "travels").filter { $0.source.namespace == "travel-portal" }
        #expect(portal.map { "\($0.source.cluster)->\($0.destination.cluster)" }.sorted() == ["east->east", "west->west"])
        #expect(portal.map(\.rate) == [2, 2])
        let toFlights = flows(from: "travels-v1", to: "flights").filter { $0.source.cluster == "east" }
        #expect(toFlights.map(\.rate).sorted() == [1, 1])
    }

    @Test("Counts follow the rates and error shares exactly")
    func counts() throws {
        var state = TrafficState(topology: topology)
        state.advance(seconds: 60)
        let details = try #require(topology.flows.firstIndex { $0.source.name == "productpage-v1" && $0.service.name == "details" })
        #expect(state.counts[details][Outcome(code: "200")] == 8 * 60 * 0.95)
        #expect(abs(state.counts[details][Outcome(code: "503")]! - 24) < 1e-9)
        let discounts = try #require(topology.flows.firstIndex { $0.service.name == "discounts" })
        #expect(state.counts[discounts].keys.contains(Outcome(code: "200", grpcStatus: "14")))
        let mysql = try #require(topology.flows.firstIndex { $0.service.name == "mysqldb" })
        #expect(state.counts[mysql].keys.sorted() == [Outcome(code: "")])
    }

    @Test("A fault switched on turns that share of the workload's requests into its code, from then on")
    func faults() throws {
        var state = TrafficState(topology: topology)
        state.advance(seconds: 10)
        let target = Scenario.WorkloadRef(cluster: "west", namespace: "bookinfo", workload: "reviews-v3")
        state.setFault(Scenario.Fault(target: target, code: "503", percent: 50))
        state.advance(seconds: 10)
        let flow = try #require(topology.flows.firstIndex { $0.source.name == "productpage-v1" && $0.destination.name == "reviews-v3" })
        #expect(state.counts[flow][Outcome(code: "503")] == 10)  // 2 rps for 10 s, half of them
        #expect(state.counts[flow][Outcome(code: "200")] == 30)
        state.setFault(Scenario.Fault(target: target, percent: 0))
        #expect(state.faults.isEmpty)
        // Other workloads are untouched.
        let v2 = try #require(topology.flows.firstIndex { $0.source.name == "productpage-v1" && $0.destination.name == "reviews-v2" && $0.destination.cluster == "west" })
        #expect(state.counts[v2][Outcome(code: "503")] == nil)
        #expect(state.counts[v2][Outcome(code: "200")] == 40)
    }

    @Test("/metrics carries Istio's full label set, reported by both sides, in each side's cluster")
    func exposition() throws {
        var state = TrafficState(topology: topology)
        state.advance(seconds: 5)
        let telemetry = IstioTelemetry(topology: topology)
        let east = MetricsExposition.text(telemetry, counts: state.counts, cluster: "east")
        let west = MetricsExposition.text(telemetry, counts: state.counts, cluster: "west")
        let crossSource = east.split(separator: "\n").first {
            $0.hasPrefix("istio_requests_total{reporter=\"source\",source_workload=\"productpage-v1\"") && $0.contains("destination_workload=\"reviews-v3\"")
        }
        let line = try #require(crossSource.map(String.init))
        for label in [
            "source_canonical_service=\"productpage\"", "source_canonical_revision=\"v1\"", "source_workload_namespace=\"bookinfo\"",
            "source_principal=\"spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage\"", "source_app=\"productpage\"", "source_version=\"v1\"",
            "source_cluster=\"east\"", "destination_workload_namespace=\"bookinfo\"", "destination_principal=\"spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews\"",
            "destination_app=\"reviews\"", "destination_version=\"v3\"", "destination_service=\"reviews.bookinfo.svc.cluster.local\"",
            "destination_canonical_service=\"reviews\"", "destination_canonical_revision=\"v3\"", "destination_service_name=\"reviews\"",
            "destination_service_namespace=\"bookinfo\"", "destination_cluster=\"west\"", "request_protocol=\"http\"", "response_code=\"200\"",
            "grpc_response_status=\"\"", "response_flags=\"-\"", "connection_security_policy=\"unknown\"",
        ] {
            #expect(line.contains(label), "\(label) in \(line)")
        }
        #expect(line.hasSuffix("} 10"))
        // The same requests, reported by reviews-v3's sidecar, are in west's metrics with mTLS.
        let destination = west.split(separator: "\n").first {
            $0.hasPrefix("istio_requests_total{reporter=\"destination\",source_workload=\"productpage-v1\"") && $0.contains("destination_workload=\"reviews-v3\"")
        }
        #expect(destination?.contains("connection_security_policy=\"mutual_tls\"") == true)
        #expect(destination?.hasSuffix("} 10") == true)
        // A cluster's proxies report only their own side: east has no destination-reported series of west's workloads.
        #expect(!east.split(separator: "\n").contains { $0.contains("reporter=\"destination\"") && $0.contains("destination_cluster=\"west\"") })
        // The ingress gateway reports its outbound calls only.
        #expect(east.contains("reporter=\"source\",source_workload=\"istio-ingressgateway\""))
        #expect(!east.contains("destination_workload=\"istio-ingressgateway\""))
        // Every family of the issue is there, with histograms and TCP and gRPC metrics.
        for family in ["istio_requests_total", "istio_request_duration_milliseconds_bucket", "istio_request_bytes_sum", "istio_response_bytes_count",
                       "istio_tcp_sent_bytes_total", "istio_tcp_received_bytes_total", "istio_tcp_connections_opened_total",
                       "istio_tcp_connections_closed_total", "istio_request_messages_total", "istio_response_messages_total"] {
            #expect(east.contains("\n\(family){"), "\(family)")
        }
        let tcp = try #require(east.split(separator: "\n").first { $0.hasPrefix("istio_tcp_sent_bytes_total{") })
        #expect(!tcp.contains("response_code") && tcp.contains("request_protocol=\"tcp\""))
    }

    @Test("Histogram buckets are cumulative and end with the count")
    func histogram() throws {
        var state = TrafficState(topology: topology)
        state.advance(seconds: 100)
        let telemetry = IstioTelemetry(topology: topology)
        let flow = try #require(topology.flows.firstIndex { $0.service.name == "productpage" })
        let key = SeriesKey(flow: flow, outcome: Outcome(code: "200"), reporter: .destination)
        let samples = telemetry.samples(.requestDuration, key, count: state.counts[flow][Outcome(code: "200")]!)
        let buckets = samples.filter { $0.le != nil }.map(\.value)
        #expect(buckets.count == IstioMetric.durationBuckets.count + 1)
        #expect(buckets == buckets.sorted())
        #expect(buckets.last == 800)
        #expect(samples.last == Sample(name: "istio_request_duration_milliseconds_count", value: 800))
    }

    @Test("Backfill: OpenMetrics families with timestamps, every interval, ending in # EOF")
    func backfill() {
        var text = ""
        Backfill(start: 1_700_000_000, interval: 5, steps: 3, metrics: [.requestsTotal]).openMetrics(topology) { text += $0 }
        #expect(text.hasPrefix("# HELP istio_requests "))
        #expect(text.contains("# TYPE istio_requests counter\n"))
        #expect(text.hasSuffix("# EOF\n"))
        let ingress = text.split(separator: "\n").filter { $0.contains("{reporter=\"source\",source_workload=\"istio-ingressgateway\"") }
        #expect(ingress.map { $0.split(separator: " ").suffix(2).joined(separator: " ") } == ["40 1700000000", "80 1700000005", "120 1700000010"])
    }

    @Test("Manifests: istiod with CLUSTER_ID, the mesh ID, injection labels, Services in every cluster with the namespace")
    func manifests() throws {
        let scenario = DefaultScenario.load()
        for cluster in ["east", "west"] {
            let objects = ScenarioManifests.objects(for: cluster, in: scenario)
            func find(_ kind: String, _ name: String, _ ns: String? = nil) -> JSONValue? {
                objects.first {
                    $0["kind"]?.stringValue == kind && $0[path: ["metadata", "name"]]?.stringValue == name
                        && (ns == nil || $0[path: ["metadata", "namespace"]]?.stringValue == ns)
                }
            }
            let istiod = try #require(find("Deployment", "istiod", "istio-system"))
            let env = istiod[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue ?? []
            #expect(env.contains(["name": "CLUSTER_ID", "value": .string(cluster)]))
            #expect(find("ConfigMap", "istio", "istio-system")?[path: ["data", "mesh"]]?.stringValue?.contains("meshId: mesh1") == true)
            #expect(find("Namespace", "bookinfo")?[path: ["metadata", "labels", "istio-injection"]] == "enabled")
            #expect(find("Service", "reviews", "bookinfo") != nil)
            #expect(find("Deployment", "istio-eastwestgateway", "istio-system") != nil)
            #expect(find("Gateway", "cross-network-gateway", "istio-system") != nil)
        }
        let east = ScenarioManifests.objects(for: "east", in: scenario)
        let west = ScenarioManifests.objects(for: "west", in: scenario)
        #expect(east.contains { $0[path: ["metadata", "name"]] == "productpage-v1" })
        #expect(!west.contains { $0[path: ["metadata", "name"]] == "productpage-v1" })
        #expect(east.contains { $0["kind"] == "VirtualService" && $0[path: ["metadata", "name"]] == "productpage" })
        #expect(west.contains { $0[path: ["metadata", "name"]] == "reviews-v3" && $0["kind"] == "Deployment" })
    }
}

@Suite("Telemetry edge cases")
struct TelemetryEdgeCaseTests {
    static let scenario = """
        clusters: [east, west]
        namespaces:
          - name: shop
            services: [{name: web}, {name: db, port: 5432, protocol: tcp}]
            workloads:
              - {name: web-v1, app: web, version: v1, clusters: [east]}
              - {name: web-v2, app: web, version: v2, clusters: [west]}
              - {name: db-v1, app: db, version: v1, clusters: [east, west]}
          - name: legacy
            injection: false
            workloads:
              - {name: client, clusters: [east, west]}
        traffic:
          - {from: legacy/client, to: web.shop, rate: 2}
          - {from: west/shop/web-v2, to: web.shop, rate: 4, locality: local, split: {web-v1: 1}}
          - {from: shop/web-v1, to: db.shop, rate: 1}
        faults:
          - {workload: shop/db-v1, percent: 50}
        """

    @Test("Callers without a proxy in two clusters make one series, with the sum of their requests")
    func mergedSeries() throws {
        let topology = MeshTopology(try ScenarioParser.parse(Self.scenario, file: "s.yaml"))
        var state = TrafficState(topology: topology)
        state.advance(seconds: 10)
        let text = MetricsExposition.text(IstioTelemetry(topology: topology), counts: state.counts, cluster: "east")
        let unknownToWeb = text.split(separator: "\n").filter {
            $0.hasPrefix("istio_requests_total{reporter=\"destination\",source_workload=\"unknown\"") && $0.contains("destination_workload=\"web-v1\"")
        }
        // legacy/client in east and in west each send half of their 2 rps to web-v1: 1 + 1 rps for 10 s.
        #expect(unknownToWeb.count == 1)
        #expect(unknownToWeb.first?.hasSuffix("} 20") == true)
        #expect(unknownToWeb.first?.contains("connection_security_policy=\"none\"") == true)
        // No series appears twice on the page.
        let series = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0[..<$0.lastIndex(of: " ")!] }
        #expect(Set(series).count == series.count)
        // The backfill has no duplicate sample either.
        var history = ""
        Backfill(start: 1_700_000_000, steps: 3).openMetrics(topology) { history += $0 }
        let samples = history.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: " ")
            return "\(parts.dropLast(2).joined(separator: " ")) \(parts.last!)"
        }
        #expect(!samples.isEmpty)
        #expect(Set(samples).count == samples.count)
    }

    @Test("A split comes before locality: a local caller fails over to the split's workload in another cluster")
    func splitThenLocality() throws {
        let topology = MeshTopology(try ScenarioParser.parse(Self.scenario, file: "s.yaml"))
        let flows = topology.flows.filter { $0.source.name == "web-v2" }
        #expect(flows.map { "\($0.destination.cluster)/\($0.destination.name)" } == ["east/web-v1"])
        #expect(flows.map(\.rate) == [4])
    }

    @Test("A scenario fault without a cluster applies in each cluster, and each can be switched off alone")
    func faultPerCluster() throws {
        let topology = MeshTopology(try ScenarioParser.parse(Self.scenario, file: "s.yaml"))
        var state = TrafficState(topology: topology)
        #expect(state.faults.map(\.target.description).sorted() == ["east/shop/db-v1", "west/shop/db-v1"])
        state.setFault(Scenario.Fault(target: Scenario.WorkloadRef(cluster: "west", namespace: "shop", workload: "db-v1"), percent: 0))
        #expect(state.faults.map(\.target.description) == ["east/shop/db-v1"])
        state.advance(seconds: 10)
        // TCP connections refused by the failing backend are flagged UF.
        let toEast = try #require(topology.flows.firstIndex { $0.service.name == "db" && $0.destination.cluster == "east" })
        #expect(state.counts[toEast][Outcome(code: "", flags: "UF")] == 2.5)
    }

    @Test("Error codes must fit the protocol")
    func errorCodes() {
        for (edge, reason) in [
            ("{from: shop/web-v1, to: db.shop, rate: 1, errors: {\"503\": 0.1}}", "is TCP"),
            ("{from: shop/web-v1, to: web.shop, rate: 1, errors: {\"1000\": 0.1}}", "not an HTTP status code"),
        ] {
            let text = Self.scenario.replacingOccurrences(of: "  - {from: shop/web-v1, to: db.shop, rate: 1}", with: "  - " + edge)
            #expect(throws: ScenarioError.self) { try ScenarioParser.parse(text, file: "s.yaml") }
            do { _ = try ScenarioParser.parse(text, file: "s.yaml") } catch { #expect(error.reason.contains(reason), "\(error)") }
        }
        let grpc = """
            clusters: [one]
            namespaces:
              - name: a
                services: [{name: g, protocol: grpc}]
                workloads: [{name: g, clusters: [one]}, {name: c, clusters: [one]}]
            traffic:
              - {from: a/c, to: g.a, rate: 1, errors: {"503": 0.1}}
            """
        do {
            _ = try ScenarioParser.parse(grpc, file: "g.yaml")
            Issue.record("a gRPC edge took an HTTP code")
        } catch {
            #expect(error.line == 7 && error.reason.contains("not a gRPC status code"), "\(error)")
        }
    }

    @Test("An empty backfill is just # EOF")
    func emptyBackfill() {
        var text = ""
        Backfill(start: 0, steps: 0).openMetrics(MeshTopology(DefaultScenario.load())) { text += $0 }
        #expect(text == "# EOF\n")
    }
}
