import Foundation
import KubeSim
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

@testable import KubeClient

/// The client, its informers and the cluster registry against `skopos sim` clusters.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ClusterCacheTests {
    static func resolved(_ running: RunningCluster) throws -> ResolvedCluster {
        try KubeconfigLoader.parse(running.kubeconfigText, source: running.cluster.name).resolve(context: nil)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    static func eventually(_ timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return try await condition()
    }

    /// The server's configmaps in a namespace, as `name@resourceVersion`.
    static func serverConfigMaps(_ running: RunningCluster, namespace: String) async throws -> Set<String> {
        let http = try SimHTTPClient(baseURL: running.endpoints.apiURL, caPEM: running.cluster.caCertificatePEM, token: running.cluster.adminToken)
        defer { Task { try? await http.shutdown() } }
        let list = try await http.request("GET", "/api/v1/namespaces/\(namespace)/configmaps")
        return Set((list.json?["items"]?.arrayValue ?? []).map {
            "\($0[path: ["metadata", "name"]]?.stringValue ?? "")@\($0[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")"
        })
    }

    static func cached(_ informer: Informer<ConfigMap>, namespace: String) -> Set<String> {
        Set(informer.store.list(namespace: namespace).map { "\($0.metadata.name)@\($0.metadata.resourceVersion ?? "")" })
    }

    static func createConfigMap(_ running: RunningCluster, _ name: String, namespace: String = "default", labels: [String: String] = [:]) async throws {
        let http = try SimHTTPClient(baseURL: running.endpoints.apiURL, caPEM: running.cluster.caCertificatePEM, token: running.cluster.adminToken)
        defer { Task { try? await http.shutdown() } }
        let l = labels.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let reply = try await http.request("POST", "/api/v1/namespaces/\(namespace)/configmaps", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{\#(l)}},"data":{"k":"v"}}"#)
        guard reply.status == 201 else { throw TestSupportError("create \(name): \(reply.status) \(reply.body)") }
    }

    @Test func registryDiscoversRemoteClustersAndFollowsTheDirectory() async throws {
        try await withTemporaryDirectory { dir in
            let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
            let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes))
            let north = try await RunningCluster.start(SimClusterOptions(name: "north", flavor: .kubernetes))
            defer { Task { await east.stop(); await west.stop(); await north.stop() } }
            let secrets = dir + "/kiali-remote-cluster-secrets"
            // Both clusters come from the directory (the home cluster is the console's own, elsewhere).
            try Self.write(east.kubeconfigText, to: secrets + "/kiali-remote-cluster-secret-east/east")
            try Self.write(west.kubeconfigText, to: secrets + "/kiali-remote-cluster-secret-west/west")
            try FileManager.default.createDirectory(atPath: secrets + "/kiali-remote-cluster-secret-west/..data", withIntermediateDirectories: true)
            let registry = ClusterRegistry(
                home: nil, directory: RemoteSecretsDirectory(path: secrets), pollInterval: .milliseconds(100), probeInterval: .milliseconds(200)
            )
            let task = Task { try await registry.run() }
            defer { task.cancel() }

            #expect(await Self.eventually { registry.clusters.map(\.name) == ["east", "west"] && registry.clusters.allSatisfy(\.isSynced) })
            #expect(registry.cluster("east")?.secretName == "kiali-remote-cluster-secret-east")
            #expect(registry.cluster("west")?.secretName == "kiali-remote-cluster-secret-west")
            #expect(registry.problems.isEmpty)
            // The caches follow the clusters: a namespace created in west shows up in west's cache only.
            try await Self.createConfigMap(west, "only-in-west")
            #expect(await Self.eventually { registry.cluster("west")?.store(.configMaps)?.get(ObjectKey(namespace: "default", name: "only-in-west")) != nil })
            #expect(registry.cluster("east")?.store(.configMaps)?.get(ObjectKey(namespace: "default", name: "only-in-west")) == nil)
            #expect(await Self.eventually { registry.statuses.allSatisfy { $0.reachable && $0.serverVersion != nil } })

            // A third cluster dropped in at run time, then removed.
            try Self.write(north.kubeconfigText, to: secrets + "/kiali-remote-cluster-secret-north/north")
            #expect(await Self.eventually { registry.cluster("north")?.isSynced == true })
            #expect(registry.clusters.map(\.name) == ["east", "north", "west"])
            try FileManager.default.removeItem(atPath: secrets + "/kiali-remote-cluster-secret-north")
            #expect(await Self.eventually { registry.cluster("north") == nil })
            #expect(registry.clusters.map(\.name) == ["east", "west"])
        }
    }

    @Test func badFilesAreReportedAndUnreachableClustersMarked() async throws {
        try await withTemporaryDirectory { dir in
            let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
            defer { Task { await east.stop() } }
            let secrets = dir + "/secrets"
            // Malformed: bad base64 in the CA data.
            let malformed = try east.kubeconfigText.replacingOccurrences(of: "certificate-authority-data: ", with: "certificate-authority-data: '%%%not-base64' #")
            try Self.write(malformed, to: secrets + "/broken/broken")
            // Unreachable: a port nothing listens on.
            let unreachable = try SimKubeconfig.render([.init(name: "gone", server: "https://127.0.0.1:1", caPEM: east.cluster.caCertificatePEM, token: "t")])
            try Self.write(unreachable, to: secrets + "/kiali-remote-cluster-secret-gone/gone")
            let registry = ClusterRegistry(
                home: try Self.resolved(east), directory: RemoteSecretsDirectory(path: secrets), pollInterval: .milliseconds(100),
                probeInterval: .milliseconds(200)
            )
            let task = Task { try await registry.run() }
            defer { task.cancel() }
            #expect(await Self.eventually { registry.cluster("east")?.isSynced == true && registry.cluster("gone") != nil })
            let problem = try #require(registry.problems.first)
            #expect(problem.path == secrets + "/broken/broken")
            #expect(problem.reason.contains("certificate-authority-data"), "\(problem.reason)")
            #expect(!problem.reason.contains(east.cluster.adminToken))
            #expect(await Self.eventually { registry.cluster("gone")?.status.lastError != nil })
            let gone = try #require(registry.cluster("gone")?.status)
            #expect(!gone.reachable)
            #expect(!gone.synced)
            // The working cluster keeps serving.
            try await Self.createConfigMap(east, "still-served")
            #expect(await Self.eventually { registry.cluster("east")?.store(.configMaps)?.get(ObjectKey(namespace: "default", name: "still-served")) != nil })
            #expect(registry.cluster("east")?.status.reachable == true)
        }
    }

    /// Waits for an informer event matching `predicate`, up to `timeout`.
    static func expectEvent(
        _ events: AsyncStream<InformerEvent>, timeout: Duration = .seconds(30), _ predicate: @escaping @Sendable (InformerEvent) -> Bool
    ) async -> Bool {
        await withTimeout(timeout, fallback: false) {
            for await event in events where predicate(event) { return true }
            return false
        }
    }

    static func isRelisted(_ event: InformerEvent) -> Bool {
        if case .relisted = event { return true }
        return false
    }

    @Test func droppedWatchesAnd410sEndWithTheServerState() async throws {
        let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes, watchWindow: 50))
        let connection = try KubeConnection(cluster: try Self.resolved(west))
        let informer = Informer<ConfigMap>(connection: connection, resource: GroupVersionResource(group: "", version: "v1", resource: "configmaps"))
        let task = Task { await informer.run() }
        await informer.synced()
        func converged() async -> Bool {
            await Self.eventually { Self.cached(informer, namespace: "default") == (try? await Self.serverConfigMaps(west, namespace: "default")) }
        }

        // Counted at the server: the informer's LISTs and WATCHes of configmaps (cluster-wide; the test's own reads of
        // the server state are in namespace default).
        func count(_ verb: String) -> Int { west.cluster.requests.requests(verb: verb, resource: "configmaps").filter { $0.namespace == nil }.count }
        #expect(count("list") == 1)

        // Dropped connections: every watch ends; the informer re-watches from its last version without a relist.
        var events = informer.events()
        var watches = count("watch")
        west.cluster.dropAllWatches()
        for i in 0..<5 { try await Self.createConfigMap(west, "dropped-\(i)") }
        #expect(await converged())
        #expect(await Self.eventually { count("watch") > watches })
        #expect(count("list") == 1, "a dropped watch must not relist")
        // Watches the server closes after one event, three times in a row: re-watches, still no relist.
        watches = count("watch")
        west.cluster.faults.add(SimFault(.closeWatchAfter(events: 1), verb: "watch", resource: "configmaps", times: 3))
        west.cluster.dropAllWatches()
        for i in 0..<5 { try await Self.createConfigMap(west, "closed-\(i)") }
        #expect(await converged())
        #expect(count("watch") >= watches + 3)
        #expect(count("list") == 1, "a watch closed by the server must not relist")

        // An ERROR 410 inside the stream: the informer relists (one LIST more) and converges.
        events = informer.events()
        west.cluster.faults.add(SimFault(.watchGoneAfter(events: 1), verb: "watch", resource: "configmaps"))
        west.cluster.dropAllWatches()
        try await Self.createConfigMap(west, "before-gone")
        #expect(await Self.expectEvent(events, Self.isRelisted))
        #expect(await converged())
        #expect(count("list") == 2)

        // An HTTP 410 when a watch starts, while the event window moves on: relist again, and converge.
        events = informer.events()
        west.cluster.faults.add(SimFault(.status(410), verb: "watch", resource: "configmaps"))
        west.cluster.dropAllWatches()
        for i in 0..<60 { try await Self.createConfigMap(west, "window-\(i)") }
        #expect(await Self.expectEvent(events, Self.isRelisted))
        #expect(await converged())
        #expect(count("list") == 3)

        task.cancel()
        await task.value
        try await connection.shutdown()
        await west.stop()
    }

    @Test("Informers run unaffected by the server's idle timeout and per-user limit: their watches are long-running")
    func informersOutliveIdleTimeoutAndLimits() async throws {
        var options = SimClusterOptions(name: "west", flavor: .kubernetes)
        options.idleTimeout = .seconds(1)
        options.maxInFlightPerUser = 2
        let west = try await RunningCluster.start(options)
        let connection = try KubeConnection(cluster: try Self.resolved(west))
        let gvr = { (r: String) in GroupVersionResource(group: "", version: "v1", resource: r) }
        let configMaps = Informer<ConfigMap>(connection: connection, resource: gvr("configmaps"))
        let services = Informer<Service>(connection: connection, resource: gvr("services"))
        let pods = Informer<Pod>(connection: connection, resource: gvr("pods"))
        let tasks = [Task { await configMaps.run() }, Task { await services.run() }, Task { await pods.run() }]
        await configMaps.synced()
        await services.synced()
        await pods.synced()
        // Three watches of one user, more than its two seats, and silent for longer than the idle timeout.
        try await Task.sleep(for: .seconds(3))
        let watchesBefore = west.cluster.requests.requests(verb: "watch", resource: "configmaps").count
        for i in 0..<5 { try await Self.createConfigMap(west, "after-idle-\(i)") }
        #expect(await Self.eventually { Self.cached(configMaps, namespace: "default") == (try? await Self.serverConfigMaps(west, namespace: "default")) })
        #expect(west.cluster.requests.requests(verb: "watch", resource: "configmaps").count == watchesBefore, "the watch was never cut")
        #expect(west.cluster.requests.requests(verb: "list", resource: "configmaps").filter { $0.namespace == nil }.count == 1)
        for t in tasks { t.cancel() }
        for t in tasks { await t.value }
        try await connection.shutdown()
        await west.stop()
    }

    @Test func aSimulatorRestartEndsWithTheServerState() async throws {
        try await withTemporaryDirectory { dir in
            let options = SimClusterOptions(name: "west", flavor: .kubernetes, stateDirectory: dir + "/west")
            let first = try await RunningCluster.start(options)
            let connection = try KubeConnection(cluster: try Self.resolved(first))
            let informer = Informer<ConfigMap>(connection: connection, resource: GroupVersionResource(group: "", version: "v1", resource: "configmaps"))
            let events = informer.events()
            let task = Task { await informer.run() }
            try await Self.createConfigMap(first, "before-restart")
            #expect(await Self.eventually { informer.store.get(ObjectKey(namespace: "default", name: "before-restart")) != nil })
            await first.stop()
            // While the cluster is down the informer fails and backs off; it keeps what it had.
            #expect(await Self.expectEvent(events) { if case .failed = $0 { return true } else { return false } })
            #expect(informer.store.get(ObjectKey(namespace: "default", name: "before-restart")) != nil)
            let west = try await RunningCluster.start(options)
            #expect(west.endpoints.apiURL == first.endpoints.apiURL)
            try await Self.createConfigMap(west, "after-restart")
            #expect(await Self.eventually { Self.cached(informer, namespace: "default") == (try? await Self.serverConfigMaps(west, namespace: "default")) })
            #expect(informer.store.get(ObjectKey(namespace: "default", name: "after-restart")) != nil)
            task.cancel()
            await task.value
            try await connection.shutdown()
            await west.stop()
        }
    }

    @Test func aWatchEventSplitAcrossChunksDecodes() async throws {
        let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes))
        defer { Task { await west.stop() } }
        let connection = try KubeConnection(cluster: try Self.resolved(west))
        west.cluster.faults.add(SimFault(.splitWatchEvents(pause: .milliseconds(150)), verb: "watch", resource: "configmaps"))
        let stream = try await connection.watch(
            ConfigMap.self, GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespace: "default",
            options: ListOptions(resourceVersion: "0", timeoutSeconds: 10)
        )
        try await Self.createConfigMap(west, "split")
        var names: [String] = []
        for try await decoded in stream {
            guard case .event(.added(let cm)) = decoded else { continue }
            names.append(cm.metadata.name)
            if cm.metadata.name == "split" { break }
        }
        #expect(names.contains("split"))
        #expect(names.contains("kube-root-ca.crt"))
        try await connection.shutdown()
    }
}

/// Pure pieces of the client: line splitting, event decoding, URLs.
@Suite struct ClientUnitTests {
    @Test func linesSplitByNewlineNotByChunk() throws {
        var splitter = LineSplitter(maximumLineLength: 64)
        #expect(try splitter.append(Array(#"{"a":"#.utf8)).isEmpty)
        #expect(try splitter.append(Array("1}\n{\"b\"".utf8)) == [Array(#"{"a":1}"#.utf8)])
        #expect(try splitter.append(Array(":2}\n\n".utf8)) == [Array(#"{"b":2}"#.utf8)])
        #expect(splitter.finish() == nil)
        #expect(throws: LineSplitter.LineTooLong.self) { _ = try splitter.append([UInt8](repeating: 65, count: 100)) }
    }

    @Test func watchEventsDecodeOnceByType() {
        let added = WatchEvent<ConfigMap>.decode(line: Array(#"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"#.utf8))
        guard case .event(.added(let cm)) = added else { Issue.record("\(added)"); return }
        #expect(cm.metadata.resourceVersion == "5")
        let bookmark = WatchEvent<ConfigMap>.decode(line: Array(#"{"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"9","annotations":{"k8s.io/initial-events-end":"true"}}}}"#.utf8))
        guard case .event(.bookmark(let rv, let end)) = bookmark else { Issue.record("\(bookmark)"); return }
        #expect(rv == "9" && end)
        let error = WatchEvent<ConfigMap>.decode(line: Array(#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"#.utf8))
        guard case .event(.error(let status)) = error else { Issue.record("\(error)"); return }
        #expect(status.code == 410 && status.reason == "Expired")
        guard case .skipped = WatchEvent<ConfigMap>.decode(line: Array(#"{"type":"WEIRD","object":{}}"#.utf8)) else { Issue.record("not skipped"); return }
        guard case .skipped = WatchEvent<ConfigMap>.decode(line: Array(#"{"type":"ADDED","object":{"metadata":"oops"}}"#.utf8)) else { Issue.record("not skipped"); return }
    }

    @Test func pathsAndQueries() {
        let gvr = GroupVersionResource(group: "apps", version: "v1", resource: "deployments")
        #expect(gvr.path(namespace: "ns", name: "web", subresource: "status") == "/apis/apps/v1/namespaces/ns/deployments/web/status")
        #expect(GroupVersionResource(group: "", version: "v1", resource: "pods").path() == "/api/v1/pods")
        let q = ListOptions(labelSelector: "app in (a,b)", fieldSelector: "metadata.name=x", limit: 500, resourceVersion: "0", allowWatchBookmarks: true, timeoutSeconds: 300)
        #expect(q.queryString == "labelSelector=app%20in%20%28a%2Cb%29&fieldSelector=metadata.name%3Dx&limit=500&resourceVersion=0&allowWatchBookmarks=true&timeoutSeconds=300")
    }
}

/// The home cluster's name: configured, else istiod's CLUSTER_ID, else `Kubernetes` with a warning.
@Suite struct HomeClusterNameTests {
    static func istiod(_ namespace: String, _ clusterID: String?) throws -> UnstructuredObject {
        let env = clusterID.map { #"[{"name":"PILOT_TRACE_SAMPLING","value":"1"},{"name":"CLUSTER_ID","value":"\#($0)"}]"# } ?? "[]"
        return UnstructuredObject(try JSONParser.parse(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"istiod","namespace":"\#(namespace)"},"spec":{"template":{"spec":{"containers":[{"name":"discovery","env":\#(env)}]}}}}"#))
    }

    @Test func configuredWinsThenIstiodThenFallback() throws {
        #expect(HomeClusterName.decide(configured: "east", istiods: [try Self.istiod("istio-system", "other")]) == .init(name: "east", warning: nil))
        #expect(HomeClusterName.decide(configured: nil, istiods: [try Self.istiod("istio-system", "east")]) == .init(name: "east", warning: nil))
        let fallback = HomeClusterName.decide(configured: nil, istiods: [try Self.istiod("istio-system", nil)])
        #expect(fallback.name == "Kubernetes")
        #expect(fallback.warning?.contains("cluster_name") == true)
        let split = HomeClusterName.decide(configured: "", istiods: [try Self.istiod("b", "west"), try Self.istiod("a", "east")])
        #expect(split.name == "east")
        #expect(split.warning?.contains("disagree") == true)
    }

    @Test func detectedFromTheSimulatedIstiod() async throws {
        let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
        let connection = try KubeConnection(cluster: try ClusterCacheTests.resolved(east))
        let http = try SimHTTPClient(baseURL: east.endpoints.apiURL, caPEM: east.cluster.caCertificatePEM, token: east.cluster.adminToken)
        _ = try await http.request("POST", "/api/v1/namespaces", body: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-system"}}"#)
        let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"istiod","namespace":"istio-system","labels":{"app":"istiod"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod"}},"spec":{"containers":[{"name":"discovery","image":"istio/pilot:1.24.0","env":[{"name":"CLUSTER_ID","value":"east"}]}]}}}}"#
        #expect(try await http.request("POST", "/apis/apps/v1/namespaces/istio-system/deployments", body: deployment).status == 201)
        let result = try await HomeClusterName.detect(configured: nil, connection: connection)
        #expect(result == .init(name: "east", warning: nil))
        try await http.shutdown()
        try await connection.shutdown()
        await east.stop()
    }
}

/// Credentials a connection produces itself: a token file re-read, an exec plugin's token.
@Suite struct CredentialTests {
    @Test func execPluginAndTokenFileAuthenticate() async throws {
        try await withTemporaryDirectory { dir in
            let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes))
            let plugin = dir + "/plugin.sh"
            try """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\(east.cluster.adminToken)","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
                """.write(toFile: plugin, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin)
            let tokenFile = dir + "/token"
            try east.cluster.adminToken.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let base = try KubeconfigLoader.parse(east.kubeconfigText, source: "east").resolve(context: nil)
            for credentials in [Credentials.exec(ExecConfig(command: plugin)), .tokenFile(path: tokenFile), .token("wrong")] {
                var cluster = base
                cluster.credentials = credentials
                let connection = try KubeConnection(cluster: cluster)
                do {
                    let namespaces = try await connection.list(Namespace.self, GroupVersionResource(group: "", version: "v1", resource: "namespaces"))
                    #expect(credentials != .token("wrong"))
                    #expect(namespaces.items.contains { $0.metadata.name == "default" })
                } catch let error as KubeAPIError {
                    #expect(credentials == .token("wrong"))
                    #expect(error.httpStatus == 401)
                    #expect(!error.description.contains("wrong"))
                }
                try await connection.shutdown()
            }
            await east.stop()
        }
    }
}
