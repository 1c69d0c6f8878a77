import SkoposBusiness
import SkoposGraph
import Testing

@Suite struct HealthStatusTests {
    let defaults = HealthCalculator(rates: HealthRate.withDefault([]))

    func requests(inbound: [String: [String: Double]] = [:], outbound: [String: [String: Double]] = [:]) -> RequestHealth {
        var r = RequestHealth()
        r.inbound = inbound
        r.outbound = outbound
        return r
    }

    func status(_ r: RequestHealth, _ calc: HealthCalculator? = nil, annotations: [String: String] = [:], kind: String = "workload", name: String = "w")
        -> (HealthStatus, Double)
    {
        let c = calc ?? defaults
        let (s, ratio) = c.requestStatus(r, c.tolerances(namespace: "ns", name: name, kind: kind, annotations: annotations))
        return (s, ratio)
    }

    @Test("Order: Failure > Degraded > Not Ready > Healthy > NA")
    func order() {
        #expect(HealthStatus.failure > .degraded)
        #expect(HealthStatus.degraded > .notReady)
        #expect(HealthStatus.notReady > .healthy)
        #expect(HealthStatus.healthy > .na)
        #expect(HealthStatus.notReady.rawValue == "Not Ready")
    }

    @Test("Default tolerances: any 5xx, gRPC error or no response degrades, 10 % fails; 4xx at 10 % and 20 %")
    func defaultTolerances() {
        #expect(status(requests(inbound: ["http": ["200": 99, "503": 1]])) == (.degraded, 1))
        #expect(status(requests(inbound: ["http": ["200": 9, "503": 1]])) == (.failure, 10))
        #expect(status(requests(inbound: ["http": ["200": 95, "404": 5]])) == (.healthy, 0))
        #expect(status(requests(inbound: ["http": ["200": 85, "404": 15]])) == (.degraded, 15))
        #expect(status(requests(inbound: ["http": ["200": 75, "404": 25]])) == (.failure, 25))
        #expect(status(requests(outbound: ["grpc": ["0": 99, "14": 1]])) == (.degraded, 1))
        #expect(status(requests(outbound: ["grpc": ["0": 100]])) == (.healthy, 0))
        #expect(status(requests(inbound: ["http": ["200": 98, "-": 2]])) == (.degraded, 2))
        #expect(status(requests(inbound: ["http": ["200": 1]])) == (.healthy, 0))
        #expect(status(requests()) == (.na, -1))
    }

    @Test("The worst direction and protocol wins, with its ratio")
    func worstWins() {
        let r = requests(inbound: ["http": ["200": 99, "500": 1]], outbound: ["http": ["200": 50, "500": 50]])
        #expect(status(r) == (.failure, 50))
    }

    @Test("Without any tolerance: 4xx+5xx ≥ 10 % fails, ≥ 0.1 % degrades")
    func noTolerances() {
        let none = HealthCalculator(rates: [])
        #expect(status(requests(inbound: ["http": ["200": 90, "404": 10]]), none) == (.failure, 10))
        #expect(status(requests(inbound: ["http": ["200": 99, "500": 1]]), none) == (.degraded, 1))
        #expect(status(requests(inbound: ["http": ["200": 1]]), none) == (.healthy, 0))
        #expect(status(requests(), none) == (.na, -1))
    }

    @Test("The first rate entry matching namespace, kind and name applies; else the last (the default)")
    func rateEntries() {
        let lenient = HealthRate(
            namespace: "ns", kind: "service", name: "rev.*", tolerance: [HealthTolerance(code: "5XX", protocol: "http", degraded: 20, failure: 50)])
        let calc = HealthCalculator(rates: HealthRate.withDefault([lenient]))
        let r = requests(inbound: ["http": ["200": 85, "500": 15]])
        // Healthy keeps the ratio of the first tolerance that judged the traffic (Kiali's calculator).
        #expect(status(r, calc, kind: "service", name: "reviews") == (.healthy, 15))
        #expect(status(r, calc, kind: "service", name: "ratings") == (.failure, 15))
        #expect(status(r, calc, kind: "workload", name: "reviews") == (.failure, 15))
    }

    @Test("health.kiali.io/rate overrides the configured tolerances; invalid items are skipped")
    func annotationOverride() {
        let r = requests(inbound: ["http": ["200": 97, "404": 3]])
        #expect(status(r) == (.healthy, 0))
        #expect(status(r, annotations: ["health.kiali.io/rate": "4XX,1,5,http,inbound"]) == (.degraded, 3))
        #expect(status(r, annotations: ["health.kiali.io/rate": "4XX,1,2,http,inbound"]) == (.failure, 3))
        // Direction outbound does not judge inbound traffic: the traffic is then healthy without a matching tolerance.
        #expect(status(r, annotations: ["health.kiali.io/rate": "4XX,1,2,http,outbound"]) == (.healthy, 0))
        // degraded > failure, a wrong field count or bad numbers: skipped; none valid ⇒ configuration.
        #expect(status(r, annotations: ["health.kiali.io/rate": "4XX,30,20,http,inbound;4XX,1;4XX,a,b,http,inbound"]) == (.healthy, 0))
        #expect(status(r, annotations: ["health.kiali.io/rate": "4XX,30,20,http,inbound;4XX,1,5,http,inbound"]) == (.degraded, 3))
    }

    @Test("Workload status: the first matching rule, in the spec's order", arguments: [
        (WorkloadReplicas(desired: 0, current: 0, available: 0), HealthStatus.notReady),
        (WorkloadReplicas(desired: 0, current: 1, available: 1, syncedProxies: 0), .notReady),
        (WorkloadReplicas(desired: 3, current: 2, available: 2), .degraded),
        (WorkloadReplicas(desired: 3, current: 3, available: 1), .degraded),
        (WorkloadReplicas(desired: 2, current: 1, available: 0), .failure),
        (WorkloadReplicas(desired: 2, current: 0, available: 0), .failure),
        (WorkloadReplicas(desired: 2, current: 3, available: 2), .failure),
        (WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 1), .degraded),
        (WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 0), .degraded),
        (WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 2), .healthy),
        (WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: -1), .healthy),
        (WorkloadReplicas(desired: 1, current: 2, available: 3), .degraded),
    ])
    func workloadRules(replicas: WorkloadReplicas, expected: HealthStatus) {
        #expect(HealthCalculator.workloadStatus(replicas) == expected)
    }

    @Test("syncedProxies: pods with every xDS type Synced or [FIX] IGNORED; −1 without sidecar, for gateways, without data")
    func syncedProxies() {
        let synced = ProxySyncStatus(cds: "Synced", eds: "Synced", lds: "Synced", rds: "Synced")
        let ignored = ProxySyncStatus(cds: "Synced", eds: "Synced", lds: "Synced", rds: "IGNORED")
        let stale = ProxySyncStatus(cds: "Synced", eds: "Stale", lds: "Synced", rds: "Synced")
        let notSent = ProxySyncStatus(cds: "NOT_SENT", eds: "Synced", lds: "Synced", rds: "Synced")
        let neverAcked = ProxySyncStatus(cds: "Stale (Never Acknowledged)", eds: "Synced", lds: "Synced", rds: "Synced")
        #expect(ignored.isSynced)
        #expect(!stale.isSynced && !notSent.isSynced && !neverAcked.isSynced)
        #expect(ProxySyncStatus.syncedProxies([synced, ignored, stale], hasSidecar: true, isGateway: false) == 2)
        #expect(ProxySyncStatus.syncedProxies([synced, nil], hasSidecar: true, isGateway: false) == 1)
        #expect(ProxySyncStatus.syncedProxies([nil, nil], hasSidecar: true, isGateway: false) == -1)
        #expect(ProxySyncStatus.syncedProxies([synced], hasSidecar: false, isGateway: false) == -1)
        #expect(ProxySyncStatus.syncedProxies([synced], hasSidecar: true, isGateway: true) == -1)
    }

    // MARK: - Combination

    static let bookinfo = NamespaceHealthInput(
        cluster: "east", namespace: "bookinfo",
        workloads: [
            .init(name: "reviews-v1", app: "reviews", replicas: ready(1)),
            .init(name: "reviews-v2", app: "reviews", replicas: WorkloadReplicas(desired: 2, current: 2, available: 0)),
            .init(name: "productpage-v1", app: "productpage", healthAnnotations: ["health.kiali.io/rate": "4XX,1,5,http,inbound"], replicas: ready(1)),
            .init(name: "details-v1", app: "details", replicas: ready(1), hasHTTPTraffic: false),
            .init(name: "standalone", replicas: WorkloadReplicas(desired: 0, current: 0, available: 0)),
        ],
        services: [.init(name: "reviews"), .init(name: "details", healthAnnotations: ["health.kiali.io/rate": "5XX,50,60,http,inbound"])])

    @Test("Workload = worst(replica status, requests); totalRequestRate = inbound + outbound")
    func workloadCombination() throws {
        var pp = RequestHealth()
        pp.inbound = ["http": ["200": 97, "404": 3]]
        pp.outbound = ["http": ["200": 10]]
        let health = HealthComputation.workloads(Self.bookinfo, requests: ["productpage-v1": pp], calculator: defaults)
        let productpage = try #require(health["productpage-v1"])
        // The annotation (4xx degrades at 1 %) applies to the workload.
        #expect(productpage.status == CalculatedHealth(status: .degraded, errorRatio: 3, totalRequestRate: 110))
        #expect(productpage.requests.healthAnnotations == ["health.kiali.io/rate": "4XX,1,5,http,inbound"])
        #expect(productpage.workloadStatus == WorkloadStatus(name: "productpage-v1", replicas: ready(1)))
        #expect(health["reviews-v2"]?.status == CalculatedHealth(status: .failure, errorRatio: -1, totalRequestRate: 0))
        #expect(health["standalone"]?.status?.status == .notReady)
        #expect(health["reviews-v1"]?.status == CalculatedHealth(status: .healthy, errorRatio: -1, totalRequestRate: 0))
    }

    @Test("App = worst(requests, each workload); apps never read annotations")
    func appCombination() throws {
        var pp = RequestHealth()
        pp.inbound = ["http": ["200": 97, "404": 3]]
        var reviews = RequestHealth()
        reviews.inbound = ["http": ["200": 10]]
        let apps = HealthComputation.apps(Self.bookinfo, requests: ["productpage": pp, "reviews": reviews], calculator: defaults)
        #expect(apps["productpage"]?.status == CalculatedHealth(status: .healthy, errorRatio: 0, totalRequestRate: 100))
        #expect(apps["productpage"]?.requests.healthAnnotations == [:])
        let r = try #require(apps["reviews"])
        #expect(r.status == CalculatedHealth(status: .failure, errorRatio: 0, totalRequestRate: 10))
        #expect(r.workloadStatuses.map(\.name) == ["reviews-v1", "reviews-v2"])
        #expect(apps["standalone"] == nil)
        #expect(apps.keys.sorted() == ["details", "productpage", "reviews"])
    }

    @Test("Service = requests, with its own annotation")
    func serviceCombination() {
        var r = RequestHealth()
        r.inbound = ["http": ["200": 80, "503": 20]]
        let services = HealthComputation.services(Self.bookinfo, requests: ["reviews": r, "details": r], calculator: defaults)
        #expect(services["reviews"]?.status == CalculatedHealth(status: .failure, errorRatio: 20, totalRequestRate: 100))
        #expect(services["details"]?.status == CalculatedHealth(status: .healthy, errorRatio: 20, totalRequestRate: 100))
        #expect(services["details"]?.requests.healthAnnotations == ["health.kiali.io/rate": "5XX,50,60,http,inbound"])
    }

    @Test("Entities that cannot carry HTTP traffic keep empty requests whatever the samples say")
    func noHTTPTraffic() {
        var r = RequestHealth()
        r.inbound = ["http": ["500": 5]]
        let w = HealthComputation.workloads(Self.bookinfo, requests: ["details-v1": r], calculator: defaults)
        #expect(w["details-v1"]?.requests.inbound == [:])
        #expect(w["details-v1"]?.status?.status == .healthy)
        let a = HealthComputation.apps(Self.bookinfo, requests: ["details": r], calculator: defaults)
        #expect(a["details"]?.requests.inbound == [:])
    }

    @Test("Status is absent when the rates failed, except for entities that did not need them")
    func statusAbsent() {
        let w = HealthComputation.workloads(Self.bookinfo, requests: nil, calculator: defaults)
        #expect(w["reviews-v1"]?.status == nil)
        #expect(w["reviews-v1"]?.workloadStatus != nil)
        #expect(w["details-v1"]?.status?.status == .healthy)
        #expect(HealthComputation.services(Self.bookinfo, requests: nil, calculator: defaults)["reviews"]?.status == nil)
        #expect(HealthComputation.apps(Self.bookinfo, requests: nil, calculator: defaults)["reviews"]?.status == nil)
    }

    @Test("A namespace: a kind whose rates failed is left out; kinds not asked for are left out")
    func namespaceKinds() {
        let failed = HealthComputation.namespace(Self.bookinfo, appWorkloadRequests: nil, serviceRequests: [:], calculator: defaults)
        #expect(failed.apps == nil && failed.workloads == nil && failed.services != nil)
        let onlyApps = HealthComputation.namespace(
            Self.bookinfo, types: .app, appWorkloadRequests: AppWorkloadRequests(), serviceRequests: nil, calculator: defaults)
        #expect(onlyApps.apps != nil && onlyApps.workloads == nil && onlyApps.services == nil)
        // Nothing needs rates: a failure does not matter.
        let quiet = NamespaceHealthInput(cluster: "east", namespace: "q", workloads: [.init(name: "db", replicas: ready(1), hasHTTPTraffic: false)])
        let h = HealthComputation.namespace(quiet, appWorkloadRequests: nil, serviceRequests: nil, calculator: defaults)
        #expect(h.workloads?["db"]?.status?.status == .healthy && h.services == [:])
    }

    @Test("Waypoint capture: ambient and istio.io/use-waypoint on the workload, a selecting service or the namespace")
    func waypointCapture() {
        func captured(_ w: [String: String], ambient: Bool = true, ns: [String: String] = [:], services: [[String: String]] = []) -> Bool {
            NamespaceHealthInput.isCapturedByWaypoint(workloadLabels: w, isAmbient: ambient, namespaceLabels: ns, serviceLabels: services)
        }
        let use = ["istio.io/use-waypoint": "waypoint"]
        #expect(captured(use))
        #expect(!captured(use, ambient: false))
        #expect(captured(use, ambient: false, ns: ["istio.io/dataplane-mode": "ambient"]))
        #expect(captured([:], ns: use))
        #expect(captured([:], services: [use]))
        #expect(!captured(["istio.io/use-waypoint": "none"], ns: use))
        #expect(!captured([:], ns: use, services: [["istio.io/use-waypoint": "none"]]))
        #expect(!captured([:]))
    }

    @Test("Apps are the workloads' app-label values; the first workload of a name wins")
    func appsOfInput() {
        let input = NamespaceHealthInput(
            cluster: "c", namespace: "n",
            workloads: [
                .init(name: "a", app: "x", replicas: ready(1)), .init(name: "a", app: "y", replicas: ready(2)), .init(name: "b", app: "", replicas: ready(1)),
            ])
        #expect(input.apps.map(\.name) == ["x"])
        #expect(HealthComputation.workloads(input, requests: [:], calculator: defaults)["a"]?.workloadStatus?.replicas == ready(1))
    }
}
