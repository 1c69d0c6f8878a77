import Foundation
import KubeTypes
import SkoposModel
import Testing

@testable import SkoposGraph

/// The mesh page (`graph.md` §12): the graph built from a mesh model, its JSON, and discovery from clusters' objects.
@Suite struct MeshGraphTests {
    // MARK: - Fixtures

    static let east = MeshCluster(
        name: "east",
        isKialiHome: true,
        apiEndpoint: "https://api.east:6443",
        kialiInstances: [.init(namespace: "istio-system", serviceName: "kiali")],
        kubernetesVersion: "v1.31.0"
    )
    static let west = MeshCluster(name: "west", apiEndpoint: "https://api.west:6443", secretName: "kiali-remote-cluster-secret-west")

    static func bookinfo(_ cluster: String) -> MeshNamespace {
        MeshNamespace(name: "bookinfo", cluster: cluster, labels: ["istio-injection": "enabled"], revision: "default")
    }

    /// east (home) and west, each with its own istiod managing its own `bookinfo`; Kiali in east; Prometheus in east's
    /// istio-system, Grafana outside.
    static var twoClusters: MeshModel {
        let eastCP = ControlPlane(
            cluster: east,
            id: "east",
            managedClusters: [east],
            managedNamespaces: [bookinfo("east")],
            status: "Healthy",
            version: "1.27.0"
        )
        let westCP = ControlPlane(
            cluster: west,
            id: "west",
            managedClusters: [west],
            managedNamespaces: [bookinfo("west")],
            status: "Unreachable",
            version: "1.27.0"
        )
        return MeshModel(
            clusters: [east, west],
            controlPlanes: [eastCP, westCP],
            kiali: MeshKiali(cluster: "east"),
            addOns: [
                MeshAddOn(
                    kind: .metricStore,
                    name: "Prometheus",
                    url: "",
                    infraData: AddOnConfig.Prometheus().json,
                    location: .cluster("east", namespace: "istio-system")
                ),
                MeshAddOn(kind: .grafana, name: "Grafana", url: "", infraData: AddOnConfig.Grafana().json, health: "Unreachable"),
            ]
        )
    }

    static func key(_ graph: MeshGraph, _ key: String) throws -> MeshNode {
        try #require(graph.node(key: key), "no node \(key)")
    }

    static func keys(_ value: JSONValue?) -> Set<String> {
        Set(value?.objectValue?.keys.map { $0 } ?? [])
    }

    static func edges(_ graph: MeshGraph) -> Set<String> {
        let keys = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.key) })
        return Set(graph.edges.map { "\(keys[$0.source] ?? $0.source) -> \(keys[$0.target] ?? $0.target)" })
    }

    // MARK: - Graph

    @Test("IDs are the SHA-256 of infra_<cluster>_<namespace>_<name>_<version>; edge IDs of <source>.<target>")
    func ids() {
        let istiod = MeshNode(infraType: .istiod, cluster: "cluster-primary", namespace: "istio-system", name: "istiod", version: "Unknown")
        let kiali = MeshNode(infraType: .kiali, cluster: "cluster-primary", namespace: "istio-system", name: "kiali")
        // Values from Kiali's mesh fixture.
        #expect(istiod.id == "9b5c974b8b5c42157a685413c86f2ff15ee4266f307f0c519d9acc50b6c97bc2")
        #expect(kiali.id == "29c05b5dfa30d15d450e54f0651c03c68a25a78ae4dc8f292c6ceb5ce6be7e6d")
        #expect(MeshEdge(source: kiali.id, target: istiod.id).id == "3444b8aee4ed1e0a9d9388de97152e089e723e1efae8db5658d9558b12346ac4")
    }

    @Test("Two clusters, each with its istiod: boxes, versions, data planes and edges")
    func twoClustersGraph() throws {
        let graph = MeshGraphBuilder.build(Self.twoClusters, options: MeshGraphOptions())
        let eastBox = try Self.key(graph, "infra_east__east_v1.31.0")
        #expect(eastBox.id == "6764f2a4f193902258d0060ec6752b7f4ab09deb47c44a45141d5df2e7f43bad")
        #expect(eastBox.isBox == "cluster" && eastBox.nodeType == "box" && eastBox.parent.isEmpty)
        // A cluster with a control plane and no known Kubernetes version: Unknown.
        let westBox = try Self.key(graph, "infra_west__west_Unknown")
        let eastNS = try Self.key(graph, "infra_east_istio-system_istio-system_")
        #expect(eastNS.isBox == "namespace" && eastNS.parent == eastBox.id && eastNS.healthData == nil)

        let eastIstiod = try Self.key(graph, "infra_east_istio-system_istiod_1.27.0")
        #expect(eastIstiod.id == "edcd120bde46c5bac88979d3e50b5fd6975a6798557187a1dd0021f405a8486c")
        #expect(eastIstiod.parent == eastNS.id && eastIstiod.healthData == "Healthy")
        let westIstiod = try Self.key(graph, "infra_west_istio-system_istiod_1.27.0")
        #expect(westIstiod.healthData == "Unreachable")
        let westDataPlane = try Self.key(graph, "infra_west__Data Plane_default")
        #expect(westDataPlane.parent == westBox.id)
        guard case .namespaces(let namespaces) = westDataPlane.infraData else {
            Issue.record("the data plane's infraData is not its namespaces")
            return
        }
        #expect(namespaces.map(\.name) == ["bookinfo"])

        let prometheus = try Self.key(graph, "infra_east_istio-system_Prometheus_")
        #expect(prometheus.parent == eastNS.id && !prometheus.isExternal)
        let grafana = try Self.key(graph, "infra__external___Grafana_")
        #expect(grafana.isExternal && grafana.isInaccessible && grafana.healthData == "Unreachable")
        let external = try Self.key(graph, "infra__external___External Deployments_")
        #expect(grafana.parent == external.id && external.isBox == "cluster")

        #expect(
            Self.edges(graph) == [
                "infra_east_istio-system_kiali_ -> infra_east_istio-system_istiod_1.27.0",
                "infra_east_istio-system_kiali_ -> infra_west_istio-system_istiod_1.27.0",
                "infra_east_istio-system_kiali_ -> infra_east_istio-system_Prometheus_",
                "infra_east_istio-system_kiali_ -> infra__external___Grafana_",
                "infra_east_istio-system_istiod_1.27.0 -> infra_east__Data Plane_default",
                "infra_west_istio-system_istiod_1.27.0 -> infra_west__Data Plane_default",
            ]
        )
        // Kiali's order: cluster boxes, namespace boxes, the rest; then cluster, namespace, ID. Edges by source, target.
        let ranks = graph.nodes.map { $0.isBox == "cluster" ? 0 : $0.isBox == "namespace" ? 1 : 2 }
        #expect(ranks == ranks.sorted())
        #expect(graph.nodes.prefix(3).map(\.cluster) == ["_external_", "east", "west"])
        #expect(
            graph.edges.map { [$0.source, $0.target] } == graph.edges.map { [$0.source, $0.target] }.sorted { $0.lexicographicallyPrecedes($1) }
        )
    }

    @Test("An inaccessible and an unreachable cluster are boxes marked inaccessible, without control planes")
    func inaccessibleClusters() throws {
        var model = Self.twoClusters
        model.clusters.append(MeshCluster(name: "north", accessible: false))
        model.clusters.append(MeshCluster(name: "south", reachable: false, lastError: "dial tcp 10.0.0.9:6443: connection refused"))
        let graph = MeshGraphBuilder.build(model, options: MeshGraphOptions())
        let north = try Self.key(graph, "infra_north__north_")
        #expect(north.isInaccessible && north.healthData == "Healthy" && north.version.isEmpty)
        let south = try Self.key(graph, "infra_south__south_")
        #expect(south.isInaccessible && south.healthData == "Unreachable")
        #expect(!graph.nodes.contains { $0.cluster == "north" && $0.nodeType == "infra" })

        let json = try JSONParser.parse(MeshGraphWriter.encode(graph, timestamp: 1))
        let southData = try #require(json["elements"]?["nodes"]?.arrayValue?.first { $0[path: ["data", "id"]]?.stringValue == south.id })
        #expect(southData[path: ["data", "infraData", "reachable"]] == false)
        #expect(southData[path: ["data", "infraData", "lastError"]] == "dial tcp 10.0.0.9:6443: connection refused")
        #expect(southData[path: ["data", "isInaccessible"]] == true)
        let eastData = try #require(json["elements"]?["nodes"]?.arrayValue?.first { $0[path: ["data", "cluster"]] == "east" })
        // Reachability is written only when known.
        #expect(eastData[path: ["data", "infraData", "reachable"]] == nil)
    }

    @Test("Gateways and waypoints appear only when asked, linked to the istiod of their revision or tag")
    func gatewaysAndWaypoints() throws {
        var model = Self.twoClusters
        model.controlPlanes[0].revision = "1-27"
        model.controlPlanes[0].tags = [MeshTag(cluster: "east", name: "prod", revision: "1-27")]
        model.controlPlanes[0].managedNamespaces = []
        model.gateways = [MeshGateway(cluster: "east", namespace: "ingress", name: "public", revision: "prod", object: ["kind": "Gateway"])]
        model.waypoints = [
            MeshInfraWorkload(cluster: "east", namespace: "bookinfo", name: "waypoint", revision: "1-27", labels: ["a": "b"]),
            MeshInfraWorkload(cluster: "west", namespace: "bookinfo", name: "waypoint", revision: "default"),
            MeshInfraWorkload(cluster: "east", namespace: "bookinfo", name: "orphan", revision: "other"),
        ]
        let without = MeshGraphBuilder.build(model, options: MeshGraphOptions())
        #expect(!without.nodes.contains { $0.infraType == .gateway || $0.infraType == .waypoint })

        let with = MeshGraphBuilder.build(model, options: MeshGraphOptions(includeGateways: true, includeWaypoints: true))
        let edges = Self.edges(with)
        #expect(edges.contains("infra_east_istio-system_istiod_1.27.0 -> infra_east_ingress_public_prod"))
        #expect(edges.contains("infra_east_istio-system_istiod_1.27.0 -> infra_east_bookinfo_waypoint_1-27"))
        #expect(edges.contains("infra_west_istio-system_istiod_1.27.0 -> infra_west_bookinfo_waypoint_default"))
        #expect(!edges.contains { $0.hasSuffix("orphan_other") })
        #expect(try Self.key(with, "infra_east_bookinfo_orphan_other").parent == Self.key(with, "infra_east_bookinfo_bookinfo_").id)
    }

    @Test("The JSON: top level, node members in Kiali's shape, false and empty members left out")
    func jsonShape() throws {
        var model = Self.twoClusters
        model.controlPlanes[0].config.effectiveMesh = ["defaultConfig": ["meshId": "mesh1"], "trustDomain": "east.local"]
        model.controlPlanes[1].config.effectiveMesh = ["defaultConfig": [:], "trustDomain": "west.local"]
        let json = try JSONParser.parse(MeshGraphBuilder.json(model, options: MeshGraphOptions(queryTime: 1_523_364_075)))
        #expect(Self.keys(json) == ["elements", "meshNames", "timestamp"])
        #expect(json["timestamp"] == 1_523_364_075)
        #expect(json["meshNames"] == ["mesh1", "west.local"])

        let nodes = try #require(json[path: ["elements", "nodes"]]?.arrayValue)
        let istiod = try #require(nodes.first { $0[path: ["data", "infraType"]] == "istiod" && $0[path: ["data", "cluster"]] == "east" }?["data"])
        #expect(
            Self.keys(istiod) == [
                "id", "parent", "cluster", "infraName", "infraType", "namespace", "nodeType", "healthData", "infraData", "version",
            ]
        )
        let cp = try #require(istiod["infraData"])
        #expect(
            Self.keys(cp) == [
                "cluster", "config", "externalControlPlane", "id", "istiodName", "istiodNamespace", "managedClusters", "managesExternal",
                "managedNamespaces", "monitoringPort", "resources", "revision", "rootNamespace", "status", "thresholds", "version",
            ]
        )
        #expect(cp["version"] == ["name": "Istio", "version": "1.27.0"])
        #expect(cp[path: ["managedNamespaces"]]?.arrayValue?.first?["annotations"] == .null)
        #expect(cp[path: ["cluster", "kialiInstances"]]?.arrayValue?.count == 1)
        #expect(cp[path: ["managedClusters"]]?.arrayValue?.count == 1)

        let westBox = try #require(nodes.first { $0[path: ["data", "isBox"]] == "cluster" && $0[path: ["data", "cluster"]] == "west" }?["data"])
        #expect(westBox["isInaccessible"] == nil && westBox["isExternal"] == nil && westBox["parent"] == nil)
        #expect(westBox[path: ["infraData", "kialiInstances"]] == .null)
        let edge = try #require(json[path: ["elements", "edges"]]?.arrayValue?.first?["data"])
        #expect(Self.keys(edge) == ["id", "source", "target"])

        // Without defaultConfig a control plane names no mesh: meshNames is null, as in Kiali's fixture.
        let plain = try JSONParser.parse(MeshGraphBuilder.json(Self.twoClusters, options: MeshGraphOptions()))
        #expect(plain["meshNames"] == .null)
    }

    @Test("Options: Kiali's parameters and messages")
    func options() throws {
        let o = try MeshGraphOptions.parse([("includeGateways", "true"), ("includeWaypoints", "1"), ("queryTime", "1523364075")], now: 5)
        #expect(o == MeshGraphOptions(includeGateways: true, includeWaypoints: true, queryTime: 1_523_364_075))
        #expect(try MeshGraphOptions.parse([("appenders", ""), ("configVendor", "common")], now: 5) == MeshGraphOptions(queryTime: 5))
        let cases: [((String, String), String)] = [
            (("includeGateways", "yes"), "Invalid meshGateways [yes]"), (("includeWaypoints", "x"), "Invalid meshWaypoints [x]"),
            (("queryTime", "soon"), "Invalid queryTime [soon]"), (("configVendor", "cytoscape"), "Invalid configVendor [cytoscape]"),
        ]
        for ((name, value), message) in cases {
            #expect(throws: GraphError(.badRequest, message)) { try MeshGraphOptions.parse([(name, value)], now: 0) }
        }
    }

    @Test("Visibility: control planes whose istiod namespace is hidden disappear, managed namespaces are filtered")
    func visibility() {
        var model = Self.twoClusters
        model.controlPlanes[0].managedNamespaces.append(MeshNamespace(name: "secret", cluster: "east", revision: "default"))
        let seen = model.visible { cluster, ns in !(cluster == "west" && ns == "istio-system") && ns != "secret" }
        #expect(seen.controlPlanes.map(\.cluster.name) == ["east"])
        #expect(seen.controlPlanes[0].managedNamespaces.map(\.name) == ["bookinfo"])
        #expect(seen.clusters.count == 2)
    }

    // MARK: - Discovery

    static func namespace(_ name: String, labels: [String: String] = [:], annotations: [String: String] = [:]) -> Namespace {
        Namespace(
            metadata: ObjectMeta(name: name, labels: labels.merging(["kubernetes.io/metadata.name": name]) { a, _ in a }, annotations: annotations)
        )
    }

    static func istiod(_ name: String = "istiod", namespace: String = "istio-system", revision: String? = nil) -> Deployment {
        var labels = ["app": "istiod"]
        if let revision { labels["istio.io/rev"] = revision }
        return Deployment(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels))
    }

    static func configMap(_ name: String, _ data: [String: String], namespace: String = "istio-system") -> ConfigMap {
        ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace), data: data)
    }

    static func service(_ name: String, namespace: String, labels: [String: String] = [:]) -> Service {
        Service(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels))
    }

    /// east: istiod (default revision, EXTERNAL_ISTIOD) with mesh config, CA, network and limits, Kiali; west: istiod of
    /// revision `canary`; edge: no istiod, names east's control plane in an annotation; north: no credentials.
    static var objects: [MeshClusterObjects] {
        let eastMesh = """
            # Istio's mesh config
            defaultConfig:
              meshId: mesh1
              proxyMetadata: {}
            rootNamespace: istio-config
            trustDomain: "east.local"
            discoverySelectors:
              - matchLabels:
                  mesh: "yes"
              - matchExpressions:
                - key: istio-injection
                  operator: In
                  values: [enabled]
            """
        return [
            MeshClusterObjects(
                cluster: "east",
                namespaces: [
                    namespace("istio-system"), namespace("bookinfo", labels: ["istio-injection": "enabled"]),
                    namespace("travel", labels: ["istio.io/rev": "default", "mesh": "yes"]),
                    namespace("unselected", labels: ["istio.io/rev": "default"]),
                    namespace("off", labels: ["istio-injection": "disabled", "istio.io/rev": "default"]),
                ],
                deployments: [istiod()],
                configMaps: [
                    configMap("istio", ["mesh": eastMesh]), configMap("istio-sidecar-injector", ["values": #"{"global":{"network":"net-east"}}"#]),
                    configMap("other", ["mesh": "trustDomain: wrong"], namespace: "elsewhere"),
                ],
                services: [service("kiali", namespace: "istio-system", labels: ["app.kubernetes.io/part-of": "kiali"])]
            ),
            MeshClusterObjects(
                cluster: "west",
                namespaces: [
                    namespace("istio-system"), namespace("bookinfo", labels: ["istio.io/rev": "canary"]),
                    namespace("legacy", labels: ["istio-injection": "enabled"]),
                ],
                deployments: [istiod("istiod-canary", revision: "canary")],
                configMaps: [configMap("istio-canary", ["mesh": "trustDomain: west.local\n"])],
                services: [service("prometheus", namespace: "monitoring")]
            ),
            MeshClusterObjects(
                cluster: "edge",
                namespaces: [
                    namespace("istio-system", annotations: ["topology.istio.io/controlPlaneClusters": "east"]),
                    namespace("shop", labels: ["istio-injection": "enabled", "mesh": "yes"]),
                    namespace("ambient-app", labels: ["istio.io/dataplane-mode": "ambient", "mesh": "yes"]),
                ],
                daemonSets: [
                    DaemonSet(
                        metadata: ObjectMeta(name: "ztunnel", namespace: "istio-system"),
                        spec: DaemonSetSpec(template: PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "ztunnel"])))
                    )
                ]
            ),
        ]
    }

    static var inputs: MeshDiscovery.Inputs {
        var prometheus = AddOnConfig.Prometheus()
        prometheus.url = "http://prometheus.monitoring:9090"
        let eastKey = IstiodKey(cluster: "east", namespace: "istio-system", name: "istiod")
        let westKey = IstiodKey(cluster: "west", namespace: "istio-system", name: "istiod-canary")
        return MeshDiscovery.Inputs(
            clusters: [east, west, MeshCluster(name: "edge"), MeshCluster(name: "north", accessible: false)],
            istiodSpecs: [
                eastKey: IstiodSpec(
                    env: ["CLUSTER_ID": "east", "EXTERNAL_ISTIOD": "true"],
                    args: ["discovery", "--monitoringAddr=:15020"],
                    resources: ["limits": ["cpu": "500m", "memory": "4Gi"]]
                ),
                westKey: IstiodSpec(deployment: [
                    "spec": ["template": ["spec": ["containers": [["env": [["name": "CLUSTER_ID", "value": "west"]]]]]]]
                ]),
            ],
            probes: [eastKey: IstiodProbe(version: "1.27.0", status: "Healthy")],
            tags: [MeshTag(cluster: "west", name: "stable", revision: "canary"), MeshTag(cluster: "west", name: "default", revision: "canary")],
            kiali: MeshKiali(cluster: "east"),
            addOns: [prometheus.addOn()!, AddOnConfig.Grafana().addOn()!]
        )
    }

    @Test("Discovery: two clusters with their istiods, a data-plane cluster attached by annotation, one without credentials")
    func discovery() throws {
        let model = MeshDiscovery.discover(Self.objects, inputs: Self.inputs)
        #expect(model.clusters.map(\.name) == ["east", "west", "edge", "north"])
        #expect(model.controlPlanes.map(\.key.description) == ["east/istio-system/istiod", "west/istio-system/istiod-canary"])

        let east = model.controlPlanes[0]
        #expect(east.id == "east" && !east.externalControlPlane && east.managesExternal)
        #expect(east.managedClusters.map(\.name) == ["east", "edge"])
        // discoverySelectors keep bookinfo (injection enabled), travel (mesh=yes) and edge's shop, not unselected or off.
        #expect(east.managedNamespaces.map { "\($0.cluster)/\($0.name)" } == ["east/bookinfo", "east/travel", "edge/ambient-app", "edge/shop"])
        #expect(east.rootNamespace == "istio-config" && east.monitoringPort == 15020)
        #expect(east.thresholds == ControlPlane.Thresholds(memory: 4295, cpu: 0.5))
        #expect(east.config.network == "net-east" && east.config.standard?.name == "istio")
        #expect(east.config.effectiveMesh[path: ["defaultConfig", "meshId"]] == "mesh1")
        #expect(east.status == "Healthy" && east.version == "1.27.0")
        #expect(east.config.certificates.isEmpty)

        let west = model.controlPlanes[1]
        #expect(west.revision == "canary" && west.id == "west" && west.rootNamespace == "istio-system" && west.monitoringPort == 15014)
        #expect(west.tag == MeshTag(cluster: "west", name: "default", revision: "canary") && west.tags.count == 2)
        // istio-injection=enabled selects `default`, which the tag `default` points at canary.
        #expect(west.managedNamespaces.map(\.name) == ["bookinfo", "legacy"])
        #expect(west.status.isEmpty && west.version == nil && west.thresholds == ControlPlane.Thresholds())
        #expect(model.meshNames == ["mesh1"])

        // Prometheus's Service exists only in west ([FIX]: not only the home cluster); Grafana's nowhere.
        #expect(model.addOns.map(\.location) == [.cluster("west", namespace: "monitoring"), .external])
        #expect(MeshDiscovery.istiods(Self.objects).count == 2)

        let graph = MeshGraphBuilder.build(model, options: MeshGraphOptions())
        #expect(try Self.key(graph, "infra_north__north_").isInaccessible)
        #expect(Self.edges(graph).contains("infra_east_istio-system_istiod_1.27.0 -> infra_edge__Data Plane_default"))
        // ztunnel only where a namespace is ambient (edge), linked to the istiod managing that cluster.
        #expect(model.ztunnels.map { "\($0.cluster)/\($0.name)" } == ["edge/ztunnel"])
        #expect(Self.edges(graph).contains("infra_east_istio-system_istiod_1.27.0 -> infra_edge_istio-system_ztunnel_default"))
        #expect(try Self.key(graph, "infra_edge__Data Plane_default").isAmbient)
    }

    @Test("Discovery: an external control plane manages the cluster its CLUSTER_ID names, not its own")
    func externalControlPlane() {
        var inputs = Self.inputs
        inputs.istiodSpecs[IstiodKey(cluster: "east", namespace: "istio-system", name: "istiod")] = IstiodSpec(env: ["CLUSTER_ID": "edge"])
        let model = MeshDiscovery.discover(Self.objects, inputs: inputs)
        let east = model.controlPlanes[0]
        #expect(east.externalControlPlane && east.id == "edge" && !east.managesExternal)
        #expect(east.managedClusters.map(\.name) == ["edge"])
        #expect(east.managedNamespaces.map(\.name) == ["ambient-app", "shop"])
    }

    @Test("Discovery: without cluster-wide access the annotation attaches nothing")
    func annotationNeedsClusterWideAccess() {
        var inputs = Self.inputs
        inputs.clusterWideAccess = false
        #expect(MeshDiscovery.discover(Self.objects, inputs: inputs).controlPlanes[0].managedClusters.map(\.name) == ["east"])
    }

    @Test("Add-on placement from URLs")
    func placement() {
        let objects = [
            MeshClusterObjects(cluster: "east", services: [Self.service("grafana", namespace: "istio-system")]),
            MeshClusterObjects(
                cluster: "west",
                services: [Self.service("grafana", namespace: "istio-system"), Self.service("tempo", namespace: "tracing")]
            ),
        ]
        #expect(MeshDiscovery.place("http://grafana.istio-system:3000", in: objects, home: "east") == .cluster("east", namespace: "istio-system"))
        #expect(MeshDiscovery.place("http://grafana.istio-system:3000", in: objects, home: "west") == .cluster("west", namespace: "istio-system"))
        #expect(
            MeshDiscovery.place("https://tempo.tracing.svc.cluster.local:3200/x", in: objects, home: "east") == .cluster("west", namespace: "tracing")
        )
        #expect(MeshDiscovery.place("http://10.0.0.1:9090", in: objects, home: "east") == .external)
        #expect(MeshDiscovery.place("https://grafana.example.com", in: objects, home: "east") == .external)
        #expect(MeshDiscovery.place("not a url", in: objects, home: "east") == .external)
    }

    // MARK: - Readers

    @Test("Mesh config YAML: mappings, sequences, flow collections, quoting, typed scalars, block scalars")
    func meshConfigYAML() throws {
        let text = """
            accessLogFile: /dev/stdout   # a comment
            enableAutoMtls: true
            defaultConfig:
              discoveryAddress: istiod.istio-system.svc:15012
              proxyMetadata: {}
              concurrency: 2
              holdApplicationUntilProxyStarts: false
              tracing: {sampling: 1.5, zipkin: {address: "zipkin:9411"}}
            extensionProviders:
            - name: otel
              opentelemetry:
                port: 4317
                service: 'it''s.svc'
            - envoyFileAccessLog:
                path: ~
            outboundTrafficPolicy: {mode: REGISTRY_ONLY}
            list: [a, "b c", 3]
            script: |
              line one
              line two
            """
        let v = try MeshConfigYAML.parse(text)
        #expect(v["accessLogFile"] == "/dev/stdout")
        #expect(v["enableAutoMtls"] == true)
        #expect(v[path: ["defaultConfig", "discoveryAddress"]] == "istiod.istio-system.svc:15012")
        #expect(v[path: ["defaultConfig", "proxyMetadata"]] == [:])
        #expect(v[path: ["defaultConfig", "concurrency"]] == 2)
        #expect(v[path: ["defaultConfig", "holdApplicationUntilProxyStarts"]] == false)
        #expect(v[path: ["defaultConfig", "tracing"]] == ["sampling": 1.5, "zipkin": ["address": "zipkin:9411"]])
        #expect(
            v["extensionProviders"] == [
                ["name": "otel", "opentelemetry": ["port": 4317, "service": "it's.svc"]], ["envoyFileAccessLog": ["path": nil]],
            ]
        )
        #expect(v["outboundTrafficPolicy"] == ["mode": "REGISTRY_ONLY"])
        #expect(v["list"] == ["a", "b c", 3])
        #expect(v["script"] == "line one\nline two\n")
        #expect(try MeshConfigYAML.parse("") == [:])
        #expect(throws: MeshConfigYAML.Failure.self) { try MeshConfigYAML.parse("a: [1, 2") }
    }

    @Test("Root certificates: issuer as Go writes it, validity in RFC 3339, DNS names")
    func rootCertificate() throws {
        // Kiali's fixture CA (O=cluster.local) from the golden case.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/kiali-graph/cases/test_mesh_graph.json")
        let c = try JSONParser.parse(Array(try Data(contentsOf: fixture)))
        let pem = try #require(
            c["kubernetes"]?.arrayValue?.first { $0[path: ["metadata", "name"]] == "istio-ca-root-cert" }?[path: ["data", "root-cert.pem"]]?
                .stringValue
        )
        let kiali = RootCertificate.entries(pem: pem, configMapName: "istio-ca-root-cert")
        #expect(
            kiali == [
                ControlPlane.Certificate(
                    configMapName: "istio-ca-root-cert",
                    issuer: "O=cluster.local",
                    notBefore: "2021-07-27T14:37:00Z",
                    notAfter: "2031-07-25T14:37:00Z"
                )
            ]
        )

        // A self-signed test certificate (made with openssl for this test) with escaping and subjectAltName.
        let san = """
            -----BEGIN CERTIFICATE-----
            MIIB9TCCAZygAwIBAgIBBzAKBggqhkjOPQQDAjBEMQswCQYDVQQGEwJVUzETMBEG
            A1UECgwKQWNtZSwgSW5jLjEgMB4GA1UEAwwXaXN0aW9kLmlzdGlvLXN5c3RlbS5z
            dmMwHhcNMjYxMjA3MDQ0MjQ3WhcNMzYxMjA0MDQ0MjQ3WjBEMQswCQYDVQQGEwJV
            UzETMBEGA1UECgwKQWNtZSwgSW5jLjEgMB4GA1UEAwwXaXN0aW9kLmlzdGlvLXN5
            c3RlbS5zdmMwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASIOC+vTLV/q8S3LhZC
            oNYScwOOppwc/ow1dbXR117UWFLP97ZIrpOW/CeX5BF08mPs8LW7DOaLMLM7m0iL
            oRNQo38wfTAdBgNVHQ4EFgQUTopJBdba/CO+HSdVvAzF8jw0V9kwHwYDVR0jBBgw
            FoAUTopJBdba/CO+HSdVvAzF8jw0V9kwDwYDVR0TAQH/BAUwAwEB/zAqBgNVHREE
            IzAhghdpc3Rpb2QuaXN0aW8tc3lzdGVtLnN2Y4IGaXN0aW9kMAoGCCqGSM49BAMC
            A0cAMEQCIGs+wp7kr7DkX2/V5LbXWs8zwc3akCgY3osZl4gpjj2fAiAvHCyNMp00
            J739YHlFky7ajHrLo2ACxp/cMl7CIrpEHw==
            -----END CERTIFICATE-----
            """
        let entry = try #require(RootCertificate.entries(pem: san, configMapName: "istio-ca-root-cert").first)
        #expect(entry.issuer == #"CN=istiod.istio-system.svc,O=Acme\, Inc.,C=US"#)
        #expect(entry.notBefore == "2026-12-07T04:42:47Z" && entry.notAfter == "2036-12-04T04:42:47Z")
        #expect(entry.dnsNames == ["istiod.istio-system.svc", "istiod"])
        #expect(entry.error.isEmpty)

        let broken = RootCertificate.entries(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", configMapName: "x")
        #expect(broken.count == 1 && !broken[0].error.isEmpty)
        #expect(RootCertificate.entries(pem: "", configMapName: "x").first?.error == "no PEM certificate found")
    }

    @Test("istiod container: monitoring port and limits as Kiali reports them")
    func istiodSpec() {
        #expect(IstiodSpec(args: ["--monitoringAddr", ":9999"]).monitoringPort == 9999)
        #expect(IstiodSpec(args: ["--monitoringAddr="]).monitoringPort == 15014)
        #expect(IstiodSpec(resources: ["limits": ["memory": "1G", "cpu": "2"]]).thresholds == ControlPlane.Thresholds(memory: 1000, cpu: 2))
        #expect(IstiodSpec(resources: ["limits": ["memory": "1500k", "cpu": 1]]).thresholds == ControlPlane.Thresholds(memory: 2, cpu: 1))
        let fromJSON = IstiodSpec(deployment: [
            "spec": [
                "template": [
                    "spec": [
                        "containers": [
                            [
                                "env": [["name": "A", "value": "1"], ["name": "B", "valueFrom": [:]]], "args": ["x"],
                                "resources": ["requests": ["cpu": "1"]],
                            ]
                        ]
                    ]
                ]
            ]
        ])
        #expect(fromJSON == IstiodSpec(env: ["A": "1"], args: ["x"], resources: ["requests": ["cpu": "1"]]))
    }
}
