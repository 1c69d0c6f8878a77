import KubeTypes
import SkoposBusiness
import SkoposGraph
import SkoposModel
import Testing

/// `GET /api/mesh/controlplanes` and the mesh page's discovery through ``MeshPage`` (`backend.md` §2.8, §5.5).
@Suite struct ControlPlaneTests {
    static let eastKey = IstiodKey(cluster: "east", namespace: "istio-system", name: "istiod")
    static let westKey = IstiodKey(cluster: "west", namespace: "istio-system", name: "istiod")

    static func namespace(_ name: String, labels: [String: String] = [:]) -> Namespace {
        Namespace(metadata: ObjectMeta(name: name, labels: labels))
    }

    static func istiod(revision: String? = nil) -> Deployment {
        var labels = ["app": "istiod"]
        if let revision { labels["istio.io/rev"] = revision }
        return Deployment(metadata: ObjectMeta(name: "istiod", namespace: "istio-system", labels: labels))
    }

    /// east (home) and west (remote), each with its istiod and a `bookinfo` it manages.
    static var objects: [MeshClusterObjects] {
        ["east", "west"].map { cluster in
            MeshClusterObjects(
                cluster: cluster,
                namespaces: [namespace("istio-system"), namespace("bookinfo", labels: ["istio-injection": "enabled"])],
                deployments: [istiod()],
                configMaps: [
                    ConfigMap(
                        metadata: ObjectMeta(name: "istio", namespace: "istio-system"),
                        data: ["mesh": "defaultConfig:\n  meshId: mesh1\ntrustDomain: cluster.local\n"]
                    )
                ],
                services: cluster == "east"
                    ? [
                        Service(
                            metadata: ObjectMeta(
                                name: "kiali",
                                namespace: "istio-system",
                                labels: ["app.kubernetes.io/part-of": "kiali", "app.kubernetes.io/version": "v2.28.0"],
                                annotations: ["operator-sdk/primary-resource": "kiali-operator/kiali"]
                            )
                        )
                    ] : []
            )
        }
    }

    /// The clusters as the route builds them, plus one configured without credentials (`clustering.clusters`).
    static func inputs(westReachable: Bool = true) -> MeshDiscovery.Inputs {
        let east = MeshCluster(
            name: "east",
            isKialiHome: true,
            apiEndpoint: "https://api.east:6443",
            kialiInstances: objects[0].kialiInstances,
            reachable: true,
            kubernetesVersion: "v1.31.0"
        )
        let west = MeshCluster(
            name: "west",
            apiEndpoint: "https://api.west:6443",
            secretName: "kiali-remote-cluster-secret-west",
            reachable: westReachable,
            lastError: westReachable ? nil : "Get \"https://api.west:6443/version\": connection refused"
        )
        return MeshDiscovery.Inputs(
            clusters: [east, west, MeshCluster(name: "north", accessible: false)],
            istiodSpecs: [
                eastKey: IstiodSpec(env: ["CLUSTER_ID": "east"], resources: ["limits": ["cpu": "2", "memory": "4Gi"]]),
                westKey: IstiodSpec(env: ["CLUSTER_ID": "west"]),
            ],
            probes: [
                eastKey: IstiodProbe(version: "1.27.0", status: IstiodStatus.status(readyPods: 1, readyCheckSucceeded: true)),
                westKey: IstiodProbe(status: IstiodStatus.status(readyPods: 1, readyCheckSucceeded: westReachable)),
            ],
            tags: [MeshTag(cluster: "east", name: "default", revision: "default")],
            kiali: MeshKiali(cluster: "east")
        )
    }

    static func keys(_ value: JSONValue?) -> Set<String> {
        Set(value?.objectValue?.keys.map { $0 } ?? [])
    }

    @Test("Two clusters, each with its istiod: one entry per control plane in Kiali's shape")
    func twoControlPlanes() throws {
        let model = MeshPage.model(Self.objects, inputs: Self.inputs())
        let json = try JSONParser.parse(MeshPage.controlPlanesJSON(model) { _, _ in true })
        let list = try #require(json.arrayValue)
        #expect(list.count == 2)
        let east = list[0]
        #expect(
            Self.keys(east) == [
                "cluster", "config", "externalControlPlane", "id", "istiodName", "istiodNamespace", "managedClusters", "managesExternal",
                "managedNamespaces", "monitoringPort", "resources", "revision", "rootNamespace", "status", "tag", "thresholds", "version",
            ]
        )
        #expect(east["id"] == "east" && east["externalControlPlane"] == false && east["managesExternal"] == false)
        #expect(east["status"] == "Healthy" && east["version"] == ["name": "Istio", "version": "1.27.0"])
        #expect(east["tag"] == ["cluster": "east", "name": "default", "revision": "default"])
        #expect(east["monitoringPort"] == 15014 && east["revision"] == "default" && east["rootNamespace"] == "istio-system")
        #expect(east["resources"] == ["limits": ["cpu": "2", "memory": "4Gi"]])
        #expect(east["thresholds"] == ["memory": 4295, "cpu": 2])
        #expect(
            east["cluster"] == [
                "accessible": true, "apiEndpoint": "https://api.east:6443", "isKialiHome": true,
                "kialiInstances": [
                    [
                        "namespace": "istio-system", "operatorResource": "kiali-operator/kiali", "serviceName": "kiali", "url": "",
                        "version": "v2.28.0",
                    ]
                ],
                "name": "east", "secretName": "", "reachable": true,
            ]
        )
        #expect(east["managedClusters"]?.arrayValue?.map { $0["name"] } == ["east"])
        #expect(
            east["managedNamespaces"] == [
                [
                    "name": "bookinfo", "cluster": "east", "isAmbient": false, "isControlPlane": false, "labels": ["istio-injection": "enabled"],
                    "annotations": nil, "revision": "default",
                ]
            ]
        )
        #expect(Self.keys(east["config"]) == ["certificates", "effectiveConfig", "network", "standardConfig"])
        #expect(east[path: ["config", "certificates"]] == .null)
        #expect(east[path: ["config", "effectiveConfig", "configMap", "mesh", "defaultConfig", "meshId"]] == "mesh1")
        #expect(east[path: ["config", "standardConfig", "name"]] == "istio")
        #expect(east[path: ["config", "standardConfig", "cluster"]] == "east")

        let west = list[1]
        #expect(west["id"] == "west" && west[path: ["cluster", "name"]] == "west")
        #expect(west[path: ["cluster", "secretName"]] == "kiali-remote-cluster-secret-west")
        #expect(west[path: ["cluster", "kialiInstances"]] == .null)
        #expect(west["version"] == nil && west["tag"] == nil && west["resources"] == [:] && west["thresholds"] == ["memory": 0, "cpu": 0])
        #expect(west["managedNamespaces"]?.arrayValue?.map { $0["cluster"] } == ["west"])
    }

    @Test("An unreachable cluster keeps its cached control plane, marked Unreachable; one without credentials has none")
    func unreachableAndInaccessible() throws {
        let model = MeshPage.model(Self.objects, inputs: Self.inputs(westReachable: false))
        #expect(model.controlPlanes.map(\.cluster.name) == ["east", "west"])
        let json = try JSONParser.parse(MeshPage.controlPlanesJSON(model) { _, _ in true })
        let west = try #require(json.arrayValue?.last)
        #expect(west["status"] == "Unreachable")
        #expect(west[path: ["cluster", "reachable"]] == false)
        #expect(west[path: ["cluster", "lastError"]] == "Get \"https://api.west:6443/version\": connection refused")

        let graph = try JSONParser.parse(MeshPage.graphJSON(model, options: MeshGraphOptions(queryTime: 10)) { _, _ in true })
        let nodes = try #require(graph[path: ["elements", "nodes"]]?.arrayValue).compactMap { $0["data"] }
        let north = try #require(nodes.first { $0["cluster"] == "north" })
        #expect(north["isBox"] == "cluster" && north["isInaccessible"] == true && north[path: ["infraData", "accessible"]] == false)
        #expect(!nodes.contains { $0["cluster"] == "north" && $0["nodeType"] == "infra" })
        let westBox = try #require(nodes.first { $0["cluster"] == "west" && $0["isBox"] == "cluster" })
        #expect(westBox["isInaccessible"] == true && westBox["healthData"] == "Unreachable")
        let westIstiod = try #require(nodes.first { $0["cluster"] == "west" && $0["infraType"] == "istiod" })
        #expect(westIstiod["healthData"] == "Unreachable" && westIstiod["version"] == "Unknown")
        #expect(graph["meshNames"] == ["mesh1"] && graph["timestamp"] == 10)
    }

    @Test("Only control planes whose istiod namespace the viewer may see")
    func visibility() throws {
        let model = MeshPage.model(Self.objects, inputs: Self.inputs())
        let onlyEast = ControlPlaneListing.controlPlanes(model) { cluster, _ in cluster == "east" }
        #expect(onlyEast.map(\.id) == ["east"])
        let noBookinfo = ControlPlaneListing.controlPlanes(model) { _, ns in ns != "bookinfo" }
        #expect(noBookinfo.count == 2 && noBookinfo.allSatisfy { $0.managedNamespaces.isEmpty })
        #expect(MeshPage.controlPlanesJSON(model) { _, _ in false } == Array("[]".utf8))
        #expect(MeshPage.controlPlanesJSON(MeshModel()) { _, _ in true } == Array("[]".utf8))
    }

    @Test("istiod status from its ready pods and the /ready check")
    func istiodStatus() {
        #expect(IstiodStatus.status(readyPods: 0, readyCheckSucceeded: nil) == "NotReady")
        #expect(IstiodStatus.status(readyPods: 0, readyCheckSucceeded: true) == "NotReady")
        #expect(IstiodStatus.status(readyPods: 2, readyCheckSucceeded: true) == "Healthy")
        #expect(IstiodStatus.status(readyPods: 1, readyCheckSucceeded: false) == "Unreachable")
        #expect(IstiodStatus.status(readyPods: 1, readyCheckSucceeded: nil) == "Unreachable")
    }

    @Test("Discovery lists the istiods to probe, each once, by cluster")
    func istiodsToProbe() {
        #expect(MeshDiscovery.istiods(Self.objects) == [Self.eastKey, Self.westKey])
    }
}
