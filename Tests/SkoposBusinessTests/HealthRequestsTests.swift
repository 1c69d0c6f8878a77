import SkoposBusiness
import SkoposGraph
import Testing

@Suite struct HealthRequestsTests {
    let productpage = Traffic.end("east", "bookinfo", "productpage-v1")
    let reviews = Traffic.end("east", "bookinfo", "reviews-v1")
    let westReviews = Traffic.end("west", "bookinfo", "reviews-v1")
    let gateway = Traffic.end("east", "istio-system", "istio-ingressgateway", app: "istio-ingressgateway")

    @Test("Codes: response_code, 0 is no response (-), gRPC status for gRPC (backend.md §7.3)")
    func codes() {
        #expect(HealthRequests.code(["response_code": "503", "request_protocol": "http"]) == "503")
        #expect(HealthRequests.code(["response_code": "0", "request_protocol": "http"]) == "-")
        #expect(HealthRequests.code(["response_code": "200", "request_protocol": "grpc", "grpc_response_status": "14"]) == "14")
        #expect(HealthRequests.code(["response_code": "200", "request_protocol": "grpc", "grpc_response_status": "0"]) == "0")
        #expect(HealthRequests.code(["response_code": "0", "request_protocol": "grpc"]) == "-")
        #expect(HealthRequests.code(["response_code": "503", "request_protocol": "grpc"]) == "503")
        #expect(HealthRequests.code(["request_protocol": "http"]) == nil)
    }

    @Test("Inbound takes the larger of the source and destination views per protocol and code")
    func inboundMaxOfViews() {
        let samples = [
            Traffic.sample("source", from: productpage, to: reviews, code: "200", rate: 1.0),
            Traffic.sample("destination", from: productpage, to: reviews, code: "200", rate: 1.5),
            Traffic.sample("source", from: productpage, to: reviews, code: "503", rate: 0.5),
            Traffic.sample("destination", from: productpage, to: reviews, code: "503", rate: 0.25),
            Traffic.sample("destination", from: productpage, to: reviews, code: "404", rate: 0.125),
        ]
        let r = HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo")
        #expect(r.workloads["reviews-v1"]?.inbound == ["http": ["200": 1.5, "503": 0.5, "404": 0.125]])
        #expect(r.apps["reviews"]?.inbound == ["http": ["200": 1.5, "503": 0.5, "404": 0.125]])
        // Outbound of productpage: the source reporter only.
        #expect(r.workloads["productpage-v1"]?.outbound == ["http": ["200": 1.0, "503": 0.5]])
        #expect(r.apps["productpage"]?.outbound == ["http": ["200": 1.0, "503": 0.5]])
    }

    @Test("Several series of one view are summed before the views are compared")
    func viewsAreSums() {
        let samples = [
            Traffic.sample("source", from: productpage, to: reviews, rate: 1.0, extra: ["pod": "a"]),
            Traffic.sample("source", from: productpage, to: reviews, rate: 1.0, extra: ["pod": "b"]),
            Traffic.sample("destination", from: productpage, to: reviews, rate: 1.5),
        ]
        #expect(HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo").workloads["reviews-v1"]?.inbound == ["http": ["200": 2.0]])
    }

    @Test("Waypoint-reported rates go straight in; a source value replaces them, a destination value only when larger")
    func waypointReporter() {
        func inbound(_ samples: [RateSample]) -> [String: [String: Double]]? {
            HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo").workloads["reviews-v1"]?.inbound
        }
        let waypoint = Traffic.sample("waypoint", from: productpage, to: reviews, rate: 2)
        #expect(inbound([waypoint]) == ["http": ["200": 2]])
        #expect(inbound([waypoint, Traffic.sample("source", from: productpage, to: reviews, rate: 1)]) == ["http": ["200": 1]])
        #expect(inbound([waypoint, Traffic.sample("destination", from: productpage, to: reviews, rate: 1)]) == ["http": ["200": 2]])
        #expect(inbound([waypoint, Traffic.sample("destination", from: productpage, to: reviews, rate: 3)]) == ["http": ["200": 3]])
        #expect(
            inbound([waypoint, Traffic.sample("source", from: productpage, to: reviews, code: "503", rate: 1)]) == ["http": ["200": 2, "503": 1]])
        // A waypoint never reports outbound for the caller.
        #expect(HealthRequests.appsAndWorkloads([waypoint], cluster: "east", namespace: "bookinfo").workloads["productpage-v1"] == nil)
    }

    @Test("[FIX] Calls to a same-named app in another cluster or namespace are not inbound of the local one")
    func inboundScope() {
        let otherNs = Traffic.end("east", "other", "reviews-v1")
        let samples = [
            Traffic.sample("source", from: productpage, to: westReviews, code: "503", rate: 4),
            Traffic.sample("destination", from: productpage, to: westReviews, code: "503", rate: 4),
            Traffic.sample("source", from: productpage, to: otherNs, code: "500", rate: 3),
            Traffic.sample("source", from: productpage, to: reviews, code: "200", rate: 1),
        ]
        let r = HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo")
        #expect(r.apps["reviews"]?.inbound == ["http": ["200": 1]])
        #expect(r.workloads["reviews-v1"]?.inbound == ["http": ["200": 1]])
        // productpage sent all of them.
        #expect(r.apps["productpage"]?.outbound == ["http": ["200": 1, "500": 3, "503": 4]])
    }

    @Test("[FIX] An unknown destination cluster counts when the source is in the cluster")
    func unknownDestinationCluster() {
        let fromWest = Traffic.end("west", "bookinfo", "productpage-v1")
        let samples = [
            Traffic.sample("source", from: productpage, to: reviews, rate: 1, destinationCluster: "unknown"),
            Traffic.sample("source", from: fromWest, to: reviews, code: "503", rate: 2, destinationCluster: "unknown"),
        ]
        let r = HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo")
        #expect(r.workloads["reviews-v1"]?.inbound == ["http": ["200": 1]])
        let s = HealthRequests.services(samples, cluster: "east", namespace: "bookinfo")
        #expect(s["reviews"]?.inbound == ["http": ["200": 1]])
    }

    @Test("[FIX] Outbound only from the namespace and cluster")
    func outboundScope() {
        let westProductpage = Traffic.end("west", "bookinfo", "productpage-v1")
        let samples = [
            Traffic.sample("source", from: westProductpage, to: reviews, code: "503", rate: 2),
            Traffic.sample("source", from: productpage, to: reviews, rate: 1),
        ]
        let r = HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo")
        #expect(r.apps["productpage"]?.outbound == ["http": ["200": 1]])
    }

    @Test("Services: inbound by destination_service_name in the namespace and cluster")
    func services() {
        let samples = [
            Traffic.sample("source", from: gateway, to: productpage, rate: 2),
            Traffic.sample("destination", from: gateway, to: productpage, rate: 2.5),
            Traffic.sample("source", from: productpage, to: westReviews, code: "503", rate: 1),
            Traffic.sample("source", from: productpage, to: reviews, rate: 1),
        ]
        let s = HealthRequests.services(samples, cluster: "east", namespace: "bookinfo")
        #expect(s["productpage"]?.inbound == ["http": ["200": 2.5]])
        #expect(s["reviews"]?.inbound == ["http": ["200": 1]])
        #expect(s["productpage"]?.outbound == [:])
    }

    @Test("TCP, protocol-less, code-less, negative and NaN samples are skipped")
    func skipped() {
        var noCode = Traffic.sample("source", from: productpage, to: reviews, rate: 1)
        noCode.labels["response_code"] = nil
        var noProto = Traffic.sample("source", from: productpage, to: reviews, rate: 1)
        noProto.labels["request_protocol"] = nil
        let samples = [
            Traffic.sample("source", from: productpage, to: reviews, proto: "tcp", rate: 1), noCode, noProto,
            Traffic.sample("source", from: productpage, to: reviews, rate: -1), Traffic.sample("source", from: productpage, to: reviews, rate: .nan),
        ]
        let r = HealthRequests.appsAndWorkloads(samples, cluster: "east", namespace: "bookinfo")
        #expect(r.workloads.values.allSatisfy { $0.inbound.isEmpty && $0.outbound.isEmpty })
    }

    @Test("One entity: inbound from its inbound query, outbound (source reporter) from its outbound query")
    func entity() {
        let ratings = Traffic.end("east", "bookinfo", "ratings-v1")
        let inbound = [
            Traffic.sample("source", from: productpage, to: reviews, rate: 1),
            Traffic.sample("destination", from: productpage, to: reviews, code: "503", rate: 0.5),
        ]
        let outbound = [
            Traffic.sample("source", from: reviews, to: ratings, proto: "grpc", code: "200", grpc: "14", rate: 0.25),
            Traffic.sample("destination", from: reviews, to: ratings, proto: "grpc", code: "200", grpc: "0", rate: 9),
        ]
        let app = HealthRequests.entity(.app, name: "reviews", inbound: inbound, outbound: outbound, cluster: "east", namespace: "bookinfo")
        #expect(app.inbound == ["http": ["200": 1, "503": 0.5]])
        #expect(app.outbound == ["grpc": ["14": 0.25]])
        let svc = HealthRequests.entity(.service, name: "reviews", inbound: inbound, outbound: outbound, cluster: "east", namespace: "bookinfo")
        #expect(svc.inbound == ["http": ["200": 1, "503": 0.5]])
        #expect(svc.outbound == [:])
        let other = HealthRequests.entity(.workload, name: "details-v1", inbound: inbound, outbound: outbound, cluster: "east", namespace: "bookinfo")
        #expect(other == RequestHealth())
    }
}
