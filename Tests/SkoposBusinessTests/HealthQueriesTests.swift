import PromClient
import SkoposBusiness
import Testing

@Suite struct HealthQueriesTests {
    let q = HealthQueries()
    let w = HealthWindow.default

    @Test("Upstream's namespace queries (backend.md §7.2); part 1 without upstream's source-namespace filter (§7.3 [FIX])")
    func namespaceQueries() {
        #expect(
            q.namespaceRatesPart1(namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_service_namespace="bookinfo",destination_cluster="east"}[5m]) > 0"#)
        #expect(
            q.namespaceRatesPart2(namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{source_workload_namespace="bookinfo",source_cluster="east"}[5m]) > 0"#)
        #expect(
            q.namespaceServices(namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_service_namespace="bookinfo",destination_cluster=~"east|unknown"}[5m]) > 0"#)
    }

    @Test("Upstream's entity queries, exactly")
    func entityQueries() {
        #expect(
            q.service("reviews", namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_service_name="reviews",destination_service_namespace="bookinfo",destination_cluster=~"east|unknown"}[5m]) > 0"#)
        #expect(
            q.service("api.example.com", namespace: "unknown", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_service_name="api.example.com",destination_service_namespace="unknown",destination_cluster=~"east|unknown"}[5m]) > 0"#)
        #expect(
            q.appInbound("reviews", namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_workload_namespace="bookinfo",destination_canonical_service="reviews",destination_cluster="east"}[5m]) > 0"#)
        #expect(
            q.appOutbound("reviews", namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{source_workload_namespace="bookinfo",source_canonical_service="reviews",source_cluster="east"}[5m]) > 0"#)
        #expect(
            q.workloadInbound("reviews-v1", namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{destination_workload_namespace="bookinfo",destination_workload="reviews-v1",destination_cluster="east"}[5m]) > 0"#)
        #expect(
            q.workloadOutbound("reviews-v1", namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{source_workload_namespace="bookinfo",source_workload="reviews-v1",source_cluster="east"}[5m]) > 0"#)
    }

    @Test("[FIX] The query scope goes into every selector, sorted by label name")
    func queryScope() {
        let scoped = HealthQueries(queryScope: ["mesh_id": "m1", "cluster-set": "a"])
        #expect(
            scoped.namespaceRatesPart2(namespace: "bookinfo", cluster: "east", window: w)
                == #"rate(istio_requests_total{cluster_set="a",mesh_id="m1",source_workload_namespace="bookinfo",source_cluster="east"}[5m]) > 0"#)
        #expect(scoped.batchSource(namespaces: ["a"], cluster: "east", window: w).contains(#"istio_requests_total{cluster_set="a",mesh_id="m1","#))
    }

    @Test("The window text: as given, or minutes when whole, else seconds")
    func windows() {
        #expect(HealthWindow(seconds: 300).text == "5m")
        #expect(HealthWindow(seconds: 330).text == "330s")
        #expect(HealthWindow(parsing: "300s")?.text == "300s")
        #expect(HealthWindow(parsing: "1m30s")?.seconds == 90)
        #expect(HealthWindow(parsing: "1h")?.seconds == 3600)
        #expect(HealthWindow(parsing: "5x") == nil)
        #expect(HealthWindow(parsing: "") == nil)
        #expect(HealthWindow(parsing: "30s1m") == nil)
        #expect(q.service("s", namespace: "n", cluster: "c", window: HealthWindow(seconds: 90)).hasSuffix("[90s]) > 0"))
    }

    @Test("compute.duration: below one minute or invalid means one minute (backend.md §3.6)")
    func computeDuration() {
        #expect(HealthWindow.computeDuration("5m") == HealthWindow(seconds: 300))
        #expect(HealthWindow.computeDuration("30s") == HealthWindow(seconds: 60))
        #expect(HealthWindow.computeDuration("bad") == HealthWindow(seconds: 60))
        #expect(HealthWindow.computeDuration("2h") == HealthWindow(seconds: 7200))
    }

    @Test("The cache window: the duration, or 1.1 × the time since the previous run when longer (backend.md §7.8)")
    func cacheWindow() {
        let d = HealthWindow.default
        #expect(HealthWindow.cacheWindow(duration: d, sincePreviousRun: nil) == d)
        #expect(HealthWindow.cacheWindow(duration: d, sincePreviousRun: 180) == d)
        #expect(HealthWindow.cacheWindow(duration: d, sincePreviousRun: 400).text == "440s")
        #expect(HealthWindow.cacheWindow(duration: d, sincePreviousRun: 600).text == "11m")
        #expect(HealthWindow.cacheWindow(duration: d, sincePreviousRun: 400.5).text == "441s")
    }

    @Test("Values are escaped as PromQL strings; regex alternatives escape metacharacters")
    func escaping() {
        #expect(
            q.namespaceRatesPart2(namespace: #"we"ird"#, cluster: "east", window: w)
                == #"rate(istio_requests_total{source_workload_namespace="we\"ird",source_cluster="east"}[5m]) > 0"#)
        #expect(
            q.namespaceServices(namespace: "ns", cluster: "east.example", window: w)
                == #"rate(istio_requests_total{destination_service_namespace="ns",destination_cluster=~"east\\.example|unknown"}[5m]) > 0"#)
    }

    @Test("Batched queries: one regex over the namespaces, summed by the labels the request maps read")
    func batched() {
        let by = HealthQueries.labelsKept.joined(separator: ",")
        #expect(
            q.batchDestination(namespaces: ["a", "b-2"], cluster: "east", window: w)
                == #"sum by (\#(by)) (rate(istio_requests_total{destination_service_namespace=~"a|b-2",destination_cluster=~"east|unknown"}[5m])) > 0"#)
        #expect(
            q.batchSource(namespaces: ["a", "b-2"], cluster: "east", window: w)
                == #"sum by (\#(by)) (rate(istio_requests_total{source_workload_namespace=~"a|b-2",source_cluster="east"}[5m])) > 0"#)
    }

    @Test("Prometheus vectors adapt to rate samples; other answers are an error")
    func queryResultAdapter() throws {
        let result = QueryResult.vector([VectorSample(metric: ["reporter": "source"], point: SamplePoint(time: 1, value: 0.5))])
        #expect(try RateSample.samples(from: result) == [RateSample(labels: ["reporter": "source"], value: 0.5)])
        #expect(throws: HealthError.self) { try RateSample.samples(from: .scalar(SamplePoint(time: 1, value: 2))) }
    }
}
