import KubeTypes
import SkoposBusiness
import SkoposGraph
import SkoposModel
import Testing

@testable import KubeClient

/// The inventory over the read model: `/api/clusters/{apps,workloads,services}` and the details (`backend.md` §2.5,
/// §2.6), their JSON, and the parsing of their parameters. The mesh: `bookinfo` on east and on west with different
/// workloads, Istio configuration on east, and a namespace the viewer may not see.
@Suite struct InventoryTests {
    // MARK: - Fixture

    static let created = "2026-03-01T10:00:00Z"

    /// A Deployment with its ReplicaSet and pods.
    struct Deployed {
        var deployment: Deployment
        var replicaSet: ReplicaSet
        var pods: [Pod]
    }

    static func pod(
        _ name: String, _ namespace: String, labels: [String: String], owner: OwnerReference?, sidecar: Bool, ambient: Bool = false,
        account: String = "default", annotations: [String: String] = [:]
    ) -> Pod {
        var podAnnotations = annotations
        if sidecar { podAnnotations["sidecar.istio.io/status"] = #"{"containers":["istio-proxy"]}"# }
        if ambient { podAnnotations["ambient.istio.io/redirection"] = "enabled" }
        var containers = [Container(name: "app", image: "example/\(name):1")]
        if sidecar { containers.append(Container(name: "istio-proxy", image: "istio/proxyv2:1.27")) }
        return Pod(
            metadata: ObjectMeta(
                name: name, namespace: namespace, resourceVersion: "7", creationTimestamp: created, labels: labels, annotations: podAnnotations,
                ownerReferences: owner.map { [$0] } ?? []),
            spec: PodSpec(containers: containers, initContainers: sidecar ? [Container(name: "istio-init")] : [], serviceAccountName: account),
            status: PodStatus(
                phase: "Running", podIP: "10.0.0.1", conditions: [PodCondition(type: "Ready", status: "True")],
                containerStatuses: containers.map { ContainerStatus(name: $0.name, ready: true) }))
    }

    static func deployment(
        _ name: String, _ namespace: String, labels: [String: String], replicas: Int = 1, sidecar: Bool = true, ambient: Bool = false,
        account: String = "default", templateAnnotations: [String: String] = [:], created: String = created
    ) -> Deployed {
        let template = PodTemplateSpec(metadata: ObjectMeta(labels: labels, annotations: templateAnnotations))
        let deployment = Deployment(
            metadata: ObjectMeta(
                name: name, namespace: namespace, resourceVersion: "42", creationTimestamp: created,
                annotations: ["deployment.kubernetes.io/revision": "1"]),
            spec: ReplicatedPodSpec(replicas: replicas, selector: LabelSelector(matchLabels: labels), template: template),
            status: DeploymentStatus(replicas: replicas, readyReplicas: replicas, availableReplicas: replicas))
        let rsName = "\(name)-5d8f"
        let replicaSet = ReplicaSet(
            metadata: ObjectMeta(
                name: rsName, namespace: namespace, labels: labels,
                ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: name, uid: "u-\(name)", controller: true)]),
            spec: ReplicatedPodSpec(replicas: replicas, template: template),
            status: ReplicaSetStatus(replicas: replicas, readyReplicas: replicas, availableReplicas: replicas))
        let owner = OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: "u-\(rsName)", controller: true)
        let pods = (0..<replicas).map { i in
            pod(
                "\(rsName)-p\(i)", namespace, labels: labels, owner: owner, sidecar: sidecar, ambient: ambient, account: account,
                annotations: templateAnnotations)
        }
        return Deployed(deployment: deployment, replicaSet: replicaSet, pods: pods)
    }

    static func service(_ name: String, _ namespace: String, selector: [String: String], labels: [String: String] = [:], port: Int = 9080) -> Service
    {
        Service(
            metadata: ObjectMeta(name: name, namespace: namespace, resourceVersion: "9", creationTimestamp: created, labels: labels),
            spec: ServiceSpec(selector: selector, ports: [ServicePort(name: "http", port: port)], clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"])
        )
    }

    static func istio(_ apiVersion: String, _ kind: String, _ name: String, _ namespace: String, labels: [String: String] = [:], spec: JSONValue)
        -> UnstructuredObject
    {
        var meta: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace), "managedFields": [["manager": "kubectl"]]]
        if !labels.isEmpty { meta["labels"] = .object(labels.mapValues { .string($0) }) }
        return UnstructuredObject(["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(meta), "spec": spec])
    }

    /// The objects of one cluster, turned into a snapshot with the stores' real indexes.
    struct ClusterObjects {
        var name: String
        var isHome: Bool
        var namespaces: [Namespace] = []
        var deployed: [Deployed] = []
        var statefulSets: [StatefulSet] = []
        var pods: [Pod] = []
        var services: [Service] = []
        var endpoints: [Endpoints] = []
        var istio: [Kind<UnstructuredObject>: [UnstructuredObject]] = [:]

        func store<O: CachedObject>(_ objects: [O]) -> any AnyStoreContents {
            let s = ObjectStore<O>(indexers: O.storeIndexers)
            _ = s.replace(objects.map { ($0.cacheKey, $0) }, resourceVersion: "1")
            return s.contents
        }

        var snapshot: ClusterSnapshot {
            var stores: [ResourceKind: any AnyStoreContents] = [
                Kind.namespaces.resource: store(namespaces),
                Kind.deployments.resource: store(deployed.map(\.deployment)),
                Kind.replicaSets.resource: store(deployed.map(\.replicaSet)),
                Kind.statefulSets.resource: store(statefulSets),
                Kind.daemonSets.resource: store([DaemonSet]()),
                Kind.pods.resource: store(deployed.flatMap(\.pods) + pods),
                Kind.services.resource: store(services),
                Kind.endpoints.resource: store(endpoints),
            ]
            for kind in KindCatalog.istio {
                stores[kind.resource] = store(istio[Kind<UnstructuredObject>(kind.resource)] ?? [])
            }
            return ClusterSnapshot(status: ClusterStatus(name: name, isHome: isHome, apiEndpoint: "", reachable: true, synced: true), stores: stores)
        }
    }

    static func namespace(_ name: String, labels: [String: String] = [:]) -> Namespace {
        Namespace(metadata: ObjectMeta(name: name, labels: labels))
    }

    static let east: ClusterObjects = {
        var c = ClusterObjects(name: "east", isHome: true)
        c.namespaces = [namespace("bookinfo", labels: ["istio-injection": "enabled"]), namespace("istio-system"), namespace("secret")]
        c.deployed = [
            deployment(
                "productpage-v1", "bookinfo", labels: ["app": "productpage", "version": "v1"], account: "bookinfo-productpage",
                templateAnnotations: [
                    "health.kiali.io/rate": "4XX,10,20,http,inbound", "kiali.io/dashboards": "go", "sidecar.istio.io/inject": "true",
                ]),
            deployment("details-v1", "bookinfo", labels: ["app": "details", "version": "v1"], sidecar: false),
            deployment("reviews-v1", "bookinfo", labels: ["app": "reviews", "version": "v1"], replicas: 2),
            // Istio's canonical name wins over `app`.
            deployment("reviews-v2", "bookinfo", labels: ["service.istio.io/canonical-name": "reviews", "app": "reviews-legacy", "version": "v2"]),
            // `app.kubernetes.io/name` wins over `app`.
            deployment(
                "ratings-v1", "bookinfo", labels: ["app.kubernetes.io/name": "ratings", "app": "ratings-old", "app.kubernetes.io/version": "v1"]),
            deployment(
                "istio-ingressgateway", "istio-system", labels: ["app": "istio-ingressgateway", "istio": "ingressgateway"],
                created: "2026-03-01T12:00:00+02:00"),
            deployment("vault", "secret", labels: ["app": "vault"]),
        ]
        c.services = [
            service("productpage", "bookinfo", selector: ["app": "productpage"], labels: ["app": "productpage", "service": "productpage"]),
            service("details", "bookinfo", selector: ["app": "details"]),
            service("reviews", "bookinfo", selector: ["app": "reviews"], labels: ["app": "reviews", "service": "reviews"]),
            service("ratings", "bookinfo", selector: ["app.kubernetes.io/name": "ratings"]),
            service("istio-ingressgateway", "istio-system", selector: ["istio": "ingressgateway"], port: 80),
            service("vault", "secret", selector: ["app": "vault"]),
        ]
        c.endpoints = [
            Endpoints(
                metadata: ObjectMeta(name: "productpage", namespace: "bookinfo"),
                subsets: [
                    EndpointSubset(
                        addresses: [
                            EndpointAddress(
                                ip: "10.0.0.1", targetRef: ObjectReference(kind: "Pod", namespace: "bookinfo", name: "productpage-v1-5d8f-p0"))
                        ],
                        ports: [EndpointPort(name: "http", port: 9080)])
                ])
        ]
        c.istio[.virtualServices] = [
            istio(
                "networking.istio.io/v1", "VirtualService", "reviews", "bookinfo",
                spec: ["hosts": ["reviews"], "http": [["route": [["destination": ["host": "reviews", "subset": "v1"]]]]]]),
            istio(
                "networking.istio.io/v1", "VirtualService", "bookinfo", "bookinfo",
                spec: [
                    "hosts": ["*"], "gateways": ["bookinfo-gateway"],
                    "http": [["route": [["destination": ["host": "productpage.bookinfo.svc.cluster.local"]]]]],
                ]),
            istio("networking.istio.io/v1", "VirtualService", "vault", "secret", spec: ["hosts": ["reviews.bookinfo.svc.cluster.local"]]),
        ]
        c.istio[.destinationRules] = [
            istio(
                "networking.istio.io/v1", "DestinationRule", "reviews", "bookinfo", labels: ["kiali_wizard": "request_routing"],
                spec: ["host": "reviews.bookinfo.svc.cluster.local"])
        ]
        c.istio[.gateways] = [
            istio("networking.istio.io/v1", "Gateway", "bookinfo-gateway", "bookinfo", spec: ["selector": ["istio": "ingressgateway"]])
        ]
        c.istio[.authorizationPolicies] = [
            istio(
                "security.istio.io/v1", "AuthorizationPolicy", "productpage-viewer", "bookinfo",
                spec: ["selector": ["matchLabels": ["app": "productpage"]]]),
            istio("security.istio.io/v1", "AuthorizationPolicy", "allow-nothing", "bookinfo", spec: [:]),
        ]
        c.istio[.serviceEntries] = [
            istio(
                "networking.istio.io/v1", "ServiceEntry", "external-api", "bookinfo",
                spec: ["hosts": ["api.example.com"], "ports": [["name": "https", "number": 443, "protocol": "TLS"]], "resolution": "DNS"])
        ]
        c.istio[.k8sHTTPRoutes] = [
            istio(
                "gateway.networking.k8s.io/v1", "HTTPRoute", "reviews-route", "bookinfo",
                spec: [
                    "parentRefs": [["group": "", "kind": "Service", "name": "reviews"]],
                    "rules": [["backendRefs": [["name": "reviews", "port": 9080]]]],
                ])
        ]
        return c
    }()

    static let west: ClusterObjects = {
        var c = ClusterObjects(name: "west", isHome: false)
        c.namespaces = [namespace("bookinfo", labels: ["istio.io/dataplane-mode": "ambient", "istio.io/use-waypoint": "waypoint"])]
        c.deployed = [
            deployment("reviews-v3", "bookinfo", labels: ["app": "reviews", "version": "v3"], sidecar: false, ambient: true),
            deployment(
                "waypoint", "bookinfo",
                labels: ["gateway.istio.io/managed": "istio.io-mesh-controller", "gateway.networking.k8s.io/gateway-name": "waypoint"]),
        ]
        c.statefulSets = [
            StatefulSet(
                metadata: ObjectMeta(name: "mongodb", namespace: "bookinfo", creationTimestamp: created),
                spec: ReplicatedPodSpec(replicas: 1, template: PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "mongodb"]))),
                status: StatefulSetStatus(replicas: 1, readyReplicas: 1, availableReplicas: 1))
        ]
        c.pods = [
            pod(
                "mongodb-0", "bookinfo", labels: ["app": "mongodb"],
                owner: OwnerReference(apiVersion: "apps/v1", kind: "StatefulSet", name: "mongodb", uid: "u-m", controller: true), sidecar: false),
            pod("debug", "bookinfo", labels: ["run": "debug"], owner: nil, sidecar: false),
            pod(
                "migrate-x1", "bookinfo", labels: ["job-name": "migrate"],
                owner: OwnerReference(apiVersion: "batch/v1", kind: "Job", name: "migrate", uid: "u-j", controller: true), sidecar: false),
        ]
        c.services = [service("reviews", "bookinfo", selector: ["app": "reviews"])]
        return c
    }()

    static let mesh = MeshSnapshot(clusters: [east.snapshot, west.snapshot])

    /// What the viewer may see on east: not `secret`.
    static let eastVisible: Set<String> = ["bookinfo", "istio-system"]

    static func inventory(_ cluster: String = "east", visible: Set<String>? = nil) throws -> Inventory {
        try Inventory(mesh, cluster: cluster, visibleNamespaces: visible ?? (cluster == "east" ? eastVisible : ["bookinfo"]))
    }

    static func options(_ query: [(name: String, value: String)] = [], route: InventoryOptions.Route) throws -> InventoryOptions {
        try InventoryOptions.parse(query, route: route, now: 1_800_000_000)
    }

    /// JSON bytes without the whitespace between tokens, for comparing with compact literals.
    static func compact(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for b in bytes {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if b != 32 && b != 10 {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func json(_ bytes: [UInt8]) throws -> JSONValue { try JSONParser.parse(bytes) }

    // MARK: - Parameters

    @Test("Defaults: health, istioResources and onlyDefinitions on, validate off, rateInterval 5m, queryTime now")
    func defaults() throws {
        let o = try Self.options(route: .serviceList)
        #expect(o.health && o.istioResources && o.onlyDefinitions && !o.validate)
        #expect(o.rateInterval == "5m")
        #expect(o.queryTime == 1_800_000_000 && !o.queryTimeGiven)
        #expect(o.namespaces.isEmpty && o.clusterName == nil && o.gvk == nil)
    }

    @Test("Booleans follow Go's ParseBool; anything else names the parameter")
    func booleans() throws {
        for t in ["1", "t", "T", "TRUE", "true", "True"] { #expect(try Self.options([("validate", t)], route: .workloadList).validate) }
        for f in ["0", "f", "F", "FALSE", "false", "False"] { #expect(try !Self.options([("health", f)], route: .appList).health) }
        for name in ["health", "istioResources", "validate", "onlyDefinitions"] {
            for bad in ["yes", "TrUe", "2", "off"] {
                #expect(throws: InventoryError(.badRequest, "cannot parse query parameter '\(name)'")) {
                    try Self.options([(name, bad)], route: .serviceList)
                }
            }
        }
        // An empty value keeps the default.
        #expect(try Self.options([("health", "")], route: .appList).health)
    }

    @Test("rateInterval must be a run of number-unit pairs")
    func rateInterval() throws {
        for ok in ["5m", "10s", "1h30m", "250ms", "1d", "2w", "1y", "1m1s1ms"] {
            #expect(try Self.options([("rateInterval", ok)], route: .appList).rateInterval == ok)
        }
        for bad in ["5", "m", "5 m", "-5m", "5M", "5mm", "1.5m", "5m ", "ms5"] {
            #expect(throws: InventoryError(.badRequest, "invalid 'rateInterval' value: \"\(bad)\"")) {
                try Self.options([("rateInterval", bad)], route: .appList)
            }
        }
    }

    @Test("queryTime, namespaces, clusterName and gvk")
    func otherParameters() throws {
        let o = try Self.options(
            [
                ("queryTime", "1700000000"), ("namespaces", " bookinfo, ,istio-system,bookinfo"), ("clusterName", "west"),
                ("gvk", "apps/v1, Kind=StatefulSet"),
            ],
            route: .workloadList)
        #expect(o.queryTime == 1_700_000_000 && o.queryTimeGiven)
        #expect(o.namespaces == ["bookinfo", "istio-system"])
        #expect(o.clusterName == "west")
        #expect(o.gvk == .statefulSet)
        #expect(GroupVersionKind(parsing: "/v1, Kind=Pod") == .pod)
        #expect(GroupVersionKind(parsing: "v1, Kind=Pod") == .pod)
        #expect(GroupVersionKind.pod.description == "/v1, Kind=Pod")
        #expect(GroupVersionKind.deployment.mapKey == "apps/v1, Kind=Deployment" && GroupVersionKind.pod.mapKey == "Pod")
        #expect(throws: InventoryError(.badRequest, "invalid 'queryTime' value: \"soon\"")) {
            try Self.options([("queryTime", "soon")], route: .appList)
        }
        #expect(throws: InventoryError(.badRequest, "invalid 'gvk' value: \"Deployment\"")) {
            try Self.options([("gvk", "Deployment")], route: .workloadList)
        }
        #expect(throws: InventoryError.self) { try Self.options([("gvk", "apps/v1, Kind=")], route: .workloadDetails) }
    }

    @Test("Unknown parameter names are ignored, unless strict")
    func unknownParameters() throws {
        let o = try Self.options([("includeAmbient", "maybe"), ("_", "123"), ("health", "false")], route: .appList)
        #expect(!o.health)
        #expect(throws: InventoryError(.badRequest, "unsupported query parameter 'includeAmbient'")) {
            try InventoryOptions.parse([("includeAmbient", "true")], route: .appList, now: 0, strict: true)
        }
        #expect(throws: InventoryError(.badRequest, "unsupported query parameter 'onlyDefinitions'")) {
            try InventoryOptions.parse([("onlyDefinitions", "true")], route: .workloadList, now: 0, strict: true)
        }
        _ = try InventoryOptions.parse([("onlyDefinitions", "true"), ("clusterName", "east")], route: .serviceList, now: 0, strict: true)
    }

    // MARK: - Clusters and visibility

    @Test("bookinfo on east and bookinfo on west are different namespaces")
    func twoClusters() throws {
        let east = try Self.inventory("east").workloads(Self.options([("namespaces", "bookinfo")], route: .workloadList))
        #expect(east.cluster == "east")
        #expect(east.workloads.map(\.name) == ["details-v1", "productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2"])
        #expect(east.workloads.allSatisfy { $0.cluster == "east" && $0.namespace == "bookinfo" })
        let west = try Self.inventory("west").workloads(Self.options([("namespaces", "bookinfo")], route: .workloadList))
        #expect(west.cluster == "west")
        // The Job's pod is not listed (Job is an excluded kind); the bare pod is a workload of kind Pod.
        #expect(west.workloads.map(\.name) == ["debug", "mongodb", "reviews-v3", "waypoint"])
        #expect(west.workloads.map(\.gvk) == [.pod, .statefulSet, .deployment, .deployment])
        // The home cluster when none is named; an unknown cluster is 404.
        #expect(try Inventory(Self.mesh, cluster: nil, visibleNamespaces: []).cluster.name == "east")
        let perCluster = try Inventory(Self.mesh, cluster: "west", visibleByCluster: ["east": ["bookinfo"], "west": []])
        #expect(perCluster.workloads(try Self.options(route: .workloadList)).workloads.isEmpty)
        #expect(throws: InventoryError(.notFound, "Cluster [north] is not found or is not accessible for Kiali")) {
            try Inventory(Self.mesh, cluster: "north", visibleNamespaces: ["bookinfo"])
        }
    }

    @Test("A namespace the viewer cannot see is dropped from lists silently, and forbidden in details")
    func visibility() throws {
        let inventory = try Self.inventory()
        let asked = try Self.options([("namespaces", "secret,bookinfo,nowhere")], route: .workloadList)
        #expect(inventory.listedNamespaces(asked.namespaces) == ["bookinfo"])
        #expect(!inventory.workloads(asked).workloads.contains { $0.name == "vault" })
        let all = inventory.workloads(try Self.options(route: .workloadList))
        #expect(Set(all.workloads.map(\.namespace)) == ["bookinfo", "istio-system"])
        #expect(inventory.services(try Self.options([("namespaces", "secret")], route: .serviceList)).services.isEmpty)
        #expect(inventory.apps(try Self.options([("namespaces", "secret")], route: .appList)).applications.isEmpty)
        do {
            _ = try inventory.workload(namespace: "secret", name: "vault")
            Issue.record("a hidden namespace must be forbidden")
        } catch {
            #expect(error.kind == .forbidden && error.status == 403)
        }
        #expect(throws: InventoryError.self) { try inventory.service(namespace: "nowhere", name: "vault") }
        // The VirtualService in the hidden namespace is no reference either.
        let reviews = inventory.services(try Self.options(route: .serviceList)).services.first { $0.name == "reviews" }
        #expect(reviews?.istioReferences?.contains { $0.namespace == "secret" } == false)
    }

    // MARK: - Workloads

    @Test("Sidecars, gateways, waypoints and ambient workloads")
    func workloadFacts() throws {
        let east = try Self.inventory().workloads(Self.options(route: .workloadList))
        let byName = Dictionary(uniqueKeysWithValues: east.workloads.map { ($0.name, $0) })
        let productpage = try #require(byName["productpage-v1"])
        #expect(productpage.istioSidecar && !productpage.isGateway && !productpage.isAmbient)
        #expect(byName["details-v1"]?.istioSidecar == false)
        let gateway = try #require(byName["istio-ingressgateway"])
        #expect(gateway.isGateway && gateway.istioSidecar && !gateway.isWaypoint)
        #expect(gateway.istioReferences?.map(\.name) == ["bookinfo-gateway"])
        #expect(gateway.createdAt == "2026-03-01T10:00:00Z", "createdAt is RFC 3339 in UTC")
        #expect(productpage.istioReferences?.map(\.name) == ["productpage-viewer"], "an empty selector is namespace-wide, not a reference")
        #expect(productpage.istioInjectionAnnotation == true)
        #expect(productpage.healthAnnotations == ["health.kiali.io/rate": "4XX,10,20,http,inbound"])
        #expect(productpage.dashboardAnnotations == ["kiali.io/dashboards": "go"])
        #expect(productpage.serviceAccountNames == ["bookinfo-productpage"])
        #expect(productpage.appLabel && productpage.versionLabel)
        #expect(byName["reviews-v1"]?.podCount == 2)

        let west = try Self.inventory("west").workloads(Self.options(route: .workloadList))
        let reviews = try #require(west.workloads.first { $0.name == "reviews-v3" })
        #expect(reviews.isAmbient && !reviews.istioSidecar)
        #expect(reviews.waypointWorkloads == [WorkloadReference(name: "waypoint", namespace: "bookinfo", cluster: "west")])
        let waypoint = try #require(west.workloads.first { $0.name == "waypoint" })
        #expect(waypoint.isWaypoint && !waypoint.isGateway)
        // gvk filters the list.
        let sets = try Self.inventory("west").workloads(Self.options([("gvk", "apps/v1, Kind=StatefulSet")], route: .workloadList))
        #expect(sets.workloads.map(\.name) == ["mongodb"])
        // No references looked up without istioResources.
        let bare = try Self.inventory().workloads(Self.options([("istioResources", "false")], route: .workloadList))
        #expect(bare.workloads.allSatisfy { $0.istioReferences == nil })
    }

    @Test("App label precedence: canonical name, then app.kubernetes.io/name, then app; or the configured label")
    func appLabels() throws {
        let workloads = try Self.inventory().workloads(Self.options(route: .workloadList)).workloads
        let apps = Dictionary(uniqueKeysWithValues: workloads.map { ($0.name, $0.app ?? "-") })
        #expect(apps["reviews-v2"] == "reviews")
        #expect(apps["ratings-v1"] == "ratings")
        #expect(apps["reviews-v1"] == "reviews")
        let settings = InventorySettings(appLabelName: "app")
        #expect(settings.app(["service.istio.io/canonical-name": "reviews", "app": "reviews-legacy"]) == "reviews-legacy")
        #expect(InventorySettings().version(["app.kubernetes.io/version": "v1", "version": "v9"]) == "v1")
        let custom = try Inventory(Self.mesh, cluster: "east", visibleNamespaces: ["bookinfo"], settings: settings)
        let names = custom.apps(try Self.options(route: .appList)).applications.map(\.name)
        #expect(names == ["details", "productpage", "ratings-old", "reviews", "reviews-legacy"])
    }

    // MARK: - Apps

    @Test("Apps group workloads by app, with their services, labels and references")
    func apps() throws {
        let list = try Self.inventory().apps(Self.options([("namespaces", "bookinfo")], route: .appList))
        #expect(list.applications.map(\.name) == ["details", "productpage", "ratings", "reviews"])
        let reviews = try #require(list.applications.first { $0.name == "reviews" })
        #expect(reviews.workloads.map(\.name) == ["reviews-v1", "reviews-v2"])
        #expect(reviews.serviceNames == ["reviews"])
        #expect(reviews.istioSidecar && !reviews.isGateway && !reviews.isAmbient)
        #expect(reviews.labels["version"] == "v1,v2")
        #expect(reviews.labels["app"] == "reviews,reviews-legacy")
        #expect(reviews.labels["service"] == "reviews")
        let references = reviews.istioReferences?.map { "\($0.objectGVK.kind)/\($0.name)" }
        #expect(references == ["HTTPRoute/reviews-route", "DestinationRule/reviews", "VirtualService/reviews"])
        #expect(list.applications.first { $0.name == "details" }?.istioSidecar == false)
        let west = try Self.inventory("west").apps(Self.options(route: .appList))
        #expect(west.applications.map(\.name) == ["mongodb", "reviews"])
        #expect(west.applications.first { $0.name == "reviews" }?.isAmbient == true)
    }

    @Test("Apps list JSON")
    func appsJSON() throws {
        let list = try Self.inventory().apps(Self.options([("namespaces", "bookinfo")], route: .appList))
        let details = AppList(cluster: "east", applications: list.applications.filter { $0.name == "details" })
        let expected = [
            #"{"applications":[{"name":"details","namespace":"bookinfo","cluster":"east","istioSidecar":false,"isAmbient":false,"isGateway":false,"#,
            #""labels":{"app":"details","version":"v1"},"istioReferences":[],"#,
            #""health":{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}},"workloadStatuses":[]}}],"cluster":"east"}"#,
        ].joined()
        #expect(Self.compact(InventoryJSON.apps(details)) == expected)
        let unlooked = try Self.inventory().apps(Self.options([("namespaces", "bookinfo"), ("istioResources", "false")], route: .appList))
        let value = try Self.json(InventoryJSON.apps(unlooked))
        #expect(value["applications"]?.arrayValue?.allSatisfy { $0["istioReferences"] == .null } == true)
    }

    // MARK: - Services

    @Test("Services list: ports by name, selector, registry, wizard, sidecars only when pods are read")
    func services() throws {
        let inventory = try Self.inventory()
        let definitions = inventory.services(try Self.options([("namespaces", "bookinfo")], route: .serviceList))
        #expect(definitions.services.map(\.name) == ["details", "productpage", "ratings", "reviews"])
        let reviews = try #require(definitions.services.first { $0.name == "reviews" })
        #expect(reviews.ports == ["http": 9080])
        #expect(reviews.serviceRegistry == .kubernetes)
        #expect(reviews.kialiWizard == "request_routing")
        #expect(!reviews.istioSidecar, "onlyDefinitions (the default) reads no pods")
        #expect(reviews.appLabel)
        #expect(reviews.istioReferences?.map(\.name).sorted() == ["reviews", "reviews", "reviews-route"])
        #expect(definitions.services.first { $0.name == "productpage" }?.istioReferences?.map(\.name) == ["bookinfo"])

        let full = inventory.services(try Self.options([("namespaces", "bookinfo"), ("onlyDefinitions", "false")], route: .serviceList))
        #expect(full.services.map(\.name) == ["details", "productpage", "ratings", "reviews", "api.example.com"])
        #expect(full.services.first { $0.name == "reviews" }?.istioSidecar == true)
        #expect(full.services.first { $0.name == "details" }?.istioSidecar == false)
        let external = try #require(full.services.last)
        #expect(external.serviceRegistry == .external && external.ports == ["https": 443])
        #expect(external.istioReferences?.map(\.name) == ["external-api"])
    }

    @Test("Services list JSON")
    func servicesJSON() throws {
        let list = try Self.inventory().services(Self.options([("namespaces", "bookinfo")], route: .serviceList))
        let details = ServiceList(cluster: "east", services: list.services.filter { $0.name == "details" })
        let expected = [
            #"{"cluster":"east","services":[{"name":"details","namespace":"bookinfo","istioSidecar":false,"cluster":"east","isAmbient":false,"#,
            #""appLabel":true,"additionalDetailSample":null,"annotations":null,"healthAnnotations":{},"ports":{"http":9080},"labels":null,"#,
            #""selector":{"app":"details"},"istioReferences":[],"kialiWizard":"","serviceRegistry":"Kubernetes","#,
            #""health":{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}}}}],"validations":{}}"#,
        ].joined()
        #expect(Self.compact(InventoryJSON.services(details)) == expected)
        let withValidations = Self.compact(InventoryJSON.services(details, validations: Array(#"{"x":1}"#.utf8)))
        #expect(withValidations.hasSuffix(#""validations":{"x":1}}"#))
    }

    // MARK: - Workload JSON

    @Test("Workloads list JSON: Kiali's keys and order, nulls, omitted fields, health from the health cache")
    func workloadsJSON() throws {
        let list = try Self.inventory().workloads(Self.options([("namespaces", "bookinfo")], route: .workloadList))
        let details = WorkloadList(cluster: "east", workloads: list.workloads.filter { $0.name == "details-v1" })
        let expected = [
            #"{"cluster":"east","workloads":[{"name":"details-v1","namespace":"bookinfo","cluster":"east","#,
            #""gvk":{"Group":"apps","Version":"v1","Kind":"Deployment"},"createdAt":"2026-03-01T10:00:00Z","resourceVersion":"42","#,
            #""istioSidecar":false,"isAmbient":false,"isGateway":false,"isWaypoint":false,"isZtunnel":false,"additionalDetailSample":null,"#,
            #""labels":{"app":"details","version":"v1"},"appLabel":true,"versionLabel":true,"podCount":1,"#,
            #""annotations":{"deployment.kubernetes.io/revision":"1"},"healthAnnotations":{},"istioReferences":[],"dashboardAnnotations":{},"#,
            #""serviceAccountNames":["default"],"templateLabels":{"app":"details","version":"v1"},"#,
            #""health":{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}}},"waypointWorkloads":null,"#,
            #""ValidationKey":"","ValidationVersion":""}],"validations":{}}"#,
        ].joined()
        #expect(Self.compact(InventoryJSON.workloads(details)) == expected)

        // Health of the item from computed namespace health; a pre-rendered fragment goes in as is.
        var requests = RequestHealth()
        requests.addInbound("http", "200", 2)
        let health = WorkloadHealth(
            requests: requests, status: nil,
            workloadStatus: WorkloadStatus(name: "details-v1", replicas: WorkloadReplicas(desired: 1, current: 1, available: 1)))
        let cached = InventoryHealth.namespaces(["bookinfo": NamespaceHealth(workloads: ["details-v1": health])])
        let value = try Self.json(InventoryJSON.workloads(details, health: cached))
        let item = try #require(value["workloads"]?.arrayValue?.first)
        #expect(item[path: ["health", "requests", "inbound", "http", "200"]] == .int(2))
        #expect(item[path: ["health", "workloadStatus", "desiredReplicas"]] == .int(1))
        let raw = InventoryHealth { _, _, name in name == "details-v1" ? .json(Array(#"{"custom":true}"#.utf8)) : nil }
        #expect(try Self.json(InventoryJSON.workloads(details, health: raw))["workloads"]?.arrayValue?.first?["health"] == ["custom": true])

        // A bare pod has no template fields; the productpage template's injection annotation is written.
        let west = try Self.inventory("west").workloads(Self.options(route: .workloadList))
        let pod = try Self.json(InventoryJSON.workloads(WorkloadList(cluster: "west", workloads: west.workloads.filter { $0.name == "debug" })))
        let podItem = try #require(pod["workloads"]?.arrayValue?.first)
        #expect(podItem["templateLabels"] == nil && podItem["templateAnnotations"] == nil && podItem["istioInjectionAnnotation"] == nil)
        #expect(podItem["gvk"] == ["Group": "", "Version": "v1", "Kind": "Pod"])
        #expect(podItem["annotations"] == .null)
        let reviews = try Self.json(
            InventoryJSON.workloads(WorkloadList(cluster: "west", workloads: west.workloads.filter { $0.name == "reviews-v3" })))
        #expect(reviews["workloads"]?.arrayValue?.first?["waypointWorkloads"] == [["name": "waypoint", "namespace": "bookinfo", "cluster": "west"]])
        let productpage = try Self.json(
            InventoryJSON.workloads(WorkloadList(cluster: "east", workloads: list.workloads.filter { $0.name == "productpage-v1" })))
        let pp = try #require(productpage["workloads"]?.arrayValue?.first)
        #expect(pp["istioInjectionAnnotation"] == true)
        #expect(
            pp["istioReferences"] == [
                [
                    "objectGVK": ["Group": "security.istio.io", "Version": "v1", "Kind": "AuthorizationPolicy"], "name": "productpage-viewer",
                    "namespace": "bookinfo", "cluster": "east",
                ]
            ])
    }

    // MARK: - Details

    @Test("App details: the namespace object, workloads, service names")
    func appDetails() throws {
        let inventory = try Self.inventory()
        let d = try inventory.app(namespace: "bookinfo", name: "reviews")
        #expect(d.workloads.map(\.workloadName) == ["reviews-v1", "reviews-v2"])
        #expect(d.serviceNames == ["reviews"])
        let value = try Self.json(InventoryJSON.app(d))
        #expect(value["namespace"]?["name"] == "bookinfo" && value["namespace"]?["revision"] == "default")
        #expect(value["cluster"] == "east" && value["name"] == "reviews" && value["isAmbient"] == false)
        #expect(value["serviceNames"] == ["reviews"] && value["runtimes"] == [])
        let first = try #require(value["workloads"]?.arrayValue?.first)
        #expect(
            Set(first.objectValue?.keys ?? [:].keys) == [
                "workloadName", "gvk", "istioSidecar", "isAmbient", "labels", "namespace", "serviceAccountNames", "waypointWorkloads",
            ])
        #expect(value["health"]?["workloadStatuses"] == [])
        #expect(throws: InventoryError(.notFound, "App [nothing] not found in namespace [bookinfo] of cluster [east]")) {
            try inventory.app(namespace: "bookinfo", name: "nothing")
        }
        #expect(
            Self.compact(InventoryJSON.app(d)).hasPrefix(
                #"{"namespace":{"name":"bookinfo","cluster":"east","isAmbient":false,"isControlPlane":false,"#))
    }

    @Test("Workload details: replicas, pods, services; gvk picks the kind")
    func workloadDetails() throws {
        let inventory = try Self.inventory()
        let d = try inventory.workload(namespace: "bookinfo", name: "productpage-v1")
        #expect(d.desiredReplicas == 1 && d.currentReplicas == 1 && d.availableReplicas == 1)
        #expect(d.pods.map(\.name) == ["productpage-v1-5d8f-p0"])
        let pod = try #require(d.pods.first)
        #expect(pod.containers.map(\.name) == ["app"] && pod.istioContainers.map(\.name) == ["istio-proxy"])
        #expect(pod.istioInitContainers.map(\.name) == ["istio-init"])
        #expect(pod.createdBy == [PodInfo.Owner(name: "productpage-v1-5d8f", kind: "ReplicaSet")])
        #expect(d.services.map(\.name) == ["productpage"])
        #expect(d.services.first?.istioSidecar == true)

        let text = Self.compact(InventoryJSON.workload(d))
        #expect(
            text.hasPrefix(
                #"{"name":"productpage-v1","namespace":"bookinfo","cluster":"east","gvk":{"Group":"apps","Version":"v1","Kind":"Deployment"}"#))
        #expect(
            text.contains(
                #""ValidationKey":"","ValidationVersion":"","desiredReplicas":1,"currentReplicas":1,"availableReplicas":1,"pods":[{"name":"productpage-v1-5d8f-p0","#
            ))
        let expectedEnd = [
            #""runtimes":[],"additionalDetails":[],"validations":{},"waypointServices":null,"waypointWorkloads":null,"workloadEntries":null,"#,
            #""health":{"requests":{"healthAnnotations":{},"inbound":{},"outbound":{}}}}"#,
        ].joined()
        #expect(text.hasSuffix(expectedEnd))
        let value = try Self.json(InventoryJSON.workload(d))
        #expect(value["pods"]?.arrayValue?.first?["proxyStatus"] == .null)
        #expect(value["services"]?.arrayValue?.first?["name"] == "productpage")

        let west = try Self.inventory("west")
        #expect(try west.workload(namespace: "bookinfo", name: "debug").desiredReplicas == 1)
        let gvk = try Self.options([("gvk", "apps/v1, Kind=StatefulSet")], route: .workloadDetails)
        #expect(try west.workload(namespace: "bookinfo", name: "mongodb", options: gvk).workload.gvk == .statefulSet)
        let wrongKind = try Self.options([("gvk", "apps/v1, Kind=DaemonSet")], route: .workloadDetails)
        #expect(throws: InventoryError.self) { try west.workload(namespace: "bookinfo", name: "mongodb", options: wrongKind) }
        #expect(throws: InventoryError(.notFound, "Workload [migrate] not found in namespace [bookinfo] of cluster [west]")) {
            try west.workload(namespace: "bookinfo", name: "migrate")
        }
    }

    @Test("Service details: definition, endpoints, routing objects without managedFields, workloads")
    func serviceDetails() throws {
        let inventory = try Self.inventory()
        let d = try inventory.service(namespace: "bookinfo", name: "reviews")
        #expect(d.service.ports == [ServiceDefinition.Port(name: "http", protocol: "TCP", port: 9080)])
        #expect(d.virtualServices.map { $0[path: ["metadata", "name"]] } == ["reviews"])
        #expect(d.destinationRules.count == 1 && d.k8sHTTPRoutes.count == 1 && d.serviceEntries.isEmpty)
        #expect(d.virtualServices.first?[path: ["metadata", "managedFields"]] == nil)
        #expect(d.workloads.map(\.name) == ["reviews-v1"], "reviews-v2's pods are labelled reviews-legacy, which the selector does not match")
        #expect(d.istioSidecar)

        let productpage = try inventory.service(namespace: "bookinfo", name: "productpage")
        #expect(
            productpage.endpoints == [
                ServiceEndpoint(
                    addresses: [ServiceEndpoint.Address(kind: "Pod", name: "productpage-v1-5d8f-p0", ip: "10.0.0.1")],
                    ports: [ServiceDefinition.Port(name: "http", protocol: "TCP", port: 9080)])
            ])
        let text = Self.compact(InventoryJSON.service(productpage))
        let expectedStart = [
            #"{"service":{"additionalDetails":[],"annotations":null,"cluster":"east","createdAt":"2026-03-01T10:00:00Z","externalName":"","#,
            #""healthAnnotations":{},"ip":"10.96.0.10","ips":["10.96.0.10"],"labels":{"app":"productpage","service":"productpage"},"#,
            #""name":"productpage","namespace":"bookinfo","ports":[{"name":"http","protocol":"TCP","port":9080}],"resourceVersion":"9","#,
            #""selectors":{"app":"productpage"},"type":"ClusterIP"},"#,
            #""endpoints":[{"addresses":[{"kind":"Pod","name":"productpage-v1-5d8f-p0","ip":"10.0.0.1"}],"ports":[{"name":"http","protocol":"TCP","port":9080}]}],"#,
            #""istioPermissions":{"create":false,"update":false,"delete":false},"isAmbient":false,"istioSidecar":true,"virtualServices":[{"#,
        ].joined()
        #expect(text.hasPrefix(expectedStart))
        let value = try Self.json(InventoryJSON.service(productpage, namespaceMTLS: Array(#"{"status":"MTLS_ENABLED"}"#.utf8)))
        let keys = [
            "service", "endpoints", "istioPermissions", "isAmbient", "istioSidecar", "virtualServices", "destinationRules", "serviceEntries",
            "k8sHTTPRoutes", "k8sGRPCRoutes", "k8sInferencePools", "k8sReferenceGrants", "workloads", "health", "namespaceMTLS", "subServices",
            "validations", "waypointWorkloads",
        ]
        #expect(Set(value.objectValue?.keys ?? [:].keys) == Set(keys))
        #expect(value["namespaceMTLS"]?["status"] == "MTLS_ENABLED")
        #expect(value["workloads"]?.arrayValue?.first?["name"] == "productpage-v1")
        #expect(value["health"] == ["requests": ["healthAnnotations": [:], "inbound": [:], "outbound": [:]]])
        // Keys in order: each key of the list appears after the previous one.
        var position = text.startIndex
        for key in keys {
            let r = try #require(text[position...].firstRange(of: "\"\(key)\":"), "key \(key) out of order")
            position = r.upperBound
        }
        #expect(throws: InventoryError(.notFound, "Service [nothing] not found in namespace [bookinfo] of cluster [east]")) {
            try inventory.service(namespace: "bookinfo", name: "nothing")
        }
    }

    @Test("createdAt is written in UTC whatever the offset")
    func timestamps() throws {
        let gateway = try Self.inventory().workload(namespace: "istio-system", name: "istio-ingressgateway")
        #expect(gateway.workload.createdAt == "2026-03-01T10:00:00Z")
        let west = try Self.inventory("west").workloads(Self.options(route: .workloadList))
        #expect(west.workloads.first { $0.name == "debug" }?.createdAt == "2026-03-01T10:00:00Z")
    }
}
