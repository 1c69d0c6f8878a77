import Foundation
import NIOHTTP1
public import KubeTypes
public import Logging
import SkoposModel
import Synchronization

/// The informers of one cluster for the kinds the console reads, with the cluster's status. Namespaced informers
/// watch cluster-wide, or one informer per namespace when `namespaces` is given (discovery selectors).
public final class ClusterCache: Sendable {
    public let name: String
    public let isHome: Bool
    public let secretName: String?
    public let source: String?
    public let connection: KubeConnection

    public let namespaces: Informer<Namespace>
    public let pods: [Informer<Pod>]
    public let services: [Informer<KubeTypes.Service>]
    public let endpoints: [Informer<Endpoints>]
    public let deployments: [Informer<Deployment>]
    public let replicaSets: [Informer<ReplicaSet>]
    public let statefulSets: [Informer<StatefulSet>]
    public let daemonSets: [Informer<DaemonSet>]
    public let configMaps: [Informer<ConfigMap>]
    /// Istio and Gateway API kinds, by resource; only those the cluster serves (known after `run` starts).
    private let istioBox = Mutex<[GroupVersionResource: Informer<UnstructuredObject>]>([:])
    private let probe = Mutex<(reachable: Bool, error: String?, version: String?)>((false, nil, nil))
    let logger: Logger

    /// The Istio and Gateway API kinds the console caches, when the cluster serves them.
    public static let istioResources: [GroupVersionResource] = [
        ("networking.istio.io", "v1", ["destinationrules", "gateways", "serviceentries", "sidecars", "virtualservices", "workloadentries", "workloadgroups"]),
        ("networking.istio.io", "v1alpha3", ["envoyfilters"]),
        ("security.istio.io", "v1", ["authorizationpolicies", "peerauthentications", "requestauthentications"]),
        ("telemetry.istio.io", "v1", ["telemetries"]),
        ("extensions.istio.io", "v1alpha1", ["wasmplugins"]),
        ("gateway.networking.k8s.io", "v1", ["gateways", "httproutes", "grpcroutes"]),
    ].flatMap { group, version, resources in resources.map { GroupVersionResource(group: group, version: version, resource: $0) } }

    /// - Parameters:
    ///   - namespaces: restrict namespaced informers to these namespaces; `nil` watches cluster-wide.
    public init(
        name: String, isHome: Bool, connection: KubeConnection, secretName: String? = nil, source: String? = nil,
        namespaces: [String]? = nil, logger: Logger = Logger(label: "skopos.kube")
    ) {
        self.name = name
        self.isHome = isHome
        self.connection = connection
        self.secretName = secretName
        self.source = source
        self.logger = logger
        func informers<T: CachedObject>(_ type: T.Type, _ gvr: GroupVersionResource) -> [Informer<T>] {
            guard let namespaces else { return [Informer<T>(connection: connection, resource: gvr, logger: logger)] }
            return namespaces.map { Informer<T>(connection: connection, resource: gvr, namespace: $0, logger: logger) }
        }
        self.namespaces = Informer(connection: connection, resource: GroupVersionResource(group: "", version: "v1", resource: "namespaces"), logger: logger)
        pods = informers(Pod.self, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        services = informers(KubeTypes.Service.self, GroupVersionResource(group: "", version: "v1", resource: "services"))
        endpoints = informers(Endpoints.self, GroupVersionResource(group: "", version: "v1", resource: "endpoints"))
        deployments = informers(Deployment.self, GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
        replicaSets = informers(ReplicaSet.self, GroupVersionResource(group: "apps", version: "v1", resource: "replicasets"))
        statefulSets = informers(StatefulSet.self, GroupVersionResource(group: "apps", version: "v1", resource: "statefulsets"))
        daemonSets = informers(DaemonSet.self, GroupVersionResource(group: "apps", version: "v1", resource: "daemonsets"))
        configMaps = informers(ConfigMap.self, GroupVersionResource(group: "", version: "v1", resource: "configmaps"))
    }

    /// The Istio and Gateway API informers started so far.
    public var istio: [GroupVersionResource: Informer<UnstructuredObject>] { istioBox.withLock { $0 } }

    var allSyncFlags: [Bool] {
        [namespaces.isSynced] + pods.map(\.isSynced) + services.map(\.isSynced) + endpoints.map(\.isSynced) + deployments.map(\.isSynced)
            + replicaSets.map(\.isSynced) + statefulSets.map(\.isSynced) + daemonSets.map(\.isSynced) + configMaps.map(\.isSynced)
            + istio.values.map(\.isSynced)
    }

    var informerErrors: [String] {
        ([namespaces.lastError] + pods.map(\.lastError) + services.map(\.lastError) + deployments.map(\.lastError)).compactMap { $0 }
    }

    /// Whether every informer has completed its first LIST.
    public var isSynced: Bool { allSyncFlags.allSatisfy { $0 } }

    /// The cluster's status now.
    public var status: ClusterStatus {
        let p = probe.withLock { $0 }
        return ClusterStatus(
            name: name, isHome: isHome, secretName: secretName, source: source, apiEndpoint: connection.server, reachable: p.reachable,
            synced: isSynced, lastError: p.error ?? informerErrors.first, serverVersion: p.version
        )
    }

    /// Runs the informers and the reachability probe until cancelled, then closes the connection.
    /// - Parameter probeInterval: how often `GET /version` checks reachability (30 s in production).
    public func run(probeInterval: Duration = .seconds(30)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.probeLoop(interval: probeInterval) }
            group.addTask { await self.namespaces.run() }
            for i in pods { group.addTask { await i.run() } }
            for i in services { group.addTask { await i.run() } }
            for i in endpoints { group.addTask { await i.run() } }
            for i in deployments { group.addTask { await i.run() } }
            for i in replicaSets { group.addTask { await i.run() } }
            for i in statefulSets { group.addTask { await i.run() } }
            for i in daemonSets { group.addTask { await i.run() } }
            for i in configMaps { group.addTask { await i.run() } }
            group.addTask { await self.startIstioInformers() }
            group.addTask {
                if await self.waitUntilSynced(timeout: .seconds(3600)) { MemoryRelease.afterBulkLoad() }
            }
            await group.waitForAll()
        }
        try? await connection.shutdown()
    }

    /// Finds which Istio and Gateway API kinds the cluster serves (retrying until it answers) and runs their informers.
    func startIstioInformers() async {
        var served: Set<String> = []
        while !Task.isCancelled {
            do {
                let bytes = try await connection.send(.GET, "/apis", timeout: .seconds(10))
                let groups = try JSONParser.parse(bytes)["groups"]?.arrayValue ?? []
                for g in groups {
                    for v in g["versions"]?.arrayValue ?? [] { if let gv = v["groupVersion"]?.stringValue { served.insert(gv) } }
                }
                break
            } catch {
                try? await Task.sleep(for: .seconds(5))
            }
        }
        let wanted = Self.istioResources.filter { served.contains("\($0.group)/\($0.version)") }
        await withTaskGroup(of: Void.self) { group in
            for gvr in wanted {
                let informer = Informer<UnstructuredObject>(connection: connection, resource: gvr, logger: logger)
                istioBox.withLock { $0[gvr] = informer }
                group.addTask { await informer.run() }
            }
            await group.waitForAll()
        }
    }

    func probeLoop(interval: Duration) async {
        while !Task.isCancelled {
            do {
                let version = try await connection.serverVersion(timeout: .seconds(5))
                probe.withLock { $0 = (true, nil, version) }
            } catch {
                probe.withLock { $0 = (false, error.description, $0.version) }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Waits until every informer has synced, or `timeout` passes.
    /// - Returns: whether the cache synced in time.
    public func waitUntilSynced(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if isSynced { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isSynced
    }
}
