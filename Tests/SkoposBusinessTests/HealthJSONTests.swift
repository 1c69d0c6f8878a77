import SkoposBusiness
import SkoposGraph
import Testing

@Suite struct HealthJSONTests {
    @Test("WorkloadHealth: requests, status, workloadStatus, keys as Kiali writes them (backend.md §7.6)")
    func workload() {
        var r = RequestHealth()
        r.inbound = ["http": ["503": 0.25, "200": 3.5]]
        r.outbound = ["grpc": ["14": 0.05, "0": 1.0]]
        let h = WorkloadHealth(
            requests: r, status: CalculatedHealth(status: .degraded, errorRatio: 5.4, totalRequestRate: 4.8),
            workloadStatus: WorkloadStatus(name: "reviews-v1", replicas: WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 2)))
        #expect(
            json(h, HealthJSON.write)
                == #"{"requests":{"healthAnnotations":{},"inbound":{"http":{"200":3.5,"503":0.25}},"outbound":{"grpc":{"0":1,"14":0.05}}},"#
                + #""status":{"errorRatio":5.4,"status":"Degraded","totalRequestRate":4.8},"#
                + #""workloadStatus":{"availableReplicas":2,"currentReplicas":2,"desiredReplicas":2,"name":"reviews-v1","syncedProxies":2}}"#)
    }

    @Test("AppHealth without status (rates failed): requests and workloadStatuses only")
    func appWithoutStatus() {
        let h = AppHealth(
            requests: RequestHealth(), status: nil,
            workloadStatuses: [WorkloadStatus(name: "a", replicas: ready(1)), WorkloadStatus(name: "b", replicas: WorkloadReplicas(desired: 0, current: 0, available: 0))])
        #expect(
            json(h, HealthJSON.write)
                == #"{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}},"workloadStatuses":["#
                + #"{"availableReplicas":1,"currentReplicas":1,"desiredReplicas":1,"name":"a","syncedProxies":-1},"#
                + #"{"availableReplicas":0,"currentReplicas":0,"desiredReplicas":0,"name":"b","syncedProxies":-1}]}"#)
        #expect(json(AppHealth(requests: RequestHealth(), status: nil, workloadStatuses: []), HealthJSON.write).hasSuffix(#""workloadStatuses":[]}"#))
    }

    @Test("errorRatio: 0 omitted, −1 written (Go's omitempty); annotations written")
    func serviceErrorRatio() {
        var r = RequestHealth()
        r.healthAnnotations = ["health.kiali.io/rate": "4XX,10,20,http,inbound"]
        let zero = ServiceHealth(requests: r, status: CalculatedHealth(status: .healthy, errorRatio: 0, totalRequestRate: 2))
        #expect(
            json(zero, HealthJSON.write)
                == #"{"requests":{"healthAnnotations":{"health.kiali.io/rate":"4XX,10,20,http,inbound"},"inbound":{},"outbound":{}},"status":{"status":"Healthy","totalRequestRate":2}}"#
        )
        let none = ServiceHealth(requests: RequestHealth(), status: CalculatedHealth(status: .na, errorRatio: -1, totalRequestRate: 0))
        #expect(json(none, HealthJSON.write).hasSuffix(#""status":{"errorRatio":-1,"status":"NA","totalRequestRate":0}}"#))
    }

    @Test("Numbers as Go's encoding/json writes float64", arguments: [
        (1.0, "1"), (0.05, "0.05"), (3.5e-05, "0.000035"), (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-10, "1.5e-10"), (1e21, "1e+21"),
        (1e20, "100000000000000000000"), (123456789.5, "123456789.5"), (-1.0, "-1"), (5.4, "5.4"), (0.1 + 0.2, "0.30000000000000004"),
        (100.0 / 3.0, "33.333333333333336"), (0.0, "0"), (2.5e22, "2.5e+22"), (.nan, "0"),
    ])
    func goFloats(value: Double, text: String) {
        let h = CalculatedHealth(status: .healthy, errorRatio: -1, totalRequestRate: value)
        #expect(json(h, HealthJSON.write) == #"{"errorRatio":-1,"status":"Healthy","totalRequestRate":\#(text)}"#)
    }

    static func health(_ s: HealthStatus?) -> CalculatedHealth? {
        s.map { CalculatedHealth(status: $0, errorRatio: -1, totalRequestRate: 0) }
    }

    static let bookinfo = NamespaceHealth(
        apps: [
            "reviews": AppHealth(requests: RequestHealth(), status: health(.healthy), workloadStatuses: []),
            "details": AppHealth(requests: RequestHealth(), status: health(.na), workloadStatuses: []),
            "ratings": AppHealth(requests: RequestHealth(), status: nil, workloadStatuses: []),
        ],
        services: ["reviews": ServiceHealth(requests: RequestHealth(), status: health(.degraded))],
        workloads: [
            "reviews-v1": WorkloadHealth(requests: RequestHealth(), status: health(.failure), workloadStatus: nil),
            "db": WorkloadHealth(requests: RequestHealth(), status: health(.notReady), workloadStatus: nil),
        ])

    @Test("Buckets and the worst status (backend.md §7.7)")
    func buckets() {
        let summary = NamespaceHealthSummary(Self.bookinfo, types: .all)
        #expect(summary.statusApp?.inSuccess == ["reviews"])
        #expect(summary.statusApp?.notAvailable == ["details", "ratings"])
        #expect(summary.statusApp?.worstStatus == .healthy)
        #expect(summary.statusService?.inWarning == ["reviews"])
        #expect(summary.statusWorkload?.inError == ["reviews-v1"])
        #expect(summary.statusWorkload?.inNotReady == ["db"])
        #expect(summary.worstStatus == .failure)
        #expect(NamespaceHealthSummary(Self.bookinfo, types: .service).worstStatus == .degraded)
        #expect(NamespaceHealthSummary(NamespaceHealth(), types: .all).worstStatus == .na)
        #expect(HealthBuckets(["a": .na]).worstStatus == .na)
    }

    @Test("/api/clusters/health with every type: four members, namespaceHealth last")
    func clustersHealthAll() {
        let body = compact(ClustersHealth(types: .all, namespaces: ["bookinfo": Self.bookinfo, "empty": NamespaceHealth()]).jsonBytes())
        let na = #"{"errorRatio":-1,"status":"NA","totalRequestRate":0}"#
        let empty = #"{"healthAnnotations":{},"inbound":{},"outbound":{}}"#
        let emptyBuckets = #"{"inError":[],"inNotReady":[],"inSuccess":[],"inWarning":[],"notAvailable":[]}"#
        #expect(
            body
                == #"{"namespaceAppHealth":{"bookinfo":{"#
                + #""details":{"requests":\#(empty),"status":\#(na),"workloadStatuses":[]},"#
                + #""ratings":{"requests":\#(empty),"workloadStatuses":[]},"#
                + #""reviews":{"requests":\#(empty),"status":{"errorRatio":-1,"status":"Healthy","totalRequestRate":0},"workloadStatuses":[]}},"#
                + #""empty":{}},"#
                + #""namespaceServiceHealth":{"bookinfo":{"reviews":{"requests":\#(empty),"status":{"errorRatio":-1,"status":"Degraded","totalRequestRate":0}}},"empty":{}},"#
                + #""namespaceWorkloadHealth":{"bookinfo":{"db":{"requests":\#(empty),"status":{"errorRatio":-1,"status":"Not Ready","totalRequestRate":0}},"#
                + #""reviews-v1":{"requests":\#(empty),"status":{"errorRatio":-1,"status":"Failure","totalRequestRate":0}}},"empty":{}},"#
                + #""namespaceHealth":{"bookinfo":{"#
                + #""statusApp":{"inError":[],"inNotReady":[],"inSuccess":["reviews"],"inWarning":[],"notAvailable":["details","ratings"]},"#
                + #""statusService":{"inError":[],"inNotReady":[],"inSuccess":[],"inWarning":["reviews"],"notAvailable":[]},"#
                + #""statusWorkload":{"inError":["reviews-v1"],"inNotReady":["db"],"inSuccess":[],"inWarning":[],"notAvailable":[]},"#
                + #""worstStatus":"Failure"},"#
                + #""empty":{"statusApp":\#(emptyBuckets),"statusService":\#(emptyBuckets),"statusWorkload":\#(emptyBuckets),"worstStatus":"NA"}}}"#)
    }

    @Test("/api/clusters/health with one type: the other maps and buckets are absent")
    func clustersHealthOneType() {
        let body = compact(ClustersHealth(types: .service, namespaces: ["bookinfo": Self.bookinfo]).jsonBytes())
        #expect(
            body
                == #"{"namespaceServiceHealth":{"bookinfo":{"reviews":{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}},"status":{"errorRatio":-1,"status":"Degraded","totalRequestRate":0}}}},"#
                + #""namespaceHealth":{"bookinfo":{"statusService":{"inError":[],"inNotReady":[],"inSuccess":[],"inWarning":["reviews"],"notAvailable":[]},"worstStatus":"Degraded"}}}"#
        )
    }

    @Test("The type parameter")
    func typeParameter() {
        #expect(HealthTypes(parameter: "") == .all)
        #expect(HealthTypes(parameter: "app") == .app)
        #expect(HealthTypes(parameter: "service") == .service)
        #expect(HealthTypes(parameter: "workload") == .workload)
        #expect(HealthTypes(parameter: "apps") == nil)
    }
}
