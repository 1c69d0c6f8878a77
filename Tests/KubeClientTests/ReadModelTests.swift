import Foundation
import KubeSim
import KubeTypes
import MeshSim
import SimTestSupport
import SkoposModel
import Synchronization
import Testing

@testable import KubeClient

/// The read model against simulated clusters: snapshots answer the console's questions in a few lines, the change
/// stream loses nothing, and a limited scope keeps every namespaced request inside it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReadModelTests {
    /// East and west with the built-in Bookinfo scenario; east is the home cluster, west comes from a remote-cluster
    /// secret, as in the seed.
    static func withBookinfo<T: Sendable>(_ body: @Sendable (ClusterRegistry, RunningCluster, RunningCluster) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { dir in
            let scenario = DefaultScenario.load()
            let east = try await RunningCluster.start(
                SimClusterOptions(name: "east", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "east", in: scenario)
            )
            let west = try await RunningCluster.start(
                SimClusterOptions(name: "west", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "west", in: scenario)
            )
            let secrets = dir + "/kiali-remote-cluster-secrets"
            try ClusterCacheTests.write(try west.kubeconfigText, to: secrets + "/kiali-remote-cluster-secret-west/west")
            let registry = ClusterRegistry(
                home: try ClusterCacheTests.resolved(east), directory: RemoteSecretsDirectory(path: secrets), pollInterval: .milliseconds(200),
                probeInterval: .milliseconds(500)
            )
            let task = Task { try await registry.run() }
            do {
                let result = try await body(registry, east, west)
                task.cancel()
                _ = await task.result
                await east.stop()
                await west.stop()
                return result
            } catch {
                task.cancel()
                _ = await task.result
                await east.stop()
                await west.stop()
                throw error
            }
        }
    }

    /// Reads changes until the snapshot satisfies `condition`, or `timeout` passes.
    static func snapshot(
        of registry: ClusterRegistry, timeout: Duration = .seconds(30), where condition: @escaping @Sendable (MeshSnapshot) -> Bool
    ) async -> MeshSnapshot? {
        await withTimeout(timeout, fallback: nil) {
            let changes = registry.changes()
            if condition(registry.snapshot()) { return registry.snapshot() }
            for await _ in changes {
                let now = registry.snapshot()
                if condition(now) { return now }
            }
            return nil
        }
    }

    /// The pods the server itself selects with a label selector, by name.
    static func serverPods(_ running: RunningCluster, namespace: String, selector: String) async throws -> [String] {
        let http = try SimHTTPClient(baseURL: running.endpoints.apiURL, caPEM: running.cluster.caCertificatePEM, token: running.cluster.adminToken)
        defer { Task { try? await http.shutdown() } }
        let query = PercentEncoding.encode(selector)
        let list = try await http.request("GET", "/api/v1/namespaces/\(namespace)/pods?labelSelector=\(query)")
        return (list.json?["items"]?.arrayValue ?? []).compactMap { $0[path: ["metadata", "name"]]?.stringValue }.sorted()
    }

    @Test("Every bookinfo namespace with its services and their pods, and the workloads behind a service, from one snapshot")
    func bookinfoQueriesOnTheSnapshot() async throws {
        try await Self.withBookinfo { registry, east, west in
            await registry.synced()
            #expect(registry.statuses.map(\.name) == ["east", "west"])
            #expect(registry.statuses.allSatisfy { $0.synced })
            // The controllers create the pods once the clusters run; wait until every Deployment's pods are cached.
            let ready = await Self.snapshot(of: registry) { mesh in
                mesh.clusters.allSatisfy { cluster in
                    cluster.list(.deployments, namespace: "bookinfo").allSatisfy { cluster.pods(of: .deployment($0)).count == $0.spec.replicas }
                }
            }
            let mesh = try #require(ready)

            // "Every namespace named bookinfo in every cluster, with its services and their pods": a few lines.
            let bookinfo = mesh.namespaces(named: "bookinfo").map { namespace in
                let cluster = mesh.cluster(namespace.cluster)!
                return (namespace.cluster, cluster.list(.services, namespace: "bookinfo").map { ($0.metadata.name, cluster.pods(of: $0)) })
            }
            #expect(bookinfo.map(\.0) == ["east", "west"])
            for (clusterName, services) in bookinfo {
                let running = clusterName == "east" ? east : west
                #expect(!services.isEmpty)
                for (service, pods) in services {
                    // Each service's pods are exactly the ones the API server itself selects.
                    let selector = mesh.cluster(clusterName)!.get(.services, namespace: "bookinfo", name: service)!.spec.selector
                        .map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",")
                    let selected = try await Self.serverPods(running, namespace: "bookinfo", selector: selector)
                    #expect(pods.map(\.metadata.name) == selected, "\(clusterName)/\(service)")
                }
            }
            let reviewsPods = bookinfo.map { cluster, services in (cluster, services.first { $0.0 == "reviews" }?.1.count ?? 0) }
            #expect(reviewsPods.allSatisfy { $0.1 > 0 }, "\(reviewsPods)")

            // "The workloads behind a service", in every cluster that has the service.
            let reviews = mesh.objects(.services, namespace: "bookinfo", name: "reviews").map { service in
                (service.cluster, mesh.cluster(service.cluster)!.workloads(of: service.object).map { "\($0.kind)/\($0.name)" })
            }
            #expect(reviews.map(\.0) == ["east", "west"])
            #expect(reviews.first?.1 == ["Deployment/reviews-v1", "Deployment/reviews-v2"])
            #expect(reviews.last?.1 == ["Deployment/reviews-v2", "Deployment/reviews-v3"])

            // And back: a pod's workload and services.
            let east = mesh.cluster("east")!
            let productpage = try #require(east.get(.deployments, namespace: "bookinfo", name: "productpage-v1"))
            let pod = try #require(east.pods(of: .deployment(productpage)).first)
            #expect(east.workload(of: pod).name == "productpage-v1")
            #expect(east.services(of: pod).map(\.metadata.name) == ["productpage"])
            // Istio's control plane in every cluster: istiod with its CLUSTER_ID.
            #expect(mesh.objects(.deployments, namespace: "istio-system", name: "istiod").map(\.cluster) == ["east", "west"])
            #expect(mesh.list(.namespaces).count == mesh.clusters.map { $0.namespaces.count }.reduce(0, +))
        }
    }

    @Test("Clusters added and removed reach subscribers in order: nothing of a removed cluster comes after its removal")
    func clusterChangesInOrder() async throws {
        try await withTemporaryDirectory { dir in
            let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
            let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes))
            let secrets = dir + "/secrets"
            let registry = ClusterRegistry(
                home: try ClusterCacheTests.resolved(east), directory: RemoteSecretsDirectory(path: secrets), pollInterval: .milliseconds(100),
                probeInterval: .milliseconds(300)
            )
            let changes = registry.changes()
            let task = Task { try await registry.run() }
            await registry.synced()
            try ClusterCacheTests.write(try west.kubeconfigText, to: secrets + "/kiali-remote-cluster-secret-west/west")
            // Everything the subscriber sees about west, in order.
            let log = Mutex<[String]>([])
            let reader = Task {
                for await event in changes {
                    switch event {
                    case .cluster(.added(let status)) where status.name == "west": log.withLock { $0.append("added") }
                    case .cluster(.removed(let name)) where name == "west": log.withLock { $0.append("removed") }
                    case .cluster(.changed(let status)) where status.name == "west": log.withLock { $0.append(status.synced ? "status synced" : "status") }
                    case .object(let change) where change.cluster == "west": log.withLock { $0.append("object") }
                    default: break
                    }
                }
            }
            #expect(await ClusterCacheTests.eventually { registry.cluster("west") != nil })
            #expect(await registry.synced(cluster: "west"))
            try FileManager.default.removeItem(atPath: secrets + "/kiali-remote-cluster-secret-west")
            #expect(await ClusterCacheTests.eventually { log.withLock { $0.contains("removed") } })
            // Give the stopping cluster time to (wrongly) publish more, then look.
            try await Task.sleep(for: .seconds(1))
            reader.cancel()
            let seen = log.withLock { $0 }
            #expect(seen.first == "added", "\(seen.prefix(5))")
            #expect(seen.contains("object"))
            #expect(seen.contains("status synced"))
            #expect(seen.last == "removed", "\(seen.suffix(5))")
            #expect(seen.filter { $0 == "removed" }.count == 1)
            task.cancel()
            _ = await task.result
            await east.stop()
            await west.stop()
        }
    }

    @Test("A kind the cluster does not serve is reported as not served, not as an error")
    func unservedKindIsNotAnError() async throws {
        let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
        let http = try SimHTTPClient(baseURL: east.endpoints.apiURL, caPEM: east.cluster.caCertificatePEM, token: east.cluster.adminToken)
        let deleted = try await http.request("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/wasmplugins.extensions.istio.io")
        #expect(deleted.status == 200)
        try await http.shutdown()
        let cache = ClusterCache(
            name: "east", isHome: true, connection: try KubeConnection(cluster: try ClusterCacheTests.resolved(east)), probeInterval: .milliseconds(300)
        )
        let task = Task { await cache.run() }
        #expect(await cache.waitUntilSynced(timeout: .seconds(30)))
        let status = cache.status
        #expect(status.kinds.first { $0.kind == Kind.wasmPlugins.resource }?.state == .notServed)
        #expect(status.kinds.first { $0.kind == Kind.virtualServices.resource }?.state == .synced)
        #expect(status.errors.isEmpty)
        #expect(status.lastError == nil)
        #expect(cache.snapshot().serves(Kind.virtualServices.resource))
        #expect(!cache.snapshot().serves(Kind.wasmPlugins.resource))
        #expect(cache.snapshot().list(.wasmPlugins).isEmpty)
        #expect(cache.snapshot().state(of: .wasmPlugins) == .notServed)
        #expect(cache.snapshot().state(of: .virtualServices) == .synced)
        // A cluster-scoped kind by name alone; a namespaced kind needs its namespace.
        #expect(cache.snapshot().get(.namespaces, name: "default") != nil)
        #expect(cache.snapshot().get(.configMaps, name: "kube-root-ca.crt") == nil)
        #expect(cache.snapshot().get(.configMaps, namespace: "default", name: "kube-root-ca.crt") != nil)
        task.cancel()
        await task.value
        await east.stop()
    }

    @Test("synced() is an event: it returns once every informer has listed, for the registry and per cluster")
    func syncedIsAnEvent() async throws {
        try await Self.withBookinfo { registry, _, _ in
            #expect(await registry.synced(cluster: "west"))
            #expect(registry.cluster("west")?.isSynced == true)
            await registry.synced()
            let statuses = registry.statuses
            #expect(statuses.allSatisfy { $0.synced && $0.kinds.allSatisfy { $0.state == .synced } }, "\(statuses.map(\.kinds))")
            #expect(await registry.synced(cluster: "nowhere") == false)
        }
    }
}

// MARK: - The change stream under load

/// What a subscriber saw of the ConfigMaps in one namespace, rebuilt from the stream alone.
struct Seen: Sendable {
    /// name → resourceVersion, from the last snapshot plus the changes after it.
    var state: [String: String] = [:]
    /// Per object, the changes in the order received, as `TYPE@rv`.
    var history: [String: [String]] = [:]
    var fellBehind = 0
    var snapshots = 0
    /// Changes that went backwards or repeated for their object (RVs must grow).
    var outOfOrder: [String] = []

    mutating func take(_ snapshot: MeshSnapshot, namespace: String) {
        snapshots += 1
        state = Dictionary(
            uniqueKeysWithValues: (snapshot.cluster("east")?.list(.configMaps, namespace: namespace) ?? []).filter { $0.metadata.name.hasPrefix("cm-") }
                .map { ($0.metadata.name, $0.metadata.resourceVersion ?? "") }
        )
    }

    /// Takes a change to one of the test's objects (`cm-*`; the namespace's `kube-root-ca.crt` is not the test's).
    mutating func take(_ change: ObjectChange) {
        guard change.name.hasPrefix("cm-") else { return }
        let last = Int(state[change.name] ?? "") ?? 0
        if change.type != .deleted, let rv = Int(change.resourceVersion), rv <= last {
            outOfOrder.append("\(change)")
        }
        history[change.name, default: []].append(change.type == .deleted ? "DELETED" : "\(change.type.rawValue)@\(change.resourceVersion)")
        if change.type == .deleted { state[change.name] = nil } else { state[change.name] = change.resourceVersion }
    }
}

/// `Seen`, shared between the reading task and the test.
final class Recorder: Sendable {
    private let state = Mutex(Seen())
    /// A server state the reader should reach, once known.
    let target = Mutex<[String: String]?>(nil)

    func withLock<T: Sendable>(_ body: (inout Seen) -> T) -> T { state.withLock { body(&$0) } }
    var value: Seen { state.withLock { $0 } }
    var snapshots: Int { state.withLock { $0.snapshots } }
}

extension ReadModelTests {
    static let loadNamespace = "load"
    /// The load: `make test` runs a short form, `make stress` (`SKOPOS_STRESS=1`) ten times as many objects.
    static let loadObjects = ProcessInfo.processInfo.environment["SKOPOS_STRESS"] == nil ? 40 : 400
    static let loadPatches = 3
    /// Creates, patches, and a delete of every other object.
    static var loadChanges: Int { loadObjects * (1 + loadPatches) + loadObjects / 2 }

    /// Writes to `objects` ConfigMaps from 4 writers: create, `patches` patches, and a delete of every other one.
    /// Returns, per object, what its writes returned, as `TYPE@rv` (`DELETED` for deletes).
    static func writeLoad(_ running: RunningCluster, objects: Int, patches: Int) async throws -> [String: [String]] {
        let http = try SimHTTPClient(baseURL: running.endpoints.apiURL, caPEM: running.cluster.caCertificatePEM, token: running.cluster.adminToken)
        defer { Task { try? await http.shutdown() } }
        let base = "/api/v1/namespaces/\(loadNamespace)/configmaps"
        return try await withThrowingTaskGroup(of: [String: [String]].self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var written: [String: [String]] = [:]
                    for i in stride(from: writer, to: objects, by: 4) {
                        let name = "cm-\(i)"
                        let created = try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"n":"0"}}"#)
                        guard created.status == 201 else { throw TestSupportError("create \(name): \(created.status) \(created.body)") }
                        written[name, default: []].append("ADDED@\(created.json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")")
                        for n in 1...patches {
                            let patched = try await http.request(
                                "PATCH", "\(base)/\(name)", body: #"{"data":{"n":"\#(n)"}}"#, contentType: "application/merge-patch+json"
                            )
                            guard patched.status == 200 else { throw TestSupportError("patch \(name): \(patched.status) \(patched.body)") }
                            written[name, default: []].append("MODIFIED@\(patched.json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")")
                        }
                        if i % 2 == 0 {
                            let deleted = try await http.request("DELETE", "\(base)/\(name)")
                            guard deleted.status == 200 else { throw TestSupportError("delete \(name): \(deleted.status) \(deleted.body)") }
                            written[name, default: []].append("DELETED")
                        }
                    }
                    return written
                }
            }
            var all: [String: [String]] = [:]
            for try await part in group { all.merge(part) { a, _ in a } }
            return all
        }
    }

    /// The server's ConfigMaps of the test in the load namespace, name → resourceVersion.
    static func serverState(_ running: RunningCluster) async throws -> [String: String] {
        let names = try await ClusterCacheTests.serverConfigMaps(running, namespace: loadNamespace).filter { $0.hasPrefix("cm-") }
        return Dictionary(uniqueKeysWithValues: names.map { entry in
            let parts = entry.split(separator: "@").map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        })
    }

    /// Drops every watch of the cluster every 20 ms, and makes some watches end after a few events, until cancelled.
    static func killWatches(_ running: RunningCluster) async {
        var round = 0
        while !Task.isCancelled {
            round += 1
            running.cluster.dropAllWatches()
            if round % 5 == 0 { running.cluster.faults.add(SimFault(.closeWatchAfter(events: 3), verb: "watch", resource: "configmaps", times: 2)) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A registry on one cluster with a `load` namespace, and a subscriber that has read its starting snapshot.
    static func withLoadCluster(
        bufferLimit: Int, _ body: @Sendable (RunningCluster, ClusterRegistry, ChangeStream) async throws -> Void
    ) async throws {
        let east = try await RunningCluster.start(
            SimClusterOptions(name: "east", flavor: .kubernetes),
            seed: [["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(loadNamespace)]]]
        )
        let registry = ClusterRegistry(
            home: try ClusterCacheTests.resolved(east), directory: RemoteSecretsDirectory(path: "/nonexistent-skopos-test"), changeBufferLimit: bufferLimit
        )
        let task = Task { try await registry.run() }
        await registry.synced()
        do {
            try await body(east, registry, registry.changes(startingWithSnapshot: true))
        } catch {
            task.cancel()
            await east.stop()
            throw error
        }
        task.cancel()
        _ = await task.result
        await east.stop()
    }

    /// Reads the stream into `Seen` until `done` holds for what was seen, or `timeout` passes.
    static func read(
        _ stream: ChangeStream, into seen: Recorder, delay: Duration? = nil, timeout: Duration = .seconds(60),
        until done: @escaping @Sendable (Seen) -> Bool
    ) async -> Bool {
        await withTimeout(timeout, fallback: false) {
            for await event in stream {
                switch event {
                case .snapshot(let snapshot):
                    seen.withLock { $0.take(snapshot, namespace: loadNamespace) }
                case .fellBehind(let snapshot):
                    seen.withLock {
                        $0.fellBehind += 1
                        $0.take(snapshot, namespace: loadNamespace)
                    }
                case .object(let change) where change.kind == Kind.configMaps.resource && change.namespace == loadNamespace:
                    seen.withLock { $0.take(change) }
                    if let delay { try? await Task.sleep(for: delay) }
                case .object, .cluster:
                    break
                }
                if done(seen.value) { return true }
            }
            return false
        }
    }

    @Test("Killed and restored watches under load: a subscriber sees every change exactly once, in order per object")
    func everyChangeExactlyOnceThroughKilledWatches() async throws {
        try await Self.withLoadCluster(bufferLimit: 10_000) { east, registry, stream in
            let seen = Recorder()
            let reader = Task {
                await Self.read(stream, into: seen) { (seen: Seen) -> Bool in
                    let changes: Int = seen.history.values.reduce(0) { $0 + $1.count }
                    return seen.snapshots > 0 && changes >= Self.loadChanges
                }
            }
            // The reader has its starting snapshot before the load starts, so every change must come as an event.
            while seen.snapshots == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let killer = Task { await Self.killWatches(east) }
            let written = try await Self.writeLoad(east, objects: Self.loadObjects, patches: Self.loadPatches)
            killer.cancel()
            // 40 creates, 120 patches, 20 deletes (ten times as many in make stress).
            #expect(written.values.map(\.count).reduce(0, +) == Self.loadChanges)
            #expect(await reader.value, "the subscriber did not see \(Self.loadChanges) changes")
            let result = seen.value
            #expect(result.fellBehind == 0)
            #expect(result.outOfOrder.isEmpty, "\(result.outOfOrder)")
            // Exactly once, in order, per object: the same list of changes the writes produced.
            for (name, changes) in written.sorted(by: { $0.key < $1.key }) {
                #expect(result.history[name] == changes, "\(name)")
            }
            #expect(result.history.count == written.count)
            #expect(result.state == (try await Self.serverState(east)))
            _ = registry
        }
    }

    @Test("A subscriber too slow for the load is told it fell behind and gets a snapshot that equals the server state")
    func slowSubscriberFallsBehindAndResyncs() async throws {
        try await Self.withLoadCluster(bufferLimit: 5) { east, registry, stream in
            let seen = Recorder()
            let reader = Task {
                await Self.read(stream, into: seen, delay: .milliseconds(10)) { (now: Seen) -> Bool in
                    let target: [String: String]? = seen.target.withLock { $0 }
                    return target == now.state && now.fellBehind > 0
                }
            }
            while seen.snapshots == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let killer = Task { await Self.killWatches(east) }
            _ = try await Self.writeLoad(east, objects: Self.loadObjects, patches: Self.loadPatches)
            killer.cancel()
            let server = try await Self.serverState(east)
            #expect(server.count == Self.loadObjects / 2)
            seen.target.withLock { $0 = server }
            // Nudge the stream once the load is over, so a reader that already matches the state wakes up.
            try await ClusterCacheTests.createConfigMap(east, "nudge", namespace: "default")
            #expect(await reader.value, "the subscriber never reached the server state")
            let result = seen.value
            #expect(result.fellBehind > 0)
            #expect(result.outOfOrder.isEmpty, "\(result.outOfOrder)")
            #expect(result.state == server)
            _ = registry
        }
    }
}

// MARK: - Scope

extension ReadModelTests {
    /// Who the registry reads the cluster as.
    enum Reader: String, CaseIterable, Sendable {
        /// The cluster admin.
        case admin
        /// A ServiceAccount with RoleBindings in the selected namespaces only, as the operator sets Kiali up without
        /// cluster-wide access: a cluster-wide read would be forbidden.
        case namespaceBound
    }

    @Test(
        "Without cluster-wide access, no LIST or WATCH of a namespaced kind outside the selected namespaces reaches the server",
        arguments: Reader.allCases
    )
    func limitedAccessStaysInsideItsNamespaces(reader: Reader) async throws {
        var seed: [JSONValue] = []
        for ns in ["a", "b", "c"] {
            seed.append(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
            seed.append(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("in-\(ns)"), "namespace": .string(ns)], "data": ["k": "v"]])
            seed.append([
                "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": ["name": .string("vs-\(ns)"), "namespace": .string(ns)],
                "spec": ["hosts": ["reviews"]],
            ])
        }
        seed.append(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "kiali", "namespace": "a"]])
        for ns in ["a", "b"] {
            seed.append([
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "kiali-viewer", "namespace": .string(ns)],
                "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch"]]],
            ])
            seed.append([
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "kiali-viewer", "namespace": .string(ns)],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "kiali-viewer"],
                "subjects": [["kind": "ServiceAccount", "name": "kiali", "namespace": "a"]],
            ])
        }
        let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes), seed: seed)
        var home = try ClusterCacheTests.resolved(east)
        if reader == .namespaceBound {
            let http = try SimHTTPClient(baseURL: east.endpoints.apiURL, caPEM: east.cluster.caCertificatePEM, token: east.cluster.adminToken)
            let reply = try await http.request(
                "POST", "/api/v1/namespaces/a/serviceaccounts/kiali/token",
                body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":3600}}"#
            )
            try await http.shutdown()
            home.credentials = .token(try #require(reply.json?[path: ["status", "token"]]?.stringValue, "\(reply.body)"))
        }
        let access = try AccessScope(
            clusterWideAccess: false,
            defaultSelectors: [
                LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "a"]),
                LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "kubernetes.io/metadata.name", operator: "In", values: ["b"])]),
            ]
        )
        east.cluster.requests.clear()
        let registry = ClusterRegistry(home: home, directory: RemoteSecretsDirectory(path: "/nonexistent-skopos-test"), access: access)
        let task = Task { try await registry.run() }
        await registry.synced()
        let cluster = try #require(registry.snapshot().cluster("east"))
        #expect(cluster.status.synced)
        #expect(cluster.status.errors.isEmpty, "\(cluster.status.errors)")
        #expect(cluster.status.scope == .namespaces(["a", "b"]))
        #expect(cluster.namespaces.map(\.metadata.name) == ["a", "b"])
        #expect(cluster.list(.configMaps).map(\.metadata.name).filter { $0.hasPrefix("in-") } == ["in-a", "in-b"])
        #expect(cluster.list(.virtualServices).map(\.metadata.name) == ["vs-a", "vs-b"])

        // A change inside the scope arrives; one outside never reaches the cache.
        try await ClusterCacheTests.createConfigMap(east, "later", namespace: "c")
        try await ClusterCacheTests.createConfigMap(east, "later", namespace: "b")
        let later = await Self.snapshot(of: registry) { $0.cluster("east")?.get(.configMaps, namespace: "b", name: "later") != nil }
        #expect(later != nil)
        #expect(later?.cluster("east")?.get(.configMaps, namespace: "c", name: "later") == nil)

        // Counted at the server: every LIST and WATCH names namespace a or b; nothing is listed or watched
        // cluster-wide, not even Namespaces (they are read one by one).
        let requests = east.cluster.requests.snapshot().filter { $0.user != "system:admin" || reader == .admin }
        let reads = requests.filter { $0.isResourceRequest && ($0.verb == "list" || $0.verb == "watch") }
        let outside = reads.filter { !["a", "b"].contains($0.namespace ?? "") }
        #expect(outside.isEmpty, "\(outside.map { "\($0.verb) \($0.path)?\($0.query)" })")
        #expect(requests.contains { $0.verb == "get" && $0.resource == "namespaces" && $0.name == "a" })
        // Every namespaced kind was listed in both namespaces, Istio's included.
        let namespacedKinds = Set(KindCatalog.cached.map(\.resource).filter(\.namespaced).map { "\($0.group)/\($0.resource)" })
        for kind in namespacedKinds {
            for ns in ["a", "b"] {
                #expect(reads.contains { "\($0.group)/\($0.resource)" == kind && $0.namespace == ns && $0.verb == "list" }, "\(kind) in \(ns)")
            }
        }
        task.cancel()
        _ = await task.result
        await east.stop()
    }

    @Test func accessScopeFromDiscoverySelectors() throws {
        #expect(AccessScope.clusterWide.scope(for: "east") == .clusterWide)
        #expect(try AccessScope(clusterWideAccess: true, defaultSelectors: [LabelSelector(matchLabels: ["team": "x"])]).scope(for: "east") == .clusterWide)
        let byName = LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "bookinfo"])
        let byIn = LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "kubernetes.io/metadata.name", operator: "In", values: ["travel", "bookinfo"])])
        let scoped = try AccessScope(
            clusterWideAccess: false, defaultSelectors: [byName], overrides: ["west": [byIn], "north": [LabelSelector(matchLabels: ["team": "x"])]],
            alwaysIncluded: ["istio-system"]
        )
        #expect(scoped.scope(for: "east") == .namespaces(["bookinfo", "istio-system"]))
        #expect(scoped.scope(for: "west") == .namespaces(["bookinfo", "istio-system", "travel"]))
        // An override that does not name namespaces falls back to the default.
        #expect(scoped.scope(for: "north") == .namespaces(["bookinfo", "istio-system"]))
        // Without cluster-wide access and without selectors, only the always-included namespaces.
        #expect(try AccessScope(clusterWideAccess: false, alwaysIncluded: ["istio-system"]).scope(for: "east") == .namespaces(["istio-system"]))
        let error = #expect(throws: AccessScopeError.self) {
            try AccessScope(clusterWideAccess: false, defaultSelectors: [byName, LabelSelector(matchLabels: ["team": "x"])])
        }
        #expect(error?.key == "deployment.discovery_selectors.default[1]")
        #expect(error?.description.contains("kubernetes.io/metadata.name") == true)
    }
}

// MARK: - The change hub, without a cluster

@Suite struct ChangeHubTests {
    static func change(_ name: String, sequence: UInt64, store: UInt64 = 1) -> ObjectChange {
        ObjectChange(
            cluster: "east", kind: Kind<ConfigMap>.configMaps.resource, namespace: "ns", name: name, type: .modified, resourceVersion: "\(sequence)",
            storeID: store, sequence: sequence
        )
    }

    @Test func aSubscriberReadsInOrderAndIsToldWhenItFellBehind() async {
        let hub = ChangeHub(bufferLimit: 3)
        let id = hub.subscribe(startBehind: false)
        hub.publish([.object(Self.change("a", sequence: 1)), .object(Self.change("b", sequence: 2))])
        guard case .item(.object(let first)) = await hub.next(id), case .item(.object(let second)) = await hub.next(id) else {
            Issue.record("expected two changes")
            return
        }
        #expect([first.name, second.name] == ["a", "b"])
        // Four more than the buffer holds: the buffer is dropped and the next read says so, once.
        hub.publish((3...6).map { .object(Self.change("c\($0)", sequence: UInt64($0))) })
        guard case .fellBehind = await hub.next(id) else {
            Issue.record("expected fellBehind")
            return
        }
        hub.publish([.object(Self.change("d", sequence: 7))])
        guard case .item(.object(let after)) = await hub.next(id) else {
            Issue.record("expected the change after the marker")
            return
        }
        #expect(after.name == "d")
        hub.unsubscribe(id)
        guard case .finished = await hub.next(id) else {
            Issue.record("expected finished")
            return
        }
    }

    @Test func aWaitingReaderWakesOnPublishAndOnCancel() async {
        let hub = ChangeHub()
        let id = hub.subscribe(startBehind: false)
        let reader = Task { await hub.next(id) }
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish(.cluster(.removed(name: "west")))
        guard case .item(.cluster(.removed(let name))) = await reader.value else {
            Issue.record("expected the cluster change")
            return
        }
        #expect(name == "west")
        let cancelled = Task { await hub.next(id) }
        try? await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        guard case .finished = await cancelled.value else {
            Issue.record("a cancelled reader must stop waiting")
            return
        }
    }

    @Test func changesAlreadyInTheSnapshotAreNotDeliveredAgain() async {
        let hub = ChangeHub()
        // The snapshot holds store 1 up to change 5; the stream starts behind, as a subscriber asking for a snapshot.
        let store = StoreContentsStub(storeID: 1, sequence: 5)
        let snapshot = MeshSnapshot(clusters: [ClusterSnapshot(status: ClusterStatus(name: "east", isHome: true, apiEndpoint: "", reachable: true, synced: true), stores: [Kind<ConfigMap>.configMaps.resource: store])])
        let stream = ChangeStream(hub: hub, startingWithSnapshot: true) { snapshot }
        var iterator = stream.makeAsyncIterator()
        guard case .snapshot = await iterator.next() else {
            Issue.record("expected the starting snapshot")
            return
        }
        hub.publish([.object(Self.change("old", sequence: 5)), .object(Self.change("new", sequence: 6)), .object(Self.change("other", sequence: 1, store: 2))])
        guard case .object(let a) = await iterator.next(), case .object(let b) = await iterator.next() else {
            Issue.record("expected two changes")
            return
        }
        #expect([a.name, b.name] == ["new", "other"])
    }
}

/// A store's contents reduced to what the change stream reads.
private struct StoreContentsStub: AnyStoreContents {
    var storeID: UInt64
    var sequence: UInt64
    var count: Int { 0 }
}

extension ChangeHubTests {
    @Test func aRetiredSourcePublishesNothingAfterItsLastWord() async {
        let hub = ChangeHub()
        let id = hub.subscribe(startBehind: false)
        hub.publish(.object(Self.change("before", sequence: 1)), source: 7)
        hub.retire(7, publishing: .cluster(.removed(name: "west")))
        hub.publish(.object(Self.change("late", sequence: 2)), source: 7)
        hub.publish(.object(Self.change("other", sequence: 1, store: 2)), source: 8)
        var names: [String] = []
        for _ in 0..<3 {
            switch await hub.next(id) {
            case .item(.object(let change)): names.append(change.name)
            case .item(.cluster(.removed(let name))): names.append("removed \(name)")
            default: names.append("?")
            }
        }
        #expect(names == ["before", "removed west", "other"])
    }
}

/// Snapshot look-ups over stores filled by hand: indexes follow updates and deletes, selectors with several labels.
@Suite struct SnapshotIndexTests {
    static func pod(_ name: String, _ labels: [String: String], owner: String? = nil, namespace: String = "ns") -> Pod {
        let references = owner.map { [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: $0, uid: "u-\($0)", controller: true)] } ?? []
        return Pod(metadata: ObjectMeta(name: name, namespace: namespace, resourceVersion: "1", labels: labels, ownerReferences: references))
    }

    static func service(_ name: String, _ selector: [String: String], namespace: String = "ns") -> Service {
        Service(metadata: ObjectMeta(name: name, namespace: namespace), spec: ServiceSpec(selector: selector))
    }

    static func snapshot(pods: ObjectStore<Pod>, services: ObjectStore<Service>) -> ClusterSnapshot {
        ClusterSnapshot(
            status: ClusterStatus(name: "east", isHome: true, apiEndpoint: "", reachable: true, synced: true),
            stores: [Kind.pods.resource: pods.contents, Kind.services.resource: services.contents]
        )
    }

    @Test func selectorsFollowLabelChangesAndDeletes() {
        let pods = ObjectStore<Pod>(indexers: Pod.storeIndexers)
        let services = ObjectStore<Service>(indexers: Service.storeIndexers)
        let all = [
            Self.pod("r1", ["app": "reviews", "version": "v1"], owner: "reviews-v1-abc"),
            Self.pod("r2", ["app": "reviews", "version": "v2"], owner: "reviews-v2-def"),
            Self.pod("p1", ["app": "productpage", "version": "v1"]),
            Self.pod("elsewhere", ["app": "reviews", "version": "v1"], namespace: "other"),
        ]
        pods.replace(all.map { ($0.cacheKey, $0) }, resourceVersion: "1")
        let reviews = Self.service("reviews", ["app": "reviews"])
        let reviewsV1 = Self.service("reviews-v1", ["app": "reviews", "version": "v1"])
        let empty = Self.service("no-selector", [:])
        services.replace([reviews, reviewsV1, empty].map { ($0.cacheKey, $0) }, resourceVersion: "1")

        var snapshot = Self.snapshot(pods: pods, services: services)
        #expect(snapshot.pods(of: reviews).map(\.metadata.name) == ["r1", "r2"])
        #expect(snapshot.pods(of: reviewsV1).map(\.metadata.name) == ["r1"])
        #expect(snapshot.pods(of: empty).isEmpty, "a Service without a selector selects no pod")
        #expect(snapshot.services(of: all[0]).map(\.metadata.name) == ["reviews", "reviews-v1"])
        #expect(snapshot.services(of: all[2]).isEmpty)

        // r1 moves to v2: both selectors and the reverse look-up follow; the old snapshot does not change.
        let moved = Self.pod("r1", ["version": "v2", "app": "reviews"], owner: "reviews-v1-abc")
        pods.apply(.updated(moved.cacheKey, moved))
        let before = snapshot
        snapshot = Self.snapshot(pods: pods, services: services)
        #expect(snapshot.pods(of: reviewsV1).isEmpty)
        #expect(snapshot.services(of: moved).map(\.metadata.name) == ["reviews"])
        #expect(before.pods(of: reviewsV1).map(\.metadata.name) == ["r1"])

        // A delete leaves no trace in the indexes.
        pods.apply(.deleted(all[1].cacheKey, all[1]))
        snapshot = Self.snapshot(pods: pods, services: services)
        #expect(snapshot.pods(of: reviews).map(\.metadata.name) == ["r1"])
        #expect(pods.contents.names(index: StoreIndexName.labels, namespace: "ns", value: "version=v2").sorted() == ["r1"])
        #expect(pods.contents.names(index: StoreIndexName.controller, namespace: "ns", value: "ReplicaSet/reviews-v2-def").count == 0)
    }

    @Test func aNamespaceRelistReplacesOnlyThatNamespace() {
        let pods = ObjectStore<Pod>(indexers: Pod.storeIndexers)
        let a = Self.pod("x", ["app": "a"], namespace: "a")
        let b = Self.pod("y", ["app": "b"], namespace: "b")
        pods.replace([(a.cacheKey, a)], resourceVersion: "1", namespace: "a")
        pods.replace([(b.cacheKey, b)], resourceVersion: "1", namespace: "b")
        let changes = pods.replace([], resourceVersion: "2", namespace: "a")
        #expect(changes.map(\.key) == [a.cacheKey])
        #expect(pods.list().map(\.metadata.name) == ["y"])
        #expect(pods.contents.names(index: StoreIndexName.labels, namespace: "a", value: "app=a").count == 0)
    }
}
