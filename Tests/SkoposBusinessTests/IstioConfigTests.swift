import KubeTypes
import SkoposBusiness
import SkoposModel
import Testing

@testable import KubeClient

/// Builds clusters of Istio objects for the Istio configuration and TLS tests.
enum IstioFixture {
    /// An Istio or Gateway API object, with `managedFields` (which answers must leave out).
    static func object(
        _ apiVersion: String,
        _ kind: String,
        _ name: String,
        _ namespace: String,
        labels: [String: String] = [:],
        created: String? = nil,
        spec: JSONValue = [:]
    ) -> UnstructuredObject {
        var meta: [String: JSONValue] = [
            "name": .string(name), "namespace": .string(namespace), "managedFields": [["manager": "kubectl", "operation": "Apply"]],
        ]
        if !labels.isEmpty { meta["labels"] = .object(labels.mapValues { .string($0) }) }
        if let created { meta["creationTimestamp"] = .string(created) }
        return UnstructuredObject(["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(meta), "spec": spec])
    }

    static func namespace(_ name: String, labels: [String: String] = [:]) -> Namespace {
        Namespace(metadata: ObjectMeta(name: name, labels: labels))
    }

    static func pod(_ name: String, _ namespace: String, labels: [String: String], owner: OwnerReference? = nil) -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels, ownerReferences: owner.map { [$0] } ?? []))
    }

    static func service(_ name: String, _ namespace: String, selector: [String: String]) -> Service {
        Service(metadata: ObjectMeta(name: name, namespace: namespace), spec: ServiceSpec(selector: selector))
    }

    /// The objects of one cluster.
    struct Cluster {
        var name: String
        var isHome = false
        var namespaces: [Namespace] = []
        var pods: [Pod] = []
        var services: [Service] = []
        var deployments: [Deployment] = []
        var replicaSets: [ReplicaSet] = []
        var istio: [UnstructuredObject] = []

        init(_ name: String, isHome: Bool = false, namespaces: [String] = []) {
            self.name = name
            self.isHome = isHome
            self.namespaces = namespaces.map { IstioFixture.namespace($0) }
        }

        func store<O: CachedObject>(_ objects: [O]) -> any AnyStoreContents {
            let s = ObjectStore<O>(indexers: O.storeIndexers)
            _ = s.replace(objects.map { ($0.cacheKey, $0) }, resourceVersion: "1")
            return s.contents
        }

        /// The snapshot; each Istio object goes to the store of its kind (by `apiVersion` and `kind`).
        var snapshot: ClusterSnapshot {
            var stores: [ResourceKind: any AnyStoreContents] = [
                Kind.namespaces.resource: store(namespaces),
                Kind.pods.resource: store(pods),
                Kind.services.resource: store(services),
                Kind.deployments.resource: store(deployments),
                Kind.replicaSets.resource: store(replicaSets),
                Kind.statefulSets.resource: store([StatefulSet]()),
                Kind.daemonSets.resource: store([DaemonSet]()),
            ]
            for anyKind in KindCatalog.istio {
                let r = anyKind.resource
                stores[r] = store(istio.filter { $0.apiVersion == r.apiVersion && $0.kind == r.kind })
            }
            return ClusterSnapshot(status: ClusterStatus(name: name, isHome: isHome, apiEndpoint: "", reachable: true, synced: true), stores: stores)
        }
    }

    static func mesh(_ clusters: Cluster...) -> MeshSnapshot {
        MeshSnapshot(clusters: clusters.map(\.snapshot))
    }

    /// Parses a writer's output.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONParser.parse(bytes)
    }
}

/// The Istio configuration routes over the read model (`backend.md` §2.7): lists, parameters, details and their
/// references, validation summaries, and their JSON. The mesh: `bookinfo` on east and on west with different objects,
/// `istio-system` on east, and `secret` on east, which the viewer may not see.
@Suite struct IstioConfigTests {
    typealias F = IstioFixture

    static let east: IstioFixture.Cluster = {
        var c = F.Cluster("east", isHome: true, namespaces: ["bookinfo", "istio-system", "secret"])
        c.deployments = [Deployment(metadata: ObjectMeta(name: "reviews-v1", namespace: "bookinfo"))]
        c.replicaSets = [
            ReplicaSet(
                metadata: ObjectMeta(
                    name: "reviews-v1-5d8f",
                    namespace: "bookinfo",
                    ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "reviews-v1", controller: true)]
                )
            )
        ]
        c.pods = [
            F.pod(
                "reviews-v1-5d8f-a",
                "bookinfo",
                labels: ["app": "reviews", "version": "v1"],
                owner: OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "reviews-v1-5d8f", controller: true)
            ),
            F.pod("ratings-v1", "bookinfo", labels: ["app": "ratings", "version": "v1"]),
            F.pod("bookinfo-gw-istio", "bookinfo", labels: ["gateway.networking.k8s.io/gateway-name": "bookinfo-gw"]),
            F.pod("istio-ingressgateway-abc", "istio-system", labels: ["istio": "ingressgateway"]),
        ]
        c.services = [
            F.service("reviews", "bookinfo", selector: ["app": "reviews"]),
            F.service("ratings", "bookinfo", selector: ["app": "ratings"]),
        ]
        c.istio = [
            F.object(
                "networking.istio.io/v1",
                "VirtualService",
                "reviews",
                "bookinfo",
                labels: ["app": "reviews", "tier": "backend"],
                spec: [
                    "hosts": ["reviews"], "gateways": ["bookinfo-gateway", "mesh"],
                    "http": [["route": [["destination": ["host": "reviews", "subset": "v1"]], ["destination": ["host": "ratings.bookinfo"]]]]],
                ]
            ),
            F.object("networking.istio.io/v1", "VirtualService", "ratings", "bookinfo", labels: ["app": "ratings"], spec: ["hosts": ["ratings"]]),
            F.object(
                "networking.istio.io/v1",
                "DestinationRule",
                "reviews",
                "bookinfo",
                labels: ["app": "reviews"],
                spec: ["host": "reviews.bookinfo.svc.cluster.local", "subsets": [["name": "v1", "labels": ["version": "v1"]]]]
            ),
            F.object(
                "networking.istio.io/v1",
                "Gateway",
                "bookinfo-gateway",
                "bookinfo",
                spec: [
                    "selector": ["istio": "ingressgateway"],
                    "servers": [["port": ["number": 80, "name": "http", "protocol": "HTTP"], "hosts": ["*"]]],
                ]
            ),
            F.object("networking.istio.io/v1", "Sidecar", "ratings", "bookinfo", spec: ["workloadSelector": ["labels": ["app": "ratings"]]]),
            F.object(
                "security.istio.io/v1",
                "AuthorizationPolicy",
                "reviews-viewer",
                "bookinfo",
                labels: ["tier": "backend"],
                spec: ["selector": ["matchLabels": ["app": "reviews"]], "action": "ALLOW"]
            ),
            F.object("security.istio.io/v1", "PeerAuthentication", "default", "bookinfo", spec: ["mtls": ["mode": "STRICT"]]),
            F.object("security.istio.io/v1", "PeerAuthentication", "default", "istio-system", spec: ["mtls": ["mode": "PERMISSIVE"]]),
            F.object(
                "gateway.networking.k8s.io/v1",
                "Gateway",
                "bookinfo-gw",
                "bookinfo",
                spec: ["gatewayClassName": "istio", "listeners": [["name": "http", "port": 80, "protocol": "HTTP"]]]
            ),
            F.object(
                "gateway.networking.k8s.io/v1",
                "HTTPRoute",
                "reviews-route",
                "bookinfo",
                spec: ["parentRefs": [["name": "bookinfo-gw"]], "rules": [["backendRefs": [["name": "reviews", "port": 9080]]]]]
            ),
            F.object("networking.istio.io/v1", "VirtualService", "hidden", "secret", spec: ["hosts": ["hidden"]]),
            F.object("security.istio.io/v1", "AuthorizationPolicy", "deny-all", "secret", spec: [:]),
        ]
        return c
    }()

    static let west: IstioFixture.Cluster = {
        var c = F.Cluster("west", namespaces: ["bookinfo"])
        c.istio = [F.object("networking.istio.io/v1", "VirtualService", "reviews-west", "bookinfo", spec: ["hosts": ["reviews"]])]
        return c
    }()

    static let mesh = F.mesh(east, west)
    static let visible: Set<String> = ["bookinfo", "istio-system"]

    static func config(_ cluster: String? = nil, visible: Set<String> = visible) throws -> IstioConfig {
        try IstioConfig(mesh, cluster: cluster, visibleNamespaces: visible)
    }

    static let vs = IstioConfigType.named(GroupVersionKind(group: "networking.istio.io", version: "v1", kind: "VirtualService"))!
    static let ap = IstioConfigType.named(GroupVersionKind(group: "security.istio.io", version: "v1", kind: "AuthorizationPolicy"))!
    static let pa = IstioConfigType.named(GroupVersionKind(group: "security.istio.io", version: "v1", kind: "PeerAuthentication"))!
    static let sidecar = IstioConfigType.named(GroupVersionKind(group: "networking.istio.io", version: "v1", kind: "Sidecar"))!

    static func names(_ objects: [UnstructuredObject]?) -> [String] {
        (objects ?? []).map { "\($0.metadata.namespace ?? "")/\($0.metadata.name)" }
    }

    // MARK: - Catalogue

    @Test func theTwentyTwoTypesAreSortedByMapKey() {
        let keys = IstioConfigType.all.map(\.mapKey)
        #expect(keys.count == 22)
        #expect(Set(keys).count == 22)
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(keys.contains("networking.istio.io/v1, Kind=VirtualService"))
        #expect(keys.contains("networking.istio.io/v1alpha3, Kind=EnvoyFilter"))
        #expect(keys.contains("extensions.istio.io/v1alpha1, Kind=TrafficExtension"))
        #expect(keys.contains("gateway.networking.k8s.io/v1beta1, Kind=ReferenceGrant"))
        #expect(keys.contains("gateway.networking.k8s.io/v1, Kind=UDPRoute"))
        #expect(keys.contains("inference.networking.k8s.io/v1, Kind=InferencePool"))
        // Every cached Istio kind is one of them.
        for kind in KindCatalog.istio {
            let r = kind.resource
            #expect(IstioConfigType.named(GroupVersionKind(group: r.group, version: r.version, kind: r.kind))?.cached != nil, "\(r)")
        }
        #expect(
            IstioConfigType.all.filter { $0.cached == nil }.map(\.gvk.kind).sorted() == [
                "InferencePool", "TCPRoute", "TLSRoute", "TrafficExtension", "UDPRoute",
            ]
        )
    }

    // MARK: - Lists

    @Test func clusterListHasEveryVisibleObjectOfTheCluster() throws {
        let list = try Self.config().list(namespace: nil)
        #expect(list.cluster == "east")
        #expect(list.entries.count == 22)
        #expect(Self.names(list.objects(Self.vs)) == ["bookinfo/ratings", "bookinfo/reviews"])
        #expect(Self.names(list.objects(Self.pa)) == ["bookinfo/default", "istio-system/default"])
        #expect(Self.names(list.objects(Self.ap)) == ["bookinfo/reviews-viewer"])
        // Requested types without objects are empty, not missing.
        #expect(list.entries.allSatisfy { $0.objects != nil })
        #expect(list.count == 10)
    }

    @Test func otherClusterIsSeparate() throws {
        let west = try Self.config("west", visible: ["bookinfo"]).list(namespace: "bookinfo")
        #expect(west.cluster == "west")
        #expect(Self.names(west.objects(Self.vs)) == ["bookinfo/reviews-west"])
        #expect(west.count == 1)
        let east = try Self.config("east").list(namespace: "bookinfo")
        #expect(!Self.names(east.objects(Self.vs)).contains("bookinfo/reviews-west"))
    }

    @Test func namespaceListAndVisibility() throws {
        let list = try Self.config().list(namespace: "istio-system")
        #expect(list.count == 1)
        #expect(Self.names(list.objects(Self.pa)) == ["istio-system/default"])

        let forbidden = #expect(throws: IstioConfigError.self) { try Self.config().list(namespace: "secret") }
        #expect(forbidden?.status == 403)
        #expect(forbidden?.message.hasPrefix("Cannot access namespace data") == true)
        let missing = #expect(throws: IstioConfigError.self) { try Self.config().list(namespace: "nowhere") }
        #expect(missing?.status == 403)
        // Visible on west only: not on east.
        #expect(throws: IstioConfigError.self) { try Self.config("east", visible: ["bookinfo"]).list(namespace: "secret") }
    }

    @Test func unknownClusterIsNotFound() {
        let error = #expect(throws: IstioConfigError.self) { try Self.config("north") }
        #expect(error?.status == 404)
        #expect(error?.message == "Cluster [north] is not found or is not accessible for Kiali")
    }

    @Test func objectsRestrictTheTypes() throws {
        let options = try IstioConfigOptions.parse(
            [("objects", "networking.istio.io/v1, Kind=VirtualService; security.istio.io/v1, Kind=AuthorizationPolicy;;")],
            route: .clusterList
        )
        #expect(options.objects == [Self.vs, Self.ap])
        let list = try Self.config().list(namespace: nil, options: options)
        #expect(list.entries.count == 22)
        #expect(list.entries.filter { $0.objects != nil }.map(\.type) == [Self.vs, Self.ap].sorted())
        #expect(list.objects(Self.pa) == nil)
        #expect(list.count == 3)
    }

    @Test func unknownObjectTypeIsBadRequest() throws {
        for text in ["networking.istio.io/v1beta1, Kind=VirtualService", "apps/v1, Kind=Deployment", "VirtualService"] {
            let error = #expect(throws: IstioConfigError.self) {
                try IstioConfigOptions.parse([("objects", "networking.istio.io/v1, Kind=VirtualService;\(text)")], route: .namespaceList)
            }
            #expect(error?.status == 400)
            #expect(error?.message == "Object type not managed: \(text)")
        }
        #expect(try IstioConfigOptions.parse([("objects", "")], route: .clusterList).objects == nil)
        #expect(try IstioConfigOptions.parse([("objects", " ; ")], route: .clusterList).objects == nil)
    }

    @Test func labelSelectorFiltersEveryType() throws {
        let options = try IstioConfigOptions.parse([("labelSelector", "tier=backend")], route: .clusterList)
        let list = try Self.config().list(namespace: nil, options: options)
        #expect(Self.names(list.objects(Self.vs)) == ["bookinfo/reviews"])
        #expect(Self.names(list.objects(Self.ap)) == ["bookinfo/reviews-viewer"])
        #expect(list.count == 2)

        let notIn = try IstioConfigOptions.parse([("labelSelector", "app notin (reviews)")], route: .clusterList)
        #expect(Self.names(try Self.config().list(namespace: "bookinfo", options: notIn).objects(Self.vs)) == ["bookinfo/ratings"])
    }

    @Test func workloadSelectorKeepsObjectsApplyingToTheWorkload() throws {
        let options = try IstioConfigOptions.parse([("workloadSelector", "app=reviews, version=v1")], route: .namespaceList)
        #expect(options.workloadSelector == ["app": "reviews", "version": "v1"])
        let list = try Self.config().list(namespace: "bookinfo", options: options)
        // Selecting types: kept when the selector is empty or within the workload's labels.
        #expect(Self.names(list.objects(Self.ap)) == ["bookinfo/reviews-viewer"])
        #expect(Self.names(list.objects(Self.pa)) == ["bookinfo/default"])
        #expect(Self.names(list.objects(Self.sidecar)) == [])
        // Other types are not filtered.
        #expect(Self.names(list.objects(Self.vs)) == ["bookinfo/ratings", "bookinfo/reviews"])

        let ratings = try IstioConfigOptions.parse([("workloadSelector", "app=ratings")], route: .namespaceList)
        let list2 = try Self.config().list(namespace: "bookinfo", options: ratings)
        #expect(Self.names(list2.objects(Self.sidecar)) == ["bookinfo/ratings"])
        #expect(Self.names(list2.objects(Self.ap)) == [])
    }

    // MARK: - Parameters

    @Test func parameterValues() throws {
        let o = try IstioConfigOptions.parse(
            [("clusterName", "west"), ("validate", "T"), ("_", "1712345678"), ("validate", "nonsense"), ("namespaces", "a, b,,a")],
            route: .clusterList
        )
        #expect(o.clusterName == "west")
        #expect(o.validate)
        #expect(o.namespaces == ["a", "b"])
        #expect(try IstioConfigOptions.parse([("clusterName", "")], route: .clusterList).clusterName == nil)
        #expect(try IstioConfigOptions.parse([("revision", "canary")], route: .meshTLS).revision == "canary")
        #expect(try IstioConfigOptions.parse([], route: .meshTLS).revision == "default")
        #expect(try IstioConfigOptions.parse([("help", "1")], route: .details).help)

        let badBool = #expect(throws: IstioConfigError.self) { try IstioConfigOptions.parse([("validate", "yes")], route: .clusterList) }
        #expect(badBool?.message == "cannot parse query parameter 'validate'")
        #expect(badBool?.status == 400)
        let badLabels = #expect(throws: IstioConfigError.self) {
            try IstioConfigOptions.parse([("labelSelector", "app in reviews")], route: .clusterList)
        }
        #expect(badLabels?.message == #"invalid 'labelSelector' value: "app in reviews""#)
        let badWorkload = #expect(throws: IstioConfigError.self) { try IstioConfigOptions.parse([("workloadSelector", "app")], route: .clusterList) }
        #expect(badWorkload?.message == #"invalid 'workloadSelector' value: "app""#)
    }

    @Test func strictModeRejectsUnknownNamesButNotTheCacheBuster() throws {
        _ = try IstioConfigOptions.parse([("_", "1"), ("objects", "")], route: .namespaceList, strict: true)
        let error = #expect(throws: IstioConfigError.self) {
            try IstioConfigOptions.parse([("namespaces", "a")], route: .namespaceList, strict: true)
        }
        #expect(error?.message == "unsupported query parameter 'namespaces'")
        // Not strict: ignored.
        _ = try IstioConfigOptions.parse([("includeAmbient", "x")], route: .namespaceList)
    }

    @Test func labelQuerySyntax() throws {
        let labels = ["app": "reviews", "version": "v2", "weight": "10"]
        func matches(_ text: String) -> Bool? { LabelQuery(parsing: text)?.matches(labels) }
        #expect(matches("") == true)
        #expect(matches("app=reviews") == true)
        #expect(matches("app==reviews,version=v2") == true)
        #expect(matches("app = reviews , version != v1") == true)
        #expect(matches("app!=reviews") == false)
        #expect(matches("missing!=x") == true)
        #expect(matches("version in (v1, v2)") == true)
        #expect(matches("version in (v1,v3)") == false)
        #expect(matches("version notin (v1)") == true)
        #expect(matches("missing notin (v1)") == true)
        #expect(matches("missing in (v1)") == false)
        #expect(matches("app") == true)
        #expect(matches("!app") == false)
        #expect(matches("!canary,app") == true)
        #expect(matches("weight>5,weight<11") == true)
        #expect(matches("weight>10") == false)
        #expect(matches("app.kubernetes.io/name") == false)
        for bad in ["app in reviews", "=x", "app=reviews,", "a b", "version in (v1", "weight>x", "app=>x"] {
            #expect(LabelQuery(parsing: bad) == nil, "\(bad)")
        }
    }

    // MARK: - JSON

    @Test func listJSONHasAllKeysAndNoManagedFields() throws {
        let options = try IstioConfigOptions.parse([("objects", "networking.istio.io/v1, Kind=VirtualService")], route: .clusterList)
        let bytes = IstioConfigJSON.list(try Self.config().list(namespace: "bookinfo", options: options))
        let json = try F.parse(bytes)
        let resources = try #require(json["resources"]?.objectValue)
        #expect(Set(resources.keys) == Set(IstioConfigType.all.map(\.mapKey)))
        #expect(resources["security.istio.io/v1, Kind=AuthorizationPolicy"] == .null)
        let vss = try #require(resources["networking.istio.io/v1, Kind=VirtualService"]?.arrayValue)
        #expect(vss.count == 2)
        #expect(vss[1][path: ["metadata", "name"]] == "reviews")
        #expect(vss[1][path: ["metadata", "managedFields"]] == nil)
        #expect(vss[1][path: ["metadata", "labels", "tier"]] == "backend")
        #expect(vss[1][path: ["spec", "gateways"]] == ["bookinfo-gateway", "mesh"])
        #expect(vss[1]["apiVersion"] == "networking.istio.io/v1")
        #expect(json["validations"] == [:])
        // Keys in Go's map order.
        let text = String(decoding: bytes, as: UTF8.self)
        let positions = IstioConfigType.all.map { text.firstRange(of: "\"\($0.mapKey)\"")!.lowerBound }
        #expect(positions == positions.sorted())

        // All requested: empty types are `[]`; validations can be given.
        let all = IstioConfigJSON.list(try Self.config().list(namespace: "istio-system"), validations: Array(#"{"x":{}}"#.utf8))
        let allJSON = try F.parse(all)
        #expect(allJSON[path: ["resources", "networking.istio.io/v1, Kind=VirtualService"]] == [])
        #expect(allJSON[path: ["resources", "gateway.networking.k8s.io/v1, Kind=TCPRoute"]] == [])
        #expect(allJSON["validations"] == ["x": [:]])
    }

    // MARK: - Details

    @Test func detailsOfAVirtualService() throws {
        let d = try Self.config().details(
            namespace: "bookinfo",
            group: "networking.istio.io",
            version: "v1",
            kind: "VirtualService",
            name: "reviews",
            permissions: ResourcePermissions(create: true, update: true, delete: false)
        )
        #expect(d.cluster == "east")
        #expect(d.namespace.name == "bookinfo")
        #expect(d.resource.metadata.name == "reviews")
        #expect(
            d.references.objectReferences.map { "\($0.objectGVK.kind):\($0.namespace)/\($0.name)" } == [
                "DestinationRule:bookinfo/reviews", "Gateway:bookinfo/bookinfo-gateway",
            ]
        )
        #expect(d.references.serviceReferences.map(\.name) == ["ratings", "reviews"])
        #expect(d.references.workloadReferences.isEmpty)

        let json = try F.parse(IstioConfigJSON.details(d))
        let keys = try #require(json.objectValue?.keys)
        #expect(Set(keys) == ["cluster", "gvk", "help", "namespace", "permissions", "references", "resource", "validation"])
        #expect(json["gvk"] == ["Group": "networking.istio.io", "Version": "v1", "Kind": "VirtualService"])
        #expect(json["permissions"] == ["create": true, "update": true, "delete": false])
        #expect(json["help"] == .null)
        #expect(json["validation"] == .null)
        #expect(json[path: ["namespace", "name"]] == "bookinfo")
        #expect(json[path: ["namespace", "cluster"]] == "east")
        #expect(json[path: ["resource", "metadata", "managedFields"]] == nil)
        #expect(json[path: ["references", "workloadReferences"]] == [])
        #expect(
            json[path: ["references", "objectReferences"]]?.arrayValue?.first
                == [
                    "objectGVK": ["Group": "networking.istio.io", "Version": "v1", "Kind": "DestinationRule"], "name": "reviews",
                    "namespace": "bookinfo", "cluster": "east",
                ]
        )
        #expect(
            json[path: ["references", "serviceReferences"]]?.arrayValue?.last == ["name": "reviews", "namespace": "bookinfo", "cluster": "east"]
        )

        let withValidation = try F.parse(IstioConfigJSON.details(d, validation: Array(#"{"valid":true}"#.utf8)))
        #expect(withValidation["validation"] == ["valid": true])
    }

    @Test func referencesOfOtherKinds() throws {
        let config = try Self.config()
        let gateway = try config.details(
            namespace: "bookinfo",
            group: "networking.istio.io",
            version: "v1",
            kind: "Gateway",
            name: "bookinfo-gateway"
        )
        #expect(gateway.references.objectReferences.map(\.name) == ["reviews"])
        #expect(
            gateway.references.workloadReferences == [WorkloadReference(name: "istio-ingressgateway-abc", namespace: "istio-system", cluster: "east")]
        )

        let policy = try config.details(namespace: "bookinfo", type: Self.ap, name: "reviews-viewer")
        // The pod's workload: its ReplicaSet's Deployment.
        #expect(policy.references.workloadReferences == [WorkloadReference(name: "reviews-v1", namespace: "bookinfo", cluster: "east")])

        let dr = try config.details(namespace: "bookinfo", group: "networking.istio.io", version: "v1", kind: "DestinationRule", name: "reviews")
        #expect(dr.references.objectReferences.map(\.name) == ["reviews"])
        #expect(dr.references.serviceReferences.map(\.name) == ["reviews"])

        let route = try config.details(
            namespace: "bookinfo",
            group: "gateway.networking.k8s.io",
            version: "v1",
            kind: "HTTPRoute",
            name: "reviews-route"
        )
        #expect(route.references.objectReferences.map { "\($0.objectGVK.group):\($0.name)" } == ["gateway.networking.k8s.io:bookinfo-gw"])
        #expect(route.references.serviceReferences.map(\.name) == ["reviews"])

        let k8sGateway = try config.details(
            namespace: "bookinfo",
            group: "gateway.networking.k8s.io",
            version: "v1",
            kind: "Gateway",
            name: "bookinfo-gw"
        )
        #expect(k8sGateway.references.objectReferences.map(\.name) == ["reviews-route"])
        #expect(k8sGateway.references.workloadReferences.map(\.name) == ["bookinfo-gw-istio"])

        let pa = try config.details(namespace: "bookinfo", type: Self.pa, name: "default")
        #expect(pa.references == IstioConfigReferences())
    }

    @Test func detailsErrors() throws {
        let config = try Self.config()
        let unknown = #expect(throws: IstioConfigError.self) {
            try config.details(namespace: "bookinfo", group: "networking.istio.io", version: "v1beta1", kind: "VirtualService", name: "reviews")
        }
        #expect(unknown?.status == 400)
        #expect(unknown?.message == "Object type not managed: networking.istio.io/v1beta1, Kind=VirtualService")
        let missing = #expect(throws: IstioConfigError.self) {
            try config.details(namespace: "bookinfo", group: "networking.istio.io", version: "v1", kind: "VirtualService", name: "nope")
        }
        #expect(missing?.status == 404)
        let uncached = #expect(throws: IstioConfigError.self) {
            try config.details(namespace: "bookinfo", group: "gateway.networking.k8s.io", version: "v1", kind: "TCPRoute", name: "reviews")
        }
        #expect(uncached?.status == 404)
        let forbidden = #expect(throws: IstioConfigError.self) {
            try config.details(namespace: "secret", group: "networking.istio.io", version: "v1", kind: "VirtualService", name: "hidden")
        }
        #expect(forbidden?.status == 403)
    }

    // MARK: - Validation summaries

    @Test func validationSummariesCountObjects() throws {
        let config = try Self.config()
        let all = config.validationSummaries()
        #expect(
            all == [
                ValidationSummary(namespace: "bookinfo", cluster: "east", objectCount: 9),
                ValidationSummary(namespace: "istio-system", cluster: "east", objectCount: 1),
            ]
        )
        // Listed order kept; invisible and unknown namespaces dropped.
        #expect(
            config.validationSummaries(namespaces: ["istio-system", "secret", "nowhere", "bookinfo"]).map(\.namespace) == [
                "istio-system", "bookinfo",
            ]
        )
        #expect(try config.validationSummary(namespace: "istio-system").objectCount == 1)
        #expect(throws: IstioConfigError.self) { try config.validationSummary(namespace: "secret") }

        let json = try F.parse(IstioConfigJSON.summaries(all))
        #expect(json.arrayValue?.first == ["errors": 0, "objectCount": 9, "warnings": 0, "namespace": "bookinfo", "cluster": "east"])
        let one = String(decoding: IstioConfigJSON.summary(all[1]), as: UTF8.self)
        #expect(
            String(one.filter { $0 != "\n" && $0 != " " })
                == #"{"errors":0,"objectCount":1,"warnings":0,"namespace":"istio-system","cluster":"east"}"#
        )
    }
}
