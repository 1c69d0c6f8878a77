import Foundation
import KubeClient
import SkoposModel
import Testing

@testable import SkoposGraph

/// The Kubernetes-backed appenders and finalizers (`graph.md` §9.2, §9.3, §11), on traffic maps built by hand and a
/// `KubeView` over in-memory facts: the intent of Kiali's per-appender tests (`graph/telemetry/istio/appender/`).
@Suite struct KubeAppenderTests {}

// MARK: - Fixtures

extension KubeAppenderTests {
    /// In-memory Kubernetes facts for a `KubeView`.
    struct FakeKube {
        /// Cluster → visible namespaces.
        var namespaces: [String: Set<String>] = [:]
        /// `cluster/namespace` → workloads.
        var workloads: [String: [WorkloadFacts]] = [:]
        var services: [String: [ServiceFacts]] = [:]
        /// Cluster → kind → objects (each with `metadata.namespace`).
        var config: [String: [IstioKind: [JSONValue]]] = [:]
        var mesh: [String: MeshFacts] = [:]
        /// Clusters in order; those of `namespaces` when empty.
        var clusterOrder: [String] = []

        mutating func namespace(_ cluster: String, _ ns: String) { namespaces[cluster, default: []].insert(ns) }

        mutating func workload(_ cluster: String, _ w: WorkloadFacts) {
            namespace(cluster, w.namespace)
            workloads["\(cluster)/\(w.namespace)", default: []].append(w)
        }

        mutating func service(_ cluster: String, _ s: ServiceFacts) {
            namespace(cluster, s.namespace)
            services["\(cluster)/\(s.namespace)", default: []].append(s)
        }

        mutating func add(_ cluster: String, _ kind: IstioKind, _ object: JSONValue) {
            config[cluster, default: [:]][kind, default: []].append(object)
        }

        var view: KubeView {
            let me = self
            let clusters = clusterOrder.isEmpty ? namespaces.keys.sorted() : clusterOrder
            return KubeView(
                clusters: clusters,
                homeCluster: clusters.first ?? "unknown",
                namespace: { c, n in me.namespaces[c]?.contains(n) == true ? NamespaceFacts(name: n) : nil },
                workloads: { c, n in me.namespaces[c]?.contains(n) == true ? me.workloads["\(c)/\(n)"] ?? [] : [] },
                services: { c, n in me.namespaces[c]?.contains(n) == true ? me.services["\(c)/\(n)"] ?? [] : [] },
                istioConfig: { c, kind, n in
                    (me.config[c]?[kind] ?? []).filter { o in
                        let ns = o[path: ["metadata", "namespace"]]?.stringValue ?? ""
                        return me.namespaces[c]?.contains(ns) == true && (n == nil || n == ns)
                    }
                },
                mesh: { c in me.mesh[c] ?? MeshFacts() }
            )
        }
    }

    /// An Istio object.
    func istioObject(_ name: String, _ namespace: String, spec: JSONValue) -> JSONValue {
        ["metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }

    func context(
        _ kube: KubeView,
        namespace: String = "",
        graphType: GraphType = .workload,
        inject: Bool = false,
        namespaces: [String] = ["bookinfo"],
        settings: GraphSettings = GraphSettings(),
        node: NodeSelection? = nil
    ) -> AppenderContext {
        var o = GraphOptions()
        o.graphType = graphType
        o.injectServiceNodes = inject || graphType == .service
        o.namespaces = namespaces
        o.node = node
        return AppenderContext(
            options: o,
            settings: settings,
            kube: kube,
            metrics: MetricsSource { _, _ in [] },
            namespace: namespace,
            duration: 600,
            ambientNamespace: false,
            requested: Set(namespaces)
        )
    }

    /// Adds a node the way telemetry does (`graph.md` §4.2, §4.3); its ID.
    @discardableResult
    func addNode(
        _ map: inout TrafficMap,
        cluster: String = "east",
        svcNs: String = "",
        svc: String = "",
        wlNs: String = "",
        wl: String = "",
        app: String = "",
        ver: String = "",
        graphType: GraphType = .workload
    ) -> String {
        let (id, type) = NodeID.make(
            cluster: cluster,
            serviceNamespace: svcNs,
            service: svc,
            workloadNamespace: wlNs,
            workload: wl,
            app: app,
            version: ver,
            graphType: graphType
        )!
        if map.nodes[id] == nil {
            let ns = Value.ok(wlNs) ? wlNs : svcNs
            map.nodes[id] = Node(
                id: id,
                type: type,
                cluster: cluster,
                namespace: ns,
                workload: wl,
                app: app,
                version: ver,
                service: svc,
                graphType: graphType
            )
        }
        return id
    }

    /// Adds traffic on the edge `src → dst` as one telemetry sample does (`graph.md` §4.4).
    func addTraffic(
        _ map: inout TrafficMap,
        _ src: String,
        _ dst: String,
        _ p: TrafficProtocol = .http,
        _ v: Double = 1,
        code: String = "200",
        flags: String = "-"
    ) {
        let i = map.nodes[src]!.edgeIndex(to: dst, protocol: p)
        guard v > 0 else { return }
        let c = ResponseClass.of(code, protocol: p)
        map.nodes[src]!.rates.addOut(p, v)
        map.nodes[dst]!.rates.addIn(p, v, c)
        map.nodes[src]!.updateEdge(i) { e in
            e.rates.add(v, c)
            var d = e.responses[code] ?? ResponseDetail()
            d.flags[flags, default: 0] += v
            e.responses[code] = d
        }
    }

    /// Adds an edge without traffic.
    func addEdge(_ map: inout TrafficMap, _ src: String, _ dst: String, _ p: TrafficProtocol = .http) {
        _ = map.nodes[src]!.edgeIndex(to: dst, protocol: p)
    }
}

// MARK: - deadNode

extension KubeAppenderTests {
    @Test("deadNode removes nodes without traffic whose workload is gone, flags workloads without pods, keeps the rest")
    func deadNodeRemovesAndFlags() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "alive-v1", namespace: "bookinfo", podCount: 1))
        kube.workload("east", WorkloadFacts(name: "nopods-v1", namespace: "bookinfo", podCount: 0))
        var map = TrafficMap()
        let g = GraphType.versionedApp
        let unknown = addNode(
            &map,
            cluster: "unknown",
            svcNs: "unknown",
            wlNs: "unknown",
            wl: "unknown",
            app: "unknown",
            ver: "unknown",
            graphType: g
        )
        let busy = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "busy-v1", app: "busy", ver: "v1", graphType: g)
        let alive = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "alive-v1", app: "alive", ver: "v1", graphType: g)
        let noPods = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "nopods-v1", app: "nopods", ver: "v1", graphType: g)
        let gone = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "gone-v1", app: "gone", ver: "v1", graphType: g)
        let versionless = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", app: "nowl", ver: "v1", graphType: g)
        let idleService = addNode(&map, svcNs: "bookinfo", svc: "idle", graphType: g)
        let egress = addNode(&map, svcNs: "bookinfo", svc: "PassthroughCluster", graphType: g)
        let forwarding = addNode(&map, svcNs: "bookinfo", svc: "forwarding", graphType: g)
        let entry = addNode(&map, svcNs: "bookinfo", svc: "se", graphType: g)
        map.nodes[entry]!.isServiceEntry = ServiceEntryInfo(hosts: ["se.example.com"], location: "MESH_EXTERNAL", namespace: "bookinfo")
        addTraffic(&map, busy, alive)
        addEdge(&map, forwarding, gone)  // an idle edge to a removed node: the service loses it, then goes too
        addEdge(&map, busy, gone)

        DeadNode.apply(&map, context(kube.view, namespace: "bookinfo", graphType: g))

        #expect(map.nodes[unknown] == nil)
        #expect(map.nodes[gone] == nil)
        #expect(map.nodes[idleService] == nil)
        #expect(map.nodes[forwarding] == nil)
        #expect(map.nodes[busy] != nil)
        #expect(map.nodes[busy]!.edges.map(\.dest) == [alive])
        #expect(map.nodes[alive]?.isDead == false)
        #expect(map.nodes[noPods]?.isDead == true)
        #expect(map.nodes[versionless] != nil)
        #expect(map.nodes[egress] != nil)
        #expect(map.nodes[entry] != nil)
    }

    @Test("deadNode looks the workload up in the node's own namespace [FIX] and keeps what it cannot check")
    func deadNodeOwnNamespace() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.workload("east", WorkloadFacts(name: "details-v1", namespace: "other", podCount: 0))
        var map = TrafficMap()
        let other = addNode(&map, svcNs: "other", wlNs: "other", wl: "details-v1", app: "details", ver: "v1")
        let hidden = addNode(&map, svcNs: "secret", wlNs: "secret", wl: "hidden-v1", app: "hidden", ver: "v1")
        let offline = addNode(&map, cluster: "offline", svcNs: "bookinfo", wlNs: "bookinfo", wl: "x-v1", app: "x", ver: "v1")

        DeadNode.apply(&map, context(kube.view, namespace: "bookinfo"))

        #expect(map.nodes[other]?.isDead == true)
        #expect(map.nodes[hidden] != nil)
        #expect(map.nodes[offline] != nil)
    }
}

// MARK: - idleNode

extension KubeAppenderTests {
    @Test("idleNode adds idle workloads per cluster without service injection [FIX]")
    func idleWorkloadsWithoutInjection() {
        var kube = FakeKube()
        for cluster in ["east", "west"] {
            kube.workload(cluster, WorkloadFacts(name: "reviews-v1", namespace: "bookinfo", labels: ["app": "reviews", "version": "v1"]))
            kube.service(cluster, ServiceFacts(name: "reviews", namespace: "bookinfo"))
        }
        kube.workload("east", WorkloadFacts(name: "plain", namespace: "bookinfo"))
        var map = TrafficMap()
        let existing = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v1", app: "reviews", ver: "v1", graphType: .versionedApp)
        addTraffic(&map, existing, existing)

        IdleNode.apply(&map, context(kube.view, namespace: "bookinfo", graphType: .versionedApp))

        #expect(map.nodes.count == 3)
        #expect(map.nodes[existing]?.isIdle == false)
        let west = map.nodes["vapp_west_bookinfo_reviews-v1"]
        #expect(west?.isIdle == true)
        #expect(west?.nodeType == .app)
        #expect(west?.rates.httpIn == 0 && west?.rates.httpOut == 0)
        #expect(west?.app == "reviews" && west?.version == "v1" && west?.workload == "reviews-v1")
        let plain = map.nodes["wl_east_bookinfo_plain"]
        #expect(plain?.isIdle == true)
        #expect(plain?.nodeType == .workload)
        #expect(plain?.app == "")
    }

    @Test("idleNode adds idle services with injection, only services for service graphs, nothing for node graphs")
    func idleServices() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "ratings-v1", namespace: "bookinfo", labels: ["app": "ratings", "version": "v1"]))
        kube.service("east", ServiceFacts(name: "ratings", namespace: "bookinfo"))

        var injected = TrafficMap()
        IdleNode.apply(&injected, context(kube.view, namespace: "bookinfo", inject: true))
        #expect(Set(injected.nodes.keys) == ["svc_east_bookinfo_ratings", "wl_east_bookinfo_ratings-v1"])
        #expect(injected.nodes["svc_east_bookinfo_ratings"]?.isIdle == true)
        #expect(injected.nodes["svc_east_bookinfo_ratings"]?.service == "ratings")

        var service = TrafficMap()
        IdleNode.apply(&service, context(kube.view, namespace: "bookinfo", graphType: .service))
        #expect(Set(service.nodes.keys) == ["svc_east_bookinfo_ratings"])

        var nodeGraph = TrafficMap()
        IdleNode.apply(&nodeGraph, context(kube.view, namespace: "bookinfo", node: NodeSelection(namespace: "bookinfo")))
        #expect(nodeGraph.nodes.isEmpty)
    }
}

// MARK: - serviceEntry

extension KubeAppenderTests {
    /// Kiali's `serviceEntriesTrafficMap`: a versioned app graph with service nodes for two external hosts, one
    /// unmatched host and two internal hosts (one by prefix).
    func serviceEntryMap() -> (TrafficMap, [String: String]) {
        var map = TrafficMap()
        let g = GraphType.versionedApp
        var ids: [String: String] = [:]
        ids["test"] = addNode(
            &map,
            cluster: "east",
            svcNs: "unknown",
            svc: "test",
            wlNs: "testNamespace",
            wl: "test-v1",
            app: "test",
            ver: "v1",
            graphType: g
        )
        ids["notSEService"] = addNode(&map, svcNs: "testNamespace", svc: "NotSE", graphType: g)
        ids["notSEApp"] = addNode(
            &map,
            svcNs: "testNamespace",
            svc: "NotSE",
            wlNs: "testNamespace",
            wl: "NotSE-v1",
            app: "NotSE",
            ver: "v1",
            graphType: g
        )
        for (key, host) in [
            ("host1", "host1.external.com"), ("host2", "host2.external.com"), ("hostX", "hostX.external.com"), ("internal1", "internalHost1"),
            ("internal2", "internalHost2"),
        ] {
            let id = addNode(&map, svcNs: "testNamespace", svc: host, graphType: g)
            map.nodes[id]!.addDestService(cluster: "east", namespace: "testNamespace", name: host)
            ids[key] = id
        }
        addTraffic(&map, ids["test"]!, ids["notSEService"]!)
        addTraffic(&map, ids["notSEService"]!, ids["notSEApp"]!)
        addTraffic(&map, ids["notSEApp"]!, ids["host1"]!, .http, 2)
        addTraffic(&map, ids["notSEApp"]!, ids["host2"]!, .http, 3)
        addTraffic(&map, ids["notSEApp"]!, ids["hostX"]!)
        addTraffic(&map, ids["notSEApp"]!, ids["internal1"]!)
        addTraffic(&map, ids["notSEApp"]!, ids["internal2"]!, .tcp, 10)
        return (map, ids)
    }

    func serviceEntryKube(exportTo: [String]? = nil, in namespace: String = "testNamespace", meshExportTo: [String]? = nil) -> FakeKube {
        var kube = FakeKube()
        kube.namespace("east", "testNamespace")
        kube.namespace("east", "otherNamespace")
        var external: JSONValue = ["hosts": ["host1.external.com", "host2.external.com"], "location": "MESH_EXTERNAL"]
        if let exportTo { external["exportTo"] = .array(exportTo.map { .string($0) }) }
        kube.add("east", .serviceEntries, istioObject("externalSE", namespace, spec: external))
        kube.add(
            "east",
            .serviceEntries,
            istioObject(
                "internalSE",
                namespace,
                spec: ["hosts": ["internalHost1", "internalHost2.namespace.svc.cluster.local"], "location": "MESH_INTERNAL"]
            )
        )
        if let meshExportTo { kube.mesh["east"] = MeshFacts(defaultServiceExportTo: meshExportTo) }
        return kube
    }

    @Test("serviceEntry turns MESH_EXTERNAL and MESH_INTERNAL hosts into ServiceEntry nodes (Kiali's TestServiceEntry)")
    func serviceEntryMatches() {
        var (map, ids) = serviceEntryMap()
        #expect(map.nodes.count == 8)
        ServiceEntryAppender.apply(
            &map,
            context(serviceEntryKube().view, namespace: "testNamespace", graphType: .versionedApp, namespaces: ["testNamespace"])
        )

        #expect(map.nodes.count == 6)
        #expect(map.nodes[ids["test"]!]?.edges.count == 1)
        #expect(map.nodes[ids["notSEService"]!]?.edges.count == 1)
        #expect(map.nodes[ids["notSEApp"]!]?.edges.count == 4)
        #expect(map.nodes[ids["hostX"]!]?.isServiceEntry == nil)
        for gone in ["host1", "host2", "internal1", "internal2"] { #expect(map.nodes[ids[gone]!] == nil) }

        let external = map.nodes["svc_east_testNamespace_externalSE"]
        #expect(
            external?.isServiceEntry
                == ServiceEntryInfo(hosts: ["host1.external.com", "host2.external.com"], location: "MESH_EXTERNAL", namespace: "testNamespace")
        )
        #expect(external?.destServices.count == 2)
        #expect(external?.edges.isEmpty == true)
        #expect(external?.rates.httpIn == 5)
        let internalSE = map.nodes["svc_east_testNamespace_internalSE"]
        #expect(internalSE?.isServiceEntry?.location == "MESH_INTERNAL")
        #expect(internalSE?.destServices.count == 2)
        #expect(internalSE?.rates.tcpIn == 10)

        // One edge per protocol into each entry, traffic summed.
        let app = map.nodes[ids["notSEApp"]!]!
        let toExternal = app.edges.filter { $0.dest == "svc_east_testNamespace_externalSE" }
        #expect(toExternal.count == 1)
        #expect(toExternal.first?.rates.total == 5)
        #expect(Set(app.edges.filter { $0.dest == "svc_east_testNamespace_internalSE" }.map(\.protocol)) == [.http, .tcp])
    }

    @Test("serviceEntry honours exportTo and the mesh default exportTo")
    func serviceEntryExportTo() {
        let options = { (kube: FakeKube) in
            context(kube.view, namespace: "testNamespace", graphType: .versionedApp, namespaces: ["testNamespace"])
        }
        // Exported everywhere, or to the requesting namespace by name: applied.
        for exportTo in [["*"], ["testNamespace"], ["."]] {
            var (map, _) = serviceEntryMap()
            ServiceEntryAppender.apply(&map, options(serviceEntryKube(exportTo: exportTo)))
            #expect(map.nodes["svc_east_testNamespace_externalSE"] != nil, "exportTo \(exportTo)")
        }
        // Defined elsewhere and exported only to its own namespace (explicitly or by the mesh default): not applied.
        var (hidden, _) = serviceEntryMap()
        ServiceEntryAppender.apply(&hidden, options(serviceEntryKube(exportTo: ["."], in: "otherNamespace")))
        #expect(hidden.nodes["svc_east_testNamespace_externalSE"] == nil)
        #expect(hidden.nodes["svc_east_testNamespace_internalSE"] != nil)

        var (meshDefault, _) = serviceEntryMap()
        ServiceEntryAppender.apply(&meshDefault, options(serviceEntryKube(in: "otherNamespace", meshExportTo: ["."])))
        #expect(meshDefault.nodes.count == 8)
        #expect(meshDefault.nodes.values.allSatisfy { $0.isServiceEntry == nil })

        var (exportedHere, _) = serviceEntryMap()
        ServiceEntryAppender.apply(&exportedHere, options(serviceEntryKube(exportTo: ["testNamespace"], in: "otherNamespace")))
        #expect(exportedHere.nodes["svc_east_testNamespace_externalSE"]?.isServiceEntry?.namespace == "otherNamespace")
    }

    @Test("serviceEntry redirects only edges from sources in the entry's cluster (kiali#7589)")
    func serviceEntrySameClusterOnly() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.namespace("west", "bookinfo")
        kube.add("east", .serviceEntries, istioObject("google", "bookinfo", spec: ["hosts": ["www.google.com"], "location": "MESH_EXTERNAL"]))
        var map = TrafficMap()
        let eastApp = addNode(&map, cluster: "east", svcNs: "bookinfo", wlNs: "bookinfo", wl: "productpage-v1", app: "productpage", ver: "v1")
        let westApp = addNode(&map, cluster: "west", svcNs: "bookinfo", wlNs: "bookinfo", wl: "productpage-v1", app: "productpage", ver: "v1")
        let host = addNode(&map, cluster: "unknown", svcNs: "unknown", svc: "www.google.com")
        addTraffic(&map, eastApp, host, .http, 4)
        addTraffic(&map, westApp, host, .http, 6)

        ServiceEntryAppender.apply(&map, context(kube.view, namespace: "bookinfo"))

        let se = "svc_east_bookinfo_google"
        #expect(map.nodes[se]?.isServiceEntry?.hosts == ["www.google.com"])
        #expect(map.nodes[se]?.cluster == "east")
        #expect(map.nodes[eastApp]?.edges.map(\.dest) == [se])
        #expect(map.nodes[westApp]?.edges.map(\.dest) == [host])
        #expect(map.nodes[host] != nil, "the host node keeps the west cluster's edge")
    }

    @Test("serviceEntry skips inaccessible namespaces and unknown clusters without failing")
    func serviceEntryInaccessible() {
        var kube = serviceEntryKube()
        kube.namespaces["east"] = ["otherNamespace"]
        var (map, _) = serviceEntryMap()
        ServiceEntryAppender.apply(&map, context(kube.view, namespace: "testNamespace", graphType: .versionedApp))
        #expect(map.nodes.count == 8)

        var offline = TrafficMap()
        let src = addNode(&offline, cluster: "gone", svcNs: "bookinfo", wlNs: "bookinfo", wl: "a", app: "a", ver: "v1")
        let dst = addNode(&offline, cluster: "gone", svcNs: "bookinfo", svc: "host1.external.com")
        addTraffic(&offline, src, dst)
        ServiceEntryAppender.apply(&offline, context(serviceEntryKube().view, namespace: "bookinfo"))
        #expect(offline.nodes.count == 2)
    }
}

// MARK: - workloadEntry

extension KubeAppenderTests {
    @Test("workloadEntry adds hasWorkloadEntry by app and version labels, in the appender's namespace only")
    func workloadEntries() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.namespace("east", "other")
        for (name, app, version) in [
            ("we-ratings-v1", "ratings", "v1"), ("we-ratings-v1b", "ratings", "v1"), ("we-ratings-v2", "ratings", "v2"),
            ("we-details", "details", "v1"),
        ] {
            kube.add("east", .workloadEntries, istioObject(name, "bookinfo", spec: ["labels": ["app": .string(app), "version": .string(version)]]))
        }
        kube.add("east", .workloadEntries, istioObject("we-other", "other", spec: ["labels": ["app": "ratings", "version": "v1"]]))
        var map = TrafficMap()
        let v1 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "ratings-v1", app: "ratings", ver: "v1", graphType: .versionedApp)
        let v3 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "ratings-v3", app: "ratings", ver: "v3", graphType: .versionedApp)
        let outside = addNode(&map, svcNs: "other", wlNs: "other", wl: "ratings-v1", app: "ratings", ver: "v1", graphType: .versionedApp)
        let svc = addNode(&map, svcNs: "bookinfo", svc: "ratings", graphType: .versionedApp)

        WorkloadEntryAppender.apply(&map, context(kube.view, namespace: "bookinfo", graphType: .versionedApp))

        #expect(map.nodes[v1]?.hasWorkloadEntry == ["we-ratings-v1", "we-ratings-v1b"])
        #expect(map.nodes[v3]?.hasWorkloadEntry == [])
        #expect(map.nodes[outside]?.hasWorkloadEntry == [])
        #expect(map.nodes[svc]?.hasWorkloadEntry == [])
    }
}

// MARK: - meshCheck

extension KubeAppenderTests {
    @Test("meshCheck flags isOutOfMesh and isAmbient from the workloads")
    func meshCheck() {
        var kube = FakeKube()
        kube.namespace("east", "istio-system")
        let ns = "bookinfo"
        kube.workload("east", WorkloadFacts(name: "injected", namespace: ns, labels: ["app": "a", "version": "v1"], hasSidecar: true))
        kube.workload("east", WorkloadFacts(name: "plain", namespace: ns, labels: ["app": "b", "version": "v1"], hasSidecar: false))
        kube.workload(
            "east",
            WorkloadFacts(name: "captured", namespace: ns, labels: ["app": "c", "version": "v1"], hasSidecar: false, isAmbient: true)
        )
        kube.workload("east", WorkloadFacts(name: "gateway", namespace: ns, hasSidecar: false, isGateway: true))
        kube.workload("east", WorkloadFacts(name: "waypoint", namespace: ns, hasSidecar: false, isWaypoint: true))
        kube.workload("east", WorkloadFacts(name: "mixed-v1", namespace: ns, labels: ["app": "mixed", "version": "v1"], hasSidecar: true))
        kube.workload("east", WorkloadFacts(name: "mixed-v2", namespace: ns, labels: ["app": "mixed", "version": "v2"], hasSidecar: false))
        kube.workload("east", WorkloadFacts(name: "istiod", namespace: "istio-system", hasSidecar: false))
        var map = TrafficMap()
        func wl(_ name: String, _ namespace: String = ns) -> String { addNode(&map, svcNs: namespace, wlNs: namespace, wl: name) }
        let injected = wl("injected"), plain = wl("plain"), captured = wl("captured"), gateway = wl("gateway"), waypoint = wl("waypoint")
        let missing = wl("missing"), istiod = wl("istiod", "istio-system")
        let dead = wl("plain-dead")
        map.nodes[dead]!.isDead = true
        let mixedApp = addNode(&map, svcNs: ns, wlNs: ns, app: "mixed", graphType: .app)
        let mixedV1 = addNode(&map, svcNs: ns, wlNs: ns, app: "mixed", ver: "v1", graphType: .versionedApp)

        MeshCheck.apply(&map, context(kube.view, namespace: ns))

        #expect(map.nodes[injected]!.isOutOfMesh == false && map.nodes[injected]!.isAmbient == false)
        #expect(map.nodes[plain]!.isOutOfMesh == true && map.nodes[plain]!.isAmbient == false)
        #expect(map.nodes[captured]!.isOutOfMesh == false && map.nodes[captured]!.isAmbient == true)
        #expect(map.nodes[gateway]!.isOutOfMesh == false)
        #expect(map.nodes[waypoint]!.isOutOfMesh == false && map.nodes[waypoint]!.isAmbient == true)
        #expect(map.nodes[missing]!.isOutOfMesh == false && map.nodes[missing]!.isAmbient == true, "[COMPAT] flags stay true without workloads")
        #expect(map.nodes[istiod]!.isOutOfMesh == false && map.nodes[istiod]!.isAmbient == false)
        #expect(map.nodes[dead]!.isOutOfMesh == false)
        #expect(map.nodes[mixedApp]!.isOutOfMesh == true)
        #expect(map.nodes[mixedV1]!.isOutOfMesh == false)
    }
}

// MARK: - istio

extension KubeAppenderTests {
    @Test("istio: circuit breakers on services, app nodes through destServices, and versioned nodes by subset")
    func istioCircuitBreakers() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.namespace("west", "bookinfo")
        kube.add(
            "east",
            .destinationRules,
            istioObject("reviews", "bookinfo", spec: ["host": "reviews", "trafficPolicy": ["outlierDetection": ["consecutive5xxErrors": 7]]])
        )
        kube.add(
            "east",
            .destinationRules,
            istioObject(
                "ratings",
                "bookinfo",
                spec: [
                    "host": "ratings.bookinfo.svc.cluster.local",
                    "subsets": [
                        ["name": "v1", "labels": ["version": "v1"]],
                        ["name": "v2", "labels": ["version": "v2"], "trafficPolicy": ["connectionPool": ["tcp": ["maxConnections": 1]]]],
                    ],
                ]
            )
        )
        kube.add(
            "east",
            .destinationRules,
            istioObject("details", "bookinfo", spec: ["host": "details", "trafficPolicy": ["tls": ["mode": "ISTIO_MUTUAL"]]])
        )
        var map = TrafficMap()
        let g = GraphType.versionedApp
        let reviews = addNode(&map, svcNs: "bookinfo", svc: "reviews", graphType: g)
        let westReviews = addNode(&map, cluster: "west", svcNs: "bookinfo", svc: "reviews", graphType: g)
        let details = addNode(&map, svcNs: "bookinfo", svc: "details", graphType: g)
        let ratingsSvc = addNode(&map, svcNs: "bookinfo", svc: "ratings", graphType: g)
        let ratingsV1 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "ratings-v1", app: "ratings", ver: "v1", graphType: g)
        let ratingsV2 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "ratings-v2", app: "ratings", ver: "v2", graphType: g)
        let reviewsApp = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", app: "reviews", graphType: .app)
        for id in [ratingsV1, ratingsV2] { map.nodes[id]!.addDestService(cluster: "east", namespace: "bookinfo", name: "ratings") }
        map.nodes[reviewsApp]!.addDestService(cluster: "east", namespace: "bookinfo", name: "reviews")

        IstioDetails.apply(&map, context(kube.view))

        #expect(map.nodes[reviews]!.hasCB)
        #expect(!map.nodes[westReviews]!.hasCB, "configuration of a cluster badges only its nodes")
        #expect(!map.nodes[details]!.hasCB)
        #expect(map.nodes[ratingsSvc]!.hasCB, "a subset's circuit breaker counts for the service")
        #expect(!map.nodes[ratingsV1]!.hasCB)
        #expect(map.nodes[ratingsV2]!.hasCB)
        #expect(map.nodes[reviewsApp]!.hasCB)
    }

    @Test("istio: VirtualService badges on the service nodes they route to")
    func istioVirtualServices() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.add(
            "east",
            .virtualServices,
            istioObject(
                "reviews",
                "bookinfo",
                spec: [
                    "hosts": ["reviews"],
                    "http": [
                        [
                            "route": [
                                ["destination": ["host": "reviews", "subset": "v1"], "weight": 80],
                                ["destination": ["host": "reviews", "subset": "v2"], "weight": 20],
                            ],
                            "timeout": "2s", "fault": ["delay": ["fixedDelay": "1s"]], "mirror": ["host": "reviews", "subset": "v3"],
                        ]
                    ],
                ]
            )
        )
        kube.add(
            "east",
            .virtualServices,
            istioObject(
                "mongo",
                "bookinfo",
                spec: [
                    "hosts": ["mongo"],
                    "tcp": [
                        [
                            "route": [
                                ["destination": ["host": "mongo.bookinfo.svc.cluster.local", "subset": "v1"]],
                                ["destination": ["host": "mongo", "subset": "v2"]],
                            ]
                        ]
                    ],
                ]
            )
        )
        kube.add(
            "east",
            .virtualServices,
            istioObject(
                "gw-istio-autogenerated-k8s-gateway-http",
                "bookinfo",
                spec: ["hosts": ["*"], "http": [["route": [["destination": ["host": "productpage"]]]]]]
            )
        )
        var map = TrafficMap()
        let reviews = addNode(&map, svcNs: "bookinfo", svc: "reviews")
        let mongo = addNode(&map, svcNs: "bookinfo", svc: "mongo")
        let productpage = addNode(&map, svcNs: "bookinfo", svc: "productpage")
        let details = addNode(&map, svcNs: "bookinfo", svc: "details")
        let outside = addNode(&map, svcNs: "bookinfo", svc: "ratings")
        map.nodes[outside]!.isOutside = true

        IstioDetails.apply(&map, context(kube.view))

        let r = map.nodes[reviews]!
        #expect(r.hasVS == ["reviews": ["reviews"]])
        #expect(r.hasRequestRouting && r.hasRequestTimeout && r.hasFaultInjection && r.hasTrafficShifting && r.hasMirroring)
        #expect(!r.hasTCPTrafficShifting && !r.isK8sGatewayAPI)
        let m = map.nodes[mongo]!
        #expect(m.hasVS == ["mongo": ["mongo"]])
        #expect(m.hasTCPTrafficShifting && m.hasRequestRouting && !m.hasTrafficShifting)
        #expect(map.nodes[productpage]!.isK8sGatewayAPI)
        #expect(map.nodes[details]!.hasVS == nil)
        #expect(map.nodes[outside]!.hasVS == nil)
    }

    @Test("istio: ingress, egress and Gateway API gateways")
    func istioGateways() {
        var kube = FakeKube()
        kube.namespace("east", "bookinfo")
        kube.workload(
            "east",
            WorkloadFacts(
                name: "istio-ingressgateway",
                namespace: "istio-system",
                labels: ["app": "istio-ingressgateway", "istio": "ingressgateway", "operator.istio.io/component": "IngressGateways"],
                isGateway: true
            )
        )
        kube.workload(
            "east",
            WorkloadFacts(
                name: "istio-egressgateway",
                namespace: "istio-system",
                labels: ["app": "istio-egressgateway", "istio": "egressgateway", "operator.istio.io/component": "EgressGateways"],
                isGateway: true
            )
        )
        kube.workload(
            "east",
            WorkloadFacts(
                name: "web-istio",
                namespace: "bookinfo",
                labels: ["gateway.networking.k8s.io/gateway-name": "web", "istio.io/gateway-name": "web"],
                isGateway: true
            )
        )
        kube.workload(
            "east",
            WorkloadFacts(name: "open-istio", namespace: "bookinfo", labels: ["gateway.networking.k8s.io/gateway-name": "open"], isGateway: true)
        )
        kube.add(
            "east",
            .gateways,
            istioObject(
                "bookinfo-gateway",
                "bookinfo",
                spec: ["selector": ["istio": "ingressgateway"], "servers": [["hosts": ["bookinfo.example.com"]], ["hosts": ["*.example.org"]]]]
            )
        )
        kube.add(
            "east",
            .gateways,
            istioObject("egress", "istio-system", spec: ["selector": ["istio": "egressgateway"], "servers": [["hosts": ["edition.cnn.com"]]]])
        )
        kube.add(
            "east",
            .k8sGateways,
            istioObject("web", "bookinfo", spec: ["listeners": [["name": "http", "hostname": "web.example.com"], ["name": "any"]]])
        )
        kube.add("east", .k8sGateways, istioObject("open", "bookinfo", spec: ["listeners": [["name": "http"]]]))
        var map = TrafficMap()
        let ingress = addNode(
            &map,
            svcNs: "istio-system",
            wlNs: "istio-system",
            wl: "istio-ingressgateway",
            app: "istio-ingressgateway",
            ver: "latest"
        )
        let egress = addNode(&map, svcNs: "istio-system", wlNs: "istio-system", wl: "istio-egressgateway", app: "istio-egressgateway", ver: "latest")
        let web = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "web-istio")
        let open = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "open-istio")
        kube.namespace("east", "istio-system")

        IstioDetails.apply(&map, context(kube.view, namespaces: ["bookinfo", "istio-system"]))

        #expect(map.nodes[ingress]!.isIngressGateway == ["bookinfo-gateway": ["bookinfo.example.com", "*.example.org"]])
        #expect(map.nodes[ingress]!.isEgressGateway == nil)
        #expect(map.nodes[egress]!.isEgressGateway == ["egress": ["edition.cnn.com"]])
        #expect(map.nodes[web]!.isGatewayAPI == ["web": ["web.example.com"]])
        #expect(map.nodes[open]!.isGatewayAPI == ["open": ["*"]])
    }

    @Test("istio: fills app on service nodes from the service, ServiceEntry nodes from a host's service")
    func istioServiceApps() {
        var kube = FakeKube()
        kube.service("east", ServiceFacts(name: "reviews", namespace: "bookinfo", labels: ["app": "reviews-app"]))
        kube.service("east", ServiceFacts(name: "ratings", namespace: "bookinfo", labels: ["app": "ratings-app"]))
        kube.service("east", ServiceFacts(name: "details", namespace: "other", labels: ["app": "details"]))
        var map = TrafficMap()
        let reviews = addNode(&map, svcNs: "bookinfo", svc: "reviews")
        let entry = addNode(&map, svcNs: "bookinfo", svc: "internal-se")
        map.nodes[entry]!.isServiceEntry = ServiceEntryInfo(
            hosts: ["nothing.example.com", "ratings.bookinfo.svc.cluster.local"],
            location: "MESH_INTERNAL",
            namespace: "bookinfo"
        )
        let outside = addNode(&map, svcNs: "other", svc: "details")
        map.nodes[outside]!.isOutside = true

        IstioDetails.apply(&map, context(kube.view))

        #expect(map.nodes[reviews]!.app == "reviews-app")
        #expect(map.nodes[entry]!.app == "ratings-app")
        #expect(map.nodes[outside]!.app == "")
    }
}

// MARK: - labeler

extension KubeAppenderTests {
    @Test("labeler copies Kubernetes labels without the app and version keys")
    func labeler() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "reviews-v1", namespace: "bookinfo", labels: ["app": "reviews", "version": "v1", "team": "books"]))
        kube.workload("east", WorkloadFacts(name: "reviews-v2", namespace: "bookinfo", labels: ["app": "reviews", "version": "v2", "team": "pages"]))
        kube.service("east", ServiceFacts(name: "reviews", namespace: "bookinfo", labels: ["app": "reviews", "tier": "backend"]))
        var map = TrafficMap()
        let wl = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v1", app: "reviews", ver: "v1")
        let vapp = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v2", app: "reviews", ver: "v2", graphType: .versionedApp)
        let app = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", app: "reviews", graphType: .app)
        let svc = addNode(&map, svcNs: "bookinfo", svc: "reviews")
        let outside = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v2")
        map.nodes[outside]!.isOutside = true

        Labeler.apply(&map, context(kube.view))

        #expect(map.nodes[wl]!.labels == ["team": "books"])
        #expect(map.nodes[vapp]!.labels == ["team": "pages"])
        #expect(map.nodes[app]!.labels == ["team": "books,pages"])
        #expect(map.nodes[svc]!.labels == ["tier": "backend"])
        #expect(map.nodes[outside]!.labels.isEmpty)
    }
}

// MARK: - health

extension KubeAppenderTests {
    /// A JSON number.
    func number(_ v: JSONValue?) -> Double {
        switch v {
        case .double(let d): d
        case .int(let i): Double(i)
        default: .nan
        }
    }

    /// A node's `healthData.status.status`.
    func healthStatus(_ n: Node?, app: Bool = false) -> String? {
        (app ? n?.healthDataApp : n?.healthData)?[path: ["status", "status"]]?.stringValue
    }

    @Test("health: statuses and edge health with the default tolerances")
    func healthDefaults() {
        var kube = FakeKube()
        for name in ["a", "b", "c", "d", "e"] { kube.workload("east", WorkloadFacts(name: name, namespace: "bookinfo")) }
        var map = TrafficMap()
        func wl(_ name: String) -> String { addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: name) }
        let a = wl("a"), b = wl("b"), c = wl("c"), d = wl("d"), e = wl("e"), idle = wl("idle")
        // a → b: 15 % 5xx (Failure); a → c: 5 % 4xx (Healthy); a → d: 15 % 4xx (Degraded); c → e: 2 % 5xx (Degraded).
        addTraffic(&map, a, b, .http, 85)
        addTraffic(&map, a, b, .http, 15, code: "500")
        addTraffic(&map, a, c, .http, 95)
        addTraffic(&map, a, c, .http, 5, code: "404")
        addTraffic(&map, a, d, .http, 85)
        addTraffic(&map, a, d, .http, 15, code: "404")
        addTraffic(&map, c, e, .http, 98)
        addTraffic(&map, c, e, .http, 2, code: "503")

        HealthAppender.apply(&map, context(kube.view))

        #expect(healthStatus(map.nodes[b]) == "Failure")
        #expect(abs(number(map.nodes[b]!.healthData?[path: ["status", "errorRatio"]]) - 15) < 1e-9)
        #expect(map.nodes[b]!.healthData?[path: ["requests", "inbound", "http", "500"]] == .double(15))
        #expect(map.nodes[b]!.healthData?[path: ["workloadStatus", "desiredReplicas"]] == .int(1))
        #expect(healthStatus(map.nodes[c]) == "Degraded", "2 % 5xx outbound degrades")
        #expect(healthStatus(map.nodes[d]) == "Degraded")
        #expect(healthStatus(map.nodes[e]) == "Degraded")
        #expect(healthStatus(map.nodes[a]) == "Degraded", "outbound over all its edges: 5 % 5xx, 6.7 % 4xx")
        #expect(healthStatus(map.nodes[idle]) == "NA", "no traffic and no workload")
        #expect(map.nodes[idle]!.healthData?[path: ["status", "errorRatio"]] == .double(-1))
        #expect(map.nodes[a]!.healthData?[path: ["status", "totalRequestRate"]] == .double(300))

        func edge(_ s: String, _ t: String) -> String? { map.nodes[s]!.edges.first { $0.dest == t }?.healthStatus }
        #expect(edge(a, b) == "Failure")
        #expect(edge(a, c) == "Healthy")
        #expect(edge(a, d) == "Degraded")
        #expect(edge(c, e) == "Degraded")
    }

    @Test("health: gRPC codes, TCP, annotations and inaccessible nodes")
    func healthProtocolsAndOverrides() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "client", namespace: "bookinfo"))
        kube.workload("east", WorkloadFacts(name: "strict", namespace: "bookinfo", annotations: [HealthTolerance.annotation: "4XX,1,2,http,inbound"]))
        kube.service("east", ServiceFacts(name: "grpc", namespace: "bookinfo"))
        var map = TrafficMap()
        let client = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "client")
        let strict = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "strict")
        let grpc = addNode(&map, svcNs: "bookinfo", svc: "grpc")
        let db = addNode(&map, svcNs: "bookinfo", svc: "db")
        let unknown = addNode(&map, cluster: "unknown", svcNs: "unknown", wlNs: "unknown", wl: "unknown", app: "unknown", ver: "unknown")
        map.nodes[unknown]!.isInaccessible = true
        addTraffic(&map, client, strict, .http, 97)
        addTraffic(&map, client, strict, .http, 3, code: "404")
        addTraffic(&map, client, grpc, .grpc, 80, code: "0")
        addTraffic(&map, client, grpc, .grpc, 20, code: "14")
        addTraffic(&map, client, db, .tcp, 1000, code: "-")
        addTraffic(&map, unknown, client, .http, 10)

        HealthAppender.apply(&map, context(kube.view))

        #expect(healthStatus(map.nodes[strict]) == "Failure", "the annotation's 2 % failure threshold")
        #expect(map.nodes[strict]!.hasHealthConfig == .object([HealthTolerance.annotation: "4XX,1,2,http,inbound"]))
        #expect(map.nodes[strict]!.healthData?[path: ["requests", "healthAnnotations", HealthTolerance.annotation]] == "4XX,1,2,http,inbound")
        #expect(healthStatus(map.nodes[grpc]) == "Failure", "20 % gRPC errors")
        #expect(healthStatus(map.nodes[db]) == "NA", "TCP is not request traffic")
        #expect(map.nodes[unknown]!.healthData == nil)
        #expect(map.nodes[client]!.edges.first { $0.dest == db }?.healthStatus == "Healthy")
        #expect(map.nodes[client]!.edges.first { $0.dest == strict }?.healthStatus == "Failure")
        #expect(map.nodes[unknown]!.edges.first?.healthStatus == "Healthy")

        var inaccessible = TrafficMap()
        let hidden = addNode(&inaccessible, svcNs: "secret", svc: "vault")
        let caller = addNode(&inaccessible, svcNs: "bookinfo", wlNs: "bookinfo", wl: "client")
        inaccessible.nodes[hidden]!.isInaccessible = true
        addTraffic(&inaccessible, caller, hidden, .http, 10, code: "500")
        HealthAppender.apply(&inaccessible, context(kube.view))
        #expect(inaccessible.nodes[hidden]!.healthData?["status"] == nil)
        #expect(inaccessible.nodes[hidden]!.healthData?[path: ["requests", "inbound", "http", "500"]] == .double(10))
        #expect(healthStatus(inaccessible.nodes[caller]) == "Failure")
    }

    @Test("health: app nodes carry their workloads' statuses, app boxes the whole app's health")
    func healthApps() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "reviews-v1", namespace: "bookinfo", labels: ["app": "reviews", "version": "v1"]))
        kube.workload(
            "east",
            WorkloadFacts(
                name: "reviews-v2",
                namespace: "bookinfo",
                labels: ["app": "reviews", "version": "v2"],
                replicas: WorkloadReplicas(desired: 2, current: 2, available: 1)
            )
        )
        var map = TrafficMap()
        let g = GraphType.versionedApp
        let v1 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v1", app: "reviews", ver: "v1", graphType: g)
        let v2 = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "reviews-v2", app: "reviews", ver: "v2", graphType: g)
        let caller = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "productpage-v1", app: "productpage", ver: "v1", graphType: g)
        addTraffic(&map, caller, v1, .http, 10)
        addTraffic(&map, caller, v2, .http, 10)

        HealthAppender.apply(&map, context(kube.view, graphType: g))

        #expect(healthStatus(map.nodes[v1]) == "Healthy")
        #expect(healthStatus(map.nodes[v2]) == "Degraded", "one of two replicas available")
        #expect(map.nodes[v1]!.healthData?["workloadStatuses"]?.arrayValue?.count == 1)
        #expect(healthStatus(map.nodes[v1], app: true) == "Degraded")
        #expect(map.nodes[v1]!.healthDataApp?[path: ["status", "totalRequestRate"]] == .double(20))
        #expect(map.nodes[v1]!.healthDataApp?["workloadStatuses"]?.arrayValue?.count == 2)
        #expect(map.nodes[v1]!.healthDataApp == map.nodes[v2]!.healthDataApp)
        #expect(healthStatus(map.nodes[caller]) == "Healthy", "an app without workloads here: its requests decide")
    }

    @Test("health: the calculator's rules (backend.md §7.4, §7.5)")
    func healthCalculatorRules() {
        typealias C = HealthCalculator
        #expect(C.workloadStatus(WorkloadReplicas(desired: 0, current: 0, available: 0)) == .notReady)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 3, current: 3, available: 2)) == .degraded)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 1, current: 1, available: 0)) == .failure)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 1, current: 0, available: 1)) == .failure)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 1)) == .degraded)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 2, current: 2, available: 2, syncedProxies: 2)) == .healthy)
        #expect(C.workloadStatus(WorkloadReplicas(desired: 2, current: 2, available: 2)) == .healthy)
        #expect(
            HealthStatus.failure > .degraded && HealthStatus.degraded > .notReady && HealthStatus.notReady > .healthy && HealthStatus.healthy > .na
        )

        #expect(
            HealthTolerance.parseAnnotation("4XX,10,20,http,inbound;5XX,30,20,http,.*;bad;5XX,x,1,http,.*;^-$,0,5,grpc,outbound").map(\.code) == [
                "4XX", "^-$",
            ]
        )

        let custom = [
            HealthRate(
                namespace: "bookinfo",
                kind: "service",
                name: "rev.*",
                tolerance: [HealthTolerance(code: "5XX", protocol: "http", degraded: 50, failure: 90)]
            )
        ]
        let calc = HealthCalculator(rates: HealthRate.withDefault(custom))
        var r = RequestHealth()
        r.addInbound("http", "200", 40)
        r.addInbound("http", "503", 60)
        #expect(
            calc.serviceHealth(r, tolerances: calc.tolerances(namespace: "bookinfo", name: "reviews", kind: "service", annotations: [:])).status
                == .degraded
        )
        #expect(
            calc.serviceHealth(r, tolerances: calc.tolerances(namespace: "bookinfo", name: "details", kind: "service", annotations: [:])).status
                == .failure
        )
        #expect(calc.tolerances(namespace: "x", name: "y", kind: "app", annotations: [HealthTolerance.annotation: "nonsense"]).count == 4)
        #expect(C.simpleRequestStatus(r).status == .failure)
        #expect(C.simpleRequestStatus(RequestHealth()).errorRatio == -1)
        #expect(HealthCalculator.Pattern("5XX", isCode: true).matches("503"))
        #expect(!HealthCalculator.Pattern("5XX", isCode: true).matches("5030"))
        #expect(HealthCalculator.Pattern("^[1-9]$|^1[0-6]$", isCode: true).matches("14"))
        #expect(!HealthCalculator.Pattern("^[1-9]$|^1[0-6]$", isCode: true).matches("0"))
        #expect(HealthCalculator.Pattern("(", isCode: false).matches("anything"), "an invalid regex matches everything")
    }

    @Test("health: healthData is written by the Cytoscape writer with sorted keys")
    func healthJSONOutput() {
        var kube = FakeKube()
        kube.workload("east", WorkloadFacts(name: "a", namespace: "bookinfo"))
        var map = TrafficMap()
        let a = addNode(&map, svcNs: "bookinfo", wlNs: "bookinfo", wl: "a")
        let s = addNode(&map, svcNs: "bookinfo", svc: "s")
        addTraffic(&map, a, s, .http, 1.5)
        HealthAppender.apply(&map, context(kube.view))
        let json = String(
            decoding: CytoscapeWriter.encode(map, header: .init(timestamp: 0, duration: 600, graphType: .workload, boxBy: [])),
            as: UTF8.self
        )
        #expect(json.contains(#""healthData": {"#))
        #expect(json.contains(#""workloadStatus": {"#))
        #expect(json.contains(#""status": "Healthy""#))
        #expect(json.contains(#""healthStatus": "Healthy""#))
        #expect(json.contains(#""200": 1.5"#))
        let requests = json.range(of: #""requests""#), status = json.range(of: #""status": {"#)
        #expect(requests != nil && status != nil && requests!.lowerBound < status!.lowerBound)
    }
}

// MARK: - Mesh config and the read model

extension KubeAppenderTests {
    @Test("mesh config: defaultServiceExportTo in flow and block form")
    func meshConfigText() {
        #expect(MeshConfigText.defaultServiceExportTo("accessLogFile: /dev/stdout\ndefaultServiceExportTo: [\".\", '*']\n") == [".", "*"])
        #expect(
            MeshConfigText.defaultServiceExportTo("defaultServiceExportTo:\n- \".\"  # only here\n- other\nenableTracing: true\n") == [".", "other"]
        )
        #expect(MeshConfigText.defaultServiceExportTo("defaultServiceExportTo:\n  - '~'\n") == ["~"])
        #expect(MeshConfigText.defaultServiceExportTo("defaultConfig:\n  defaultServiceExportTo: [x]\n") == nil)
    }

    @Test("KubeView.snapshot: replicas, template annotations and the mesh config from simulated clusters")
    func snapshotFacts() async throws {
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "reviews-v1", "namespace": "bookinfo", "labels": ["app": "reviews"]],
            "spec": [
                "replicas": 2, "selector": ["matchLabels": ["app": "reviews", "version": "v1"]],
                "template": [
                    "metadata": ["labels": ["app": "reviews", "version": "v1"], "annotations": ["health.kiali.io/rate": "4XX,10,20,http,inbound"]],
                    "spec": ["containers": [["name": "reviews", "image": "reviews:1"]]],
                ],
            ],
        ]
        let objects: [String: [JSONValue]] = [
            "east": [
                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bookinfo"]],
                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "istio-system"]],
                deployment,
                [
                    "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "istio", "namespace": "istio-system"],
                    "data": ["mesh": "defaultServiceExportTo:\n- \".\"\nrootNamespace: istio-system\n"],
                ],
            ]
        ]
        let facts: (WorkloadFacts?, MeshFacts) = try await MeshHarness.withClusters(objects, home: "east") { registry in
            var view = KubeView.snapshot(registry.snapshot())
            // The simulated controllers roll the Deployment out shortly after the cache syncs.
            for _ in 0..<100 {
                if let w = view.workload(cluster: "east", namespace: "bookinfo", name: "reviews-v1"), w.replicas.available == 2 { break }
                try await Task.sleep(for: .milliseconds(100))
                view = KubeView.snapshot(registry.snapshot())
            }
            return (view.workload(cluster: "east", namespace: "bookinfo", name: "reviews-v1"), view.meshFacts(cluster: "east"))
        }
        let w = try #require(facts.0)
        #expect(w.kind == "Deployment")
        #expect(w.annotations["health.kiali.io/rate"] == "4XX,10,20,http,inbound")
        #expect(w.replicas.desired == 2)
        #expect(w.replicas.available == 2 && w.replicas.current == 2)
        #expect(w.replicas.syncedProxies == -1)
        #expect(w.podCount == 2)
        #expect(facts.1.defaultServiceExportTo == ["."])
    }
}

// MARK: - Through the engine

extension KubeAppenderTests {
    @Test("the engine runs the Kubernetes appenders and finalizers together on a namespace graph")
    func engineEndToEnd() async throws {
        var kube = FakeKube()
        kube.workload(
            "east",
            WorkloadFacts(name: "productpage-v1", namespace: "bookinfo", labels: ["app": "productpage", "version": "v1", "team": "web"])
        )
        kube.workload(
            "east",
            WorkloadFacts(name: "reviews-v1", namespace: "bookinfo", labels: ["app": "reviews", "version": "v1"], hasSidecar: false)
        )
        kube.workload("east", WorkloadFacts(name: "ratings-v1", namespace: "bookinfo", labels: ["app": "ratings", "version": "v1"]))
        kube.service("east", ServiceFacts(name: "reviews", namespace: "bookinfo", labels: ["app": "reviews"]))
        let labels = [
            "source_cluster": "east", "source_workload_namespace": "bookinfo", "source_workload": "productpage-v1",
            "source_canonical_service": "productpage",
            "source_canonical_revision": "v1", "destination_cluster": "east", "destination_service_namespace": "bookinfo",
            "destination_service": "reviews.bookinfo.svc.cluster.local", "destination_service_name": "reviews",
            "destination_workload_namespace": "bookinfo",
            "destination_workload": "reviews-v1", "destination_canonical_service": "reviews", "destination_canonical_revision": "v1",
            "request_protocol": "http", "response_code": "200", "response_flags": "-",
        ]
        let metrics = MetricsSource { query, _ in
            query.contains(#"istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}"#)
                ? [MetricSample(labels: labels, value: 10)] : []
        }
        let options = try GraphOptions.parse(
            [
                ("namespaces", "bookinfo"), ("graphType", "versionedApp"), ("ambientTraffic", "none"),
                ("appenders", "deadNode,serviceEntry,meshCheck,workloadEntry,idleNode,istio,health,labeler"),
            ],
            now: 1_000
        )
        let map = try await GraphEngine(metrics: metrics).trafficMap(options, kube: kube.view)

        #expect(Set(map.nodes.keys) == ["vapp_east_bookinfo_productpage-v1", "vapp_east_bookinfo_reviews-v1", "vapp_east_bookinfo_ratings-v1"])
        #expect(map.nodes["vapp_east_bookinfo_ratings-v1"]?.isIdle == true)
        #expect(map.nodes["vapp_east_bookinfo_reviews-v1"]?.isOutOfMesh == true)
        #expect(map.nodes["vapp_east_bookinfo_productpage-v1"]?.labels == ["team": "web"])
        #expect(map.nodes["vapp_east_bookinfo_productpage-v1"]?.edges.first?.healthStatus == "Healthy")
        #expect(healthStatus(map.nodes["vapp_east_bookinfo_reviews-v1"]) == "Healthy")
        #expect(healthStatus(map.nodes["vapp_east_bookinfo_ratings-v1"]) == "Healthy", "idle, one replica ready")

        let json = String(
            decoding: CytoscapeWriter.encode(map, header: .init(timestamp: 1_000, duration: 600, graphType: .versionedApp, boxBy: [])),
            as: UTF8.self
        )
        #expect(!json.contains(#""healthData": null"#))
    }
}
