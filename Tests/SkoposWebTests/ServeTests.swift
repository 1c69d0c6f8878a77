import AsyncHTTPClient
import Foundation
import KubeClient
import KubeTypes
import KubeSim
import LocalPrometheus
import MeshSim
import NIOCore
import NIOHTTP1
import NIOSSL
import SimTestSupport
import SkoposModel
import Testing

/// `skopos serve` as the operator runs it: only a mount root with Kiali's mounts, the pod's service account for the
/// home cluster, a remote-cluster secret for west, and `SKOPOS_BIND_ADDRESS` set to the pod's address.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ServeTests {
    /// The operator's mounts under `root`: config, serving certificate, remote secret, service account.
    static func layOut(root: String, east: RunningCluster, west: RunningCluster, config: String, pki: TestPKI) throws {
        func write(_ text: String, _ path: String) throws {
            let full = root + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        try write(config, "/kiali-configuration/config.yaml")
        try write(pki.serverCertificatePEM, "/kiali-cert/tls.crt")
        try write(pki.serverKeyPEM, "/kiali-cert/tls.key")
        try write(try west.kubeconfigText, "/kiali-remote-cluster-secrets/kiali-remote-cluster-secret-west/west")
        try write(east.cluster.adminToken, "/var/run/secrets/kubernetes.io/serviceaccount/token")
        try write(east.cluster.caCertificatePEM, "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
        try write("istio-system", "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
    }

    static func config(prometheus: String, port: Int, metricsPort: Int) -> String {
        """
        auth:
          strategy: anonymous
        deployment:
          namespace: istio-system
        identity:
          cert_file: /kiali-cert/tls.crt
          private_key_file: /kiali-cert/tls.key
        external_services:
          prometheus:
            url: \(prometheus)
        server:
          port: \(port)
          observability:
            metrics:
              port: \(metricsPort)
        """
    }

    /// The environment of the console's pod.
    static func podEnvironment(east: RunningCluster, home: String, bind: String) -> [String: String] {
        let api = URLComponents(string: east.endpoints.apiURL)!
        return [
            "KUBERNETES_SERVICE_HOST": api.host!, "KUBERNETES_SERVICE_PORT": String(api.port!), "SKOPOS_BIND_ADDRESS": bind, "HOME": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    static func client(trusting caPEM: String) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool = .init(idleTimeout: .milliseconds(1))
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func get(_ client: HTTPClient, _ url: String) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    static func eventually(_ timeout: Duration = .seconds(60), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    static func startServe(root: String, environment: [String: String]) throws -> (Process, PipeCollector) {
        guard let binary = SimProcess.binary else { throw TestSupportError("build the skopos binary first (make test does)") }
        let process = Process()
        let errors = PipeCollector()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--mount-root", root]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors.pipe
        try process.run()
        return (process, errors)
    }

    @Test("serve with the operator's mounts: HTTPS on the pod address only, both clusters, a rotated certificate without restart")
    func operatorMounts() async throws {
        let scenario = DefaultScenario.load()
        let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "east", in: scenario))
        let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "west", in: scenario))
        defer {
            Task {
                await east.stop()
                await west.stop()
            }
        }
        let prometheus = FakePrometheus(unmatchedAnswer: [])
        try await prometheus.run { promURL in
            try await withTemporaryDirectory { root in
                let bind = "127.0.0.\(Int.random(in: 2...250))"
                let pki = try TestPKI.make(addresses: [[127, 0, 0, UInt8(bind.split(separator: ".").last.flatMap { UInt8($0) } ?? 2)]])
                let port = try FreePort.find()
                try Self.layOut(root: root, east: east, west: west, config: Self.config(prometheus: promURL, port: port, metricsPort: try FreePort.find()), pki: pki)
                let (process, errors) = try Self.startServe(root: root, environment: Self.podEnvironment(east: east, home: root, bind: bind))
                defer { if process.isRunning { process.terminate() } }
                let http = try Self.client(trusting: pki.caPEM)
                defer { Task { try? await http.shutdown() } }

                let healthy = await Self.eventually {
                    (try? await Self.get(http, "https://\(bind):\(port)/healthz"))?.status == 200
                }
                #expect(healthy, "healthz never answered 200 over HTTPS; stderr: \(errors.text)")
                // Bound to the pod's address only: 127.0.0.1 is another address of the loopback interface.
                await #expect(throws: (any Error).self) { _ = try await Self.get(http, "https://127.0.0.1:\(port)/healthz") }

                // Both clusters: their versions in /api/status, and bookinfo's graph (no traffic) from both.
                let both = await Self.eventually {
                    guard let s = try? await Self.get(http, "https://\(bind):\(port)/api/status") else { return false }
                    return s.body.contains("Kubernetes-east") && s.body.contains("Kubernetes-west")
                }
                let statusBody = (try? await Self.get(http, "https://\(bind):\(port)/api/status"))?.body ?? ""
                #expect(both, "status: \(statusBody)")
                // /api/namespaces: bookinfo in both clusters, each with its cluster and revision; istiod's namespace
                // is a control plane; Kiali's excluded system namespaces are not listed.
                var namespaces: [JSONValue] = []
                let listed = await Self.eventually {
                    guard let r = try? await Self.get(http, "https://\(bind):\(port)/api/namespaces"), r.status == 200 else { return false }
                    namespaces = (try? JSONParser.parse(r.body))?.arrayValue ?? []
                    return Set(namespaces.filter { $0["name"] == "bookinfo" }.compactMap { $0["cluster"]?.stringValue }) == ["east", "west"]
                }
                #expect(listed, "\(namespaces)")
                let bookinfo = namespaces.first { $0["name"] == "bookinfo" && $0["cluster"] == "east" }
                #expect(bookinfo?["revision"] == "default" && bookinfo?["isControlPlane"] == false && bookinfo?["isAmbient"] == false)
                #expect(namespaces.first { $0["name"] == "istio-system" && $0["cluster"] == "west" }?["isControlPlane"] == true)
                #expect(!namespaces.contains { $0["name"]?.stringValue?.hasPrefix("kube-") == true })
                let clusterOrder = namespaces.compactMap { n in n["cluster"]?.stringValue.map { "\($0)/\(n["name"]?.stringValue ?? "")" } }
                #expect(clusterOrder == clusterOrder.sorted(), "sorted by cluster and name")

                // One namespace: home cluster by default, another by clusterName; 404s name what is missing.
                let info = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/bookinfo/info")
                #expect(info.status == 200 && (try? JSONParser.parse(info.body))?["cluster"] == "east", "\(info.body)")
                let westInfo = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/bookinfo/info?clusterName=west")
                #expect((try? JSONParser.parse(westInfo.body))?["cluster"] == "west")
                let noCluster = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/bookinfo/info?clusterName=north")
                #expect(noCluster.status == 404 && noCluster.body.contains("north"))
                let noNamespace = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/nosuch/info")
                #expect(noNamespace.status == 404 && noNamespace.body.contains("nosuch"))

                // /api/skopos/clusters: east home, west remote from its secret, both reachable and synced.
                let clusters = (try? JSONParser.parse(try await Self.get(http, "https://\(bind):\(port)/api/skopos/clusters").body))?.arrayValue ?? []
                #expect(clusters.compactMap { $0["name"]?.stringValue } == ["east", "west"], "\(clusters)")
                #expect(clusters.first?["home"] == true && clusters.last?["home"] == false)
                #expect(clusters.allSatisfy { $0["reachable"] == true && $0["synced"] == true && $0["lastError"] == .null && $0["hasSession"] == true })
                #expect(clusters.last?["secretName"]?.stringValue?.hasPrefix("kiali-remote-cluster-secret") == true)

                let graph = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp")
                #expect(graph.status == 200, "\(graph.body)")
                // Not in any cluster: 403 once every cluster is synced (503 naming the cluster while one is not).
                let forbidden = await Self.eventually(.seconds(30)) {
                    (try? await Self.get(http, "https://\(bind):\(port)/api/namespaces/graph?namespaces=nosuchnamespace"))?.status == 403
                }
                #expect(forbidden)
                let bad = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/graph?namespaces=bookinfo&graphType=nope")
                #expect(bad.status == 400 && bad.body.contains("graphType"))
                // Prometheus failing: 503 naming it (a new queryTime, so no cache answers).
                prometheus.failing = true
                let down = try await Self.get(http, "https://\(bind):\(port)/api/namespaces/graph?namespaces=bookinfo&queryTime=\(Int(Date().timeIntervalSince1970))")
                #expect(down.status == 503 && down.body.contains(promURL), "\(down.body)")
                prometheus.failing = false

                // A new certificate from another CA replaces the files: new connections get it, with no restart.
                let rotated = try TestPKI.make(addresses: [[127, 0, 0, UInt8(bind.split(separator: ".").last.flatMap { UInt8($0) } ?? 2)]])
                let newClient = try Self.client(trusting: rotated.caPEM)
                defer { Task { try? await newClient.shutdown() } }
                await #expect(throws: (any Error).self) { _ = try await Self.get(newClient, "https://\(bind):\(port)/healthz") }
                try rotated.serverKeyPEM.write(toFile: root + "/kiali-cert/tls.key", atomically: true, encoding: .utf8)
                try rotated.serverCertificatePEM.write(toFile: root + "/kiali-cert/tls.crt", atomically: true, encoding: .utf8)
                let picked = await Self.eventually(.seconds(30)) {
                    (try? await Self.get(newClient, "https://\(bind):\(port)/healthz"))?.status == 200
                }
                #expect(picked)
                #expect(process.isRunning)
                process.terminate()
                process.waitUntilExit()
                #expect(process.terminationReason == .exit && process.terminationStatus == 0, "serve did not stop cleanly on SIGTERM: \(errors.text.suffix(1000))")
            }
        }
    }

    @Test("A bad config value stops start-up with the key's path", arguments: [
        ("server:\n  port: abc\n", "server.port"),
        ("auth:\n  strategy: anonymous\nserver:\n  web_root: kiali/\n", "server.web_root"),
        ("auth:\n  strategy: token\n", "login_token.signing_key"),
        ("auth:\n  strategy: openid\n  openid:\n    client_id: c\n    issuer_uri: https://idp.example\nlogin_token:\n  signing_key: 0123456789abcdef\n", "auth.strategy"),
        ("auth:\n  strategy: anonymous\nexternal_services:\n  prometheus:\n    url: \"\"\n", "external_services.prometheus.url"),
        ("auth:\n  strategy: anonymous\nhealth_config:\n  rate:\n    - tolerance:\n        - degraded: 5\n", "health_config.rate[0].tolerance[0].code"),
    ])
    func badConfig(yaml: String, key: String) async throws {
        try await withTemporaryDirectory { root in
            let path = root + "/kiali-configuration/config.yaml"
            try FileManager.default.createDirectory(atPath: root + "/kiali-configuration", withIntermediateDirectories: true)
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let (process, errors) = try Self.startServe(root: root, environment: ["HOME": root, "PATH": "/usr/bin:/bin"])
            let exited = await Self.eventually(.seconds(20)) { !process.isRunning }
            if !exited { process.terminate() }
            #expect(exited && process.terminationStatus != 0)
            #expect(errors.text.contains(key), "stderr: \(errors.text)")
        }
    }

    @Test("West stops: east still answers, requests about west get 503 naming it, lists mark it; west coming back is picked up")
    func unreachableRemote() async throws {
        let scenario = DefaultScenario.load()
        try await withTemporaryDirectory { state in
            let east = try await RunningCluster.start(SimClusterOptions(name: "east", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "east", in: scenario))
            var options = SimClusterOptions(name: "west", flavor: .kubernetes)
            options.stateDirectory = state
            let westOptions = options
            let west = try await RunningCluster.start(westOptions, seed: ScenarioManifests.objects(for: "west", in: scenario))
            let westKubeconfig = try west.kubeconfigText
            let prometheus = FakePrometheus(unmatchedAnswer: [])
            try await prometheus.run { promURL in
                try await withTemporaryDirectory { root in
                    let port = try FreePort.find()
                    let config = """
                        auth:
                          strategy: anonymous
                        external_services:
                          prometheus:
                            url: \(promURL)
                        server:
                          port: \(port)
                          observability:
                            metrics:
                              port: \(try FreePort.find())
                        """
                    let pki = try TestPKI.make(addresses: [[127, 0, 0, 1]])
                    try Self.layOut(root: root, east: east, west: west, config: config, pki: pki)
                    let (process, errors) = try Self.startServe(root: root, environment: Self.podEnvironment(east: east, home: root, bind: "127.0.0.1"))
                    defer { if process.isRunning { process.terminate() } }
                    let http = try Self.client(trusting: pki.caPEM)
                    defer { Task { try? await http.shutdown() } }
                    let base = "http://127.0.0.1:\(port)/"
                    func clusters() async -> [String: JSONValue] {
                        let list = (try? JSONParser.parse(try await Self.get(http, base + "api/skopos/clusters").body))?.arrayValue ?? []
                        return Dictionary(list.compactMap { c in c["name"]?.stringValue.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
                    }
                    let up = await Self.eventually { await clusters()["west"]?["synced"] == true }
                    #expect(up, "west never synced; stderr: \(errors.text.suffix(2000))")
                    try #require(up)

                    await west.stop()
                    let down = await Self.eventually(.seconds(60)) { await clusters()["west"]?["reachable"] == false }
                    let afterStop = await clusters()
                    #expect(down, "west never marked unreachable: \(afterStop)")
                    #expect(await clusters()["west"]?["lastError"]?.stringValue?.isEmpty == false)
                    // East still answers; west's namespaces are as last seen, marked unreachable.
                    let list = try await Self.get(http, base + "api/namespaces")
                    let items = (try JSONParser.parse(list.body)).arrayValue ?? []
                    #expect(list.status == 200)
                    #expect(items.contains { $0["cluster"] == "east" && $0["name"] == "bookinfo" && $0["unreachable"] == nil })
                    #expect(items.filter { $0["cluster"] == "west" }.allSatisfy { $0["unreachable"] == true })
                    let eastInfo = try await Self.get(http, base + "api/namespaces/bookinfo/info")
                    #expect(eastInfo.status == 200)
                    let westInfo = try await Self.get(http, base + "api/namespaces/bookinfo/info?clusterName=west")
                    #expect(westInfo.status == 503 && westInfo.body.contains("cluster [west] is unreachable"), "\(westInfo)")
                    let status = try await Self.get(http, base + "api/status")
                    #expect(status.body.contains("cluster [west] is unreachable"))
                    // The Overview's cluster cards and /api/config say so too.
                    let istio = (try JSONParser.parse(try await Self.get(http, base + "api/istio/status").body)).arrayValue ?? []
                    #expect(istio.contains { $0["cluster"] == "west" && $0["status"] == "Unreachable" }, "\(istio)")
                    #expect(istio.contains { $0["cluster"] == "east" && $0["status"] != "Unreachable" })
                    let configJSON = try JSONParser.parse(try await Self.get(http, base + "api/config").body)
                    #expect(configJSON[path: ["clusters", "west", "reachable"]] == false && configJSON[path: ["clusters", "east", "reachable"]] == true)
                    let westHealth = try await Self.get(http, base + "api/clusters/health?clusterName=west")
                    #expect(westHealth.status == 200)

                    // West comes back on the same address with the same credentials: picked up without a restart.
                    let westAgain = try await RunningCluster.start(westOptions)
                    defer { Task { await westAgain.stop() } }
                    #expect(try westAgain.kubeconfigText == westKubeconfig)
                    let back = await Self.eventually(.seconds(90)) {
                        (try? await Self.get(http, base + "api/namespaces/bookinfo/info?clusterName=west"))?.status == 200
                    }
                    let afterRestart = await clusters()
                    #expect(back, "west never came back: \(afterRestart)")
                    #expect(await clusters()["west"]?["reachable"] == true)
                    #expect(process.isRunning)
                }
            }
            await west.stop()
            await east.stop()
        }
    }

    @Test("Strategy token: POST /api/authenticate with a service-account token; its namespaces only; bad and powerless tokens refused; cluster= adds west")
    func tokenStrategy() async throws {
        let scenario = DefaultScenario.load()
        let reader: [JSONValue] = [
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "reader", "namespace": "bookinfo"]],
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "nobody", "namespace": "bookinfo"]],
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "reader-view", "namespace": "bookinfo"],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"],
                "subjects": [["kind": "ServiceAccount", "name": "reader", "namespace": "bookinfo"]],
            ],
        ]
        let east = try await RunningCluster.start(
            SimClusterOptions(name: "east", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "east", in: scenario) + reader)
        let west = try await RunningCluster.start(
            SimClusterOptions(name: "west", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "west", in: scenario) + reader)
        defer {
            Task {
                await east.stop()
                await west.stop()
            }
        }
        /// A token for a service account, asked of its cluster as `kubectl create token` does.
        @Sendable func token(_ cluster: RunningCluster, _ account: String) async throws -> String {
            let connection = try KubeConnection(cluster: try KubeconfigLoader.parse(try cluster.kubeconfigText, source: "test").resolve(context: nil))
            defer { Task { try? await connection.shutdown() } }
            let path = GroupVersionResource(group: "", version: "v1", resource: "serviceaccounts").path(namespace: "bookinfo", name: account, subresource: "token")
            let body = try await connection.send(.POST, path, body: Array(#"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}"#.utf8))
            return try #require(try JSONParser.parse(body)[path: ["status", "token"]]?.stringValue)
        }
        let prometheus = FakePrometheus(unmatchedAnswer: [])
        try await prometheus.run { promURL in
            try await withTemporaryDirectory { root in
                let port = try FreePort.find()
                let config = """
                    auth:
                      strategy: token
                    login_token:
                      signing_key: 0123456789abcdef0123456789abcdef
                    external_services:
                      prometheus:
                        url: \(promURL)
                    server:
                      port: \(port)
                      observability:
                        metrics:
                          port: \(try FreePort.find())
                    """
                let pki = try TestPKI.make(addresses: [[127, 0, 0, 1]])
                try Self.layOut(root: root, east: east, west: west, config: config, pki: pki)
                let (process, errors) = try Self.startServe(root: root, environment: Self.podEnvironment(east: east, home: root, bind: "127.0.0.1"))
                defer { if process.isRunning { process.terminate() } }
                let http = try Self.client(trusting: pki.caPEM)
                defer { Task { try? await http.shutdown() } }
                let base = "http://127.0.0.1:\(port)/"
                let healthy = await Self.eventually { (try? await Self.get(http, base + "healthz"))?.status == 200 }
                try #require(healthy, "stderr: \(errors.text.suffix(2000))")

                func login(_ form: String, cookies: String = "") async throws -> (status: Int, body: String, cookies: [String]) {
                    var request = HTTPClientRequest(url: base + "api/authenticate")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                    if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies) }
                    request.body = .bytes(ByteBuffer(string: form))
                    let response = try await http.execute(request, timeout: .seconds(30))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                    return (Int(response.status.code), body, response.headers["Set-Cookie"].map { String($0.split(separator: ";")[0]) })
                }
                func namespaces(_ cookies: [String]) async throws -> (Int, Set<String>) {
                    var request = HTTPClientRequest(url: base + "api/namespaces")
                    request.headers.add(name: "Cookie", value: cookies.joined(separator: "; "))
                    let response = try await http.execute(request, timeout: .seconds(30))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
                    let items = (try? JSONParser.parse(body))?.arrayValue ?? []
                    return (Int(response.status.code), Set(items.compactMap { n in n["cluster"]?.stringValue.map { "\($0)/\(n["name"]?.stringValue ?? "")" } }))
                }

                #expect(try await namespaces([]).0 == 401)
                let bad = try await login("token=not-a-token")
                #expect(bad.status == 401 && bad.body.contains("token is not valid or is expired"), "\(bad)")
                let powerless = try await login("token=" + (try await token(east, "nobody")))
                #expect(powerless.status == 401 && powerless.body.contains("not enough privileges to login"), "\(powerless)")

                let eastToken = try await token(east, "reader")
                // Another site cannot post the login form for the user (it would plant its own session).
                var foreign = HTTPClientRequest(url: base + "api/authenticate")
                foreign.method = .POST
                foreign.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                foreign.headers.add(name: "Origin", value: "https://evil.example")
                foreign.body = .bytes(ByteBuffer(string: "token=" + eastToken))
                let refusedForeign = try await http.execute(foreign, timeout: .seconds(30))
                _ = try await refusedForeign.body.collect(upTo: 1 << 16)
                #expect(refusedForeign.status == .forbidden && refusedForeign.headers["Set-Cookie"].isEmpty)
                let ok = try await login("token=" + eastToken)
                #expect(ok.status == 200 && ok.body.contains("\"username\": \"bookinfo:reader\""), "\(ok)")
                #expect(ok.cookies.contains { $0.hasPrefix("kiali-token~east~0=") })
                let (status, seen) = try await namespaces(ok.cookies)
                #expect(status == 200 && seen == ["east/bookinfo"], "\(seen)")

                // Skopos's opt-in: a session for west too, with west's own token.
                let westLogin = try await login("token=" + (try await token(west, "reader")) + "&cluster=west", cookies: ok.cookies.joined(separator: "; "))
                #expect(westLogin.status == 200, "\(westLogin)")
                let (_, both) = try await namespaces(ok.cookies + westLogin.cookies)
                #expect(both == ["east/bookinfo", "west/bookinfo"], "\(both)")
            }
        }
    }

    @Test("Strategy header: the proxy's bearer token on every request, acting as the user it impersonates")
    func headerStrategy() async throws {
        let scenario = DefaultScenario.load()
        let alice: [JSONValue] = [
            [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "alice-view", "namespace": "bookinfo"],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"],
                "subjects": [["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"]],
            ]
        ]
        let east = try await RunningCluster.start(
            SimClusterOptions(name: "east", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "east", in: scenario) + alice)
        let west = try await RunningCluster.start(SimClusterOptions(name: "west", flavor: .kubernetes), seed: ScenarioManifests.objects(for: "west", in: scenario))
        defer {
            Task {
                await east.stop()
                await west.stop()
            }
        }
        let prometheus = FakePrometheus(unmatchedAnswer: [])
        try await prometheus.run { promURL in
            try await withTemporaryDirectory { root in
                let port = try FreePort.find()
                let config = """
                    auth:
                      strategy: header
                    login_token:
                      signing_key: 0123456789abcdef0123456789abcdef
                    external_services:
                      prometheus:
                        url: \(promURL)
                    server:
                      port: \(port)
                      observability:
                        metrics:
                          port: \(try FreePort.find())
                    """
                let pki = try TestPKI.make(addresses: [[127, 0, 0, 1]])
                try Self.layOut(root: root, east: east, west: west, config: config, pki: pki)
                let (process, errors) = try Self.startServe(root: root, environment: Self.podEnvironment(east: east, home: root, bind: "127.0.0.1"))
                defer { if process.isRunning { process.terminate() } }
                let http = try Self.client(trusting: pki.caPEM)
                defer { Task { try? await http.shutdown() } }
                let base = "http://127.0.0.1:\(port)/"
                let healthy = await Self.eventually { (try? await Self.get(http, base + "healthz"))?.status == 200 }
                try #require(healthy, "stderr: \(errors.text.suffix(2000))")
                func namespaces(_ headers: [(String, String)]) async throws -> (Int, Set<String>) {
                    var request = HTTPClientRequest(url: base + "api/namespaces")
                    for (k, v) in headers { request.headers.add(name: k, value: v) }
                    let response = try await http.execute(request, timeout: .seconds(30))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
                    let items = (try? JSONParser.parse(body))?.arrayValue ?? []
                    return (Int(response.status.code), Set(items.compactMap { n in n["cluster"]?.stringValue.map { "\($0)/\(n["name"]?.stringValue ?? "")" } }))
                }
                #expect(try await namespaces([]).0 == 401)
                #expect(try await namespaces([("Authorization", "Bearer not-a-token")]).0 == 401)
                let proxy = ("Authorization", "Bearer " + east.cluster.adminToken)
                let (adminStatus, adminSees) = try await namespaces([proxy])
                #expect(adminStatus == 200 && adminSees.contains("east/istio-system") && !adminSees.contains { $0.hasPrefix("west/") }, "\(adminSees)")
                let (aliceStatus, aliceSees) = try await namespaces([proxy, ("Impersonate-User", "alice")])
                #expect(aliceStatus == 200 && aliceSees == ["east/bookinfo"], "\(aliceSees)")
                #expect(try await namespaces([proxy, ("Impersonate-User", "nobody")]).0 == 403)
            }
        }
    }
}
