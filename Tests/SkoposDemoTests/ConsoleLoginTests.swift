import AsyncHTTPClient
import Foundation
import KubeSim
import Logging
import MeshSim
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SimTestSupport
import SkoposDemo
import SkoposModel
import Testing

/// The seed's login flow end to end: `skopos demo --auth openshift` (two simulated OpenShift clusters, live traffic,
/// real Prometheus with federation, the console as a child process), a browser that logs in to east through the
/// OAuth login form and then to west through the console's callback for west.
@Suite("Console login across clusters", .timeLimit(.minutes(5)))
struct ConsoleLoginTests {
    @Test("Per-cluster OpenShift login, per-user namespaces and graphs, expiry, tampering, logout, rate limit")
    func perClusterLogin() async throws {
        _ = try TestPrometheus.tools()
        try await withHTTPClient { httpClient in
            try await withTemporaryDirectory { dir in
                let (reports, continuation) = AsyncStream<DemoReport>.makeStream()
                let options = DemoOptions(
                    directory: dir, scenario: DefaultScenario.load(), scrapeInterval: 1, auth: .openshift, consolePort: 20121,
                    consoleExecutable: SimProcess.binary)
                let demo = Demo(options: options, httpClient: httpClient) { continuation.yield($0) }
                var logger = Logger(label: "test.demo")
                logger.logLevel = .error
                let group = ServiceGroup(configuration: .init(services: [demo], logger: logger))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    var iterator = reports.makeAsyncIterator()
                    let report = try #require(await iterator.next())
                    do {
                        try await check(report, dir: dir)
                    } catch {
                        await group.triggerGracefulShutdown()
                        throw error
                    }
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
            }
        }
    }

    /// Logs a browser in to one cluster (the home cluster when `cluster` is nil) through the console's redirect,
    /// the cluster's OAuth login form and the console's callback.
    func login(_ browser: Browser, console: String, cluster: String?, user: String, password: String) async throws {
        let start = console + "api/auth/redirect" + (cluster.map { "/" + $0 } ?? "")
        let hops = try await browser.follow(start)
        let form = try #require(hops.last)
        #expect(form.page.status == 200 && form.page.body.contains("Log in to \(cluster ?? "east")"), "\(form.url): \(form.page.body.prefix(300))")
        let granted = try await browser.submitLogin(form.page, at: form.url, user: user, password: password)
        let callback = try #require(granted.location, "the OAuth server did not redirect: \(granted.status) \(granted.body.prefix(300))")
        #expect(callback.hasPrefix(console + "api/auth/callback" + (cluster.map { "/" + $0 } ?? "") + "?"), "\(callback)")
        let back = try await browser.request(callback)
        #expect(back.status == 302 && back.location == "/", "\(back.status) \(back.location ?? "") \(back.body)")
    }

    /// The clusters and namespaces `/api/namespaces` lists for a browser.
    func namespaces(_ browser: Browser, _ console: String) async throws -> (status: Int, byCluster: [String: Set<String>]) {
        let page = try await browser.request(console + "api/namespaces")
        guard page.status == 200 else { return (page.status, [:]) }
        var out: [String: Set<String>] = [:]
        for ns in (try JSONParser.parse(page.body)).arrayValue ?? [] {
            out[ns["cluster"]?.stringValue ?? "", default: []].insert(ns["name"]?.stringValue ?? "")
        }
        return (200, out)
    }

    func check(_ report: DemoReport, dir: String) async throws {
        let console = try #require(report.console)
        let admin = try #require(report.users.first { $0.name == "admin" })
        let developer = try #require(report.users.first { $0.name == "developer" })
        let kubectl = Kubectl(kubeconfig: report.kubeconfig, home: dir)
        // developer may see bookinfo only, on both clusters.
        for cluster in ["east", "west"] {
            _ = try await kubectl.check(["--context", cluster, "-n", "bookinfo", "create", "rolebinding", "developer-view", "--clusterrole=view", "--user=developer"])
        }
        let cas = try Browser.clusterCAs(kubeconfig: report.kubeconfig)
        let adminBrowser = try Browser(trusting: cas)
        let devBrowser = try Browser(trusting: cas)
        defer {
            Task {
                await adminBrowser.shutdown()
                await devBrowser.shutdown()
            }
        }

        // No session: 401 in plain text, as Kiali's middleware answers.
        let anonymous = try await adminBrowser.request(console + "api/namespaces")
        #expect(anonymous.status == 401 && anonymous.body == "Unauthorized\n")
        // A token in the request itself counts only when the cluster accepts it: a malformed or made-up one is a 401.
        #expect(try await adminBrowser.request(console + "api/istio/status?oauth_token=%01").status == 401)
        #expect(try await adminBrowser.request(console + "api/istio/status", headers: [("Authorization", "Bearer sha256~made-up")]).status == 401)
        // Both clusters can be logged in to.
        let info = try JSONParser.parse(try await adminBrowser.request(console + "api/auth/info").body)
        #expect(info["strategy"] == "openshift")
        #expect(info["authorizationEndpointPerCluster"]?.objectValue?.keys.sorted() == ["east", "west"], "\(info)")

        // East first: only east's namespaces.
        try await login(adminBrowser, console: console, cluster: nil, user: admin.name, password: admin.password)
        #expect(await adminBrowser.cookies(for: console)["kiali-token~east~0"] != nil)
        let eastOnly = try await namespaces(adminBrowser, console)
        #expect(eastOnly.status == 200 && Set(eastOnly.byCluster.keys) == ["east"], "\(eastOnly)")
        #expect(eastOnly.byCluster["east"]?.contains("bookinfo") == true)
        let statusBefore = try JSONParser.parse(try await adminBrowser.request(console + "api/istio/status").body).arrayValue ?? []
        let statusClusters: Set<String> = Set(statusBefore.compactMap { $0["cluster"]?.stringValue })
        #expect(statusClusters.isSubset(of: ["east"]), "\(statusBefore)")
        let clustersBefore = try JSONParser.parse(try await adminBrowser.request(console + "api/skopos/clusters").body).arrayValue ?? []
        #expect(clustersBefore.first { $0["name"] == "west" }?["hasSession"] == false, "\(clustersBefore)")

        // "Login to west": west's own OAuth server, back through /api/auth/callback/west.
        try await login(adminBrowser, console: console, cluster: "west", user: admin.name, password: admin.password)
        let both = try await namespaces(adminBrowser, console)
        #expect(Set(both.byCluster.keys) == ["east", "west"], "\(both)")
        #expect(both.byCluster["west"]?.isSuperset(of: ["bookinfo", "istio-system"]) == true)
        // Both control planes answer through their API servers' pod proxies; /api/config lists both clusters.
        let status = try JSONParser.parse(try await adminBrowser.request(console + "api/istio/status").body).arrayValue ?? []
        for cluster in ["east", "west"] {
            #expect(status.contains { $0["cluster"]?.stringValue == cluster && $0["name"] == "istiod" && $0["status"] == "Healthy" && $0["isCore"] == true }, "\(status)")
        }
        #expect(status.contains { $0["name"] == "prometheus" && $0["status"] == "Healthy" }, "\(status)")
        let config = try JSONParser.parse(try await adminBrowser.request(console + "api/config").body)
        #expect(config["authStrategy"] == "openshift")
        #expect(config["clusters"]?.objectValue?.keys.sorted() == ["east", "west"])
        #expect(config[path: ["clusters", "east", "isKialiHome"]] == true && config[path: ["clusters", "west", "reachable"]] == true)
        #expect(config[path: ["controlPlanes", "west"]] == "istio-system")
        // The Mesh page: both clusters, each with its istiod and the version it reports through its API server.
        let mesh = try JSONParser.parse(try await adminBrowser.request(console + "api/mesh/graph").body)
        let meshNodes = (mesh[path: ["elements", "nodes"]]?.arrayValue ?? []).compactMap { $0["data"] }
        let clusterBoxes = Set(meshNodes.filter { $0["infraType"] == "cluster" }.compactMap { $0["cluster"]?.stringValue })
        #expect(clusterBoxes.isSuperset(of: ["east", "west"]), "\(meshNodes)")
        for cluster in ["east", "west"] {
            let istiod = meshNodes.first { $0["infraType"] == "istiod" && $0["cluster"]?.stringValue == cluster }
            #expect(istiod?["version"] == "1.24.2", "\(cluster): \(String(describing: istiod))")
        }
        let planes = try JSONParser.parse(try await adminBrowser.request(console + "api/mesh/controlplanes").body).arrayValue ?? []
        let planeClusters: Set<String> = Set(planes.compactMap { $0[path: ["cluster", "name"]]?.stringValue })
        #expect(planeClusters == ["east", "west"], "\(planes)")
        #expect(planes.allSatisfy { $0["status"] == "Healthy" && $0[path: ["version", "version"]] == "1.24.2" }, "\(planes)")
        let badMesh = try await adminBrowser.request(console + "api/mesh/graph?includeGateways=maybe")
        #expect(badMesh.status == 400, "\(badMesh.body)")
        let session = try JSONParser.parse(try await adminBrowser.request(console + "api/auth/info").body)
        #expect(session[path: ["sessionInfo", "username"]] == "admin")
        #expect(session[path: ["sessionInfo", "clusterInfo"]]?.objectValue?.keys.sorted() == ["east", "west"])

        // developer: bookinfo only, in each cluster.
        try await login(devBrowser, console: console, cluster: nil, user: developer.name, password: developer.password)
        try await login(devBrowser, console: console, cluster: "west", user: developer.name, password: developer.password)
        let devNamespaces = try await namespaces(devBrowser, console)
        #expect(devNamespaces.byCluster == ["east": ["bookinfo"], "west": ["bookinfo"]], "\(devNamespaces)")

        // The same graph query: different graphs for the two users, each answered from the shared cache the second
        // time. Wait for traffic in both clusters first.
        let graphURL = console + "api/namespaces/graph?namespaces=bookinfo&graphType=versionedApp&duration=60s"
        var adminGraph = ""
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            let page = try await adminBrowser.request(graphURL)
            adminGraph = page.body
            if page.status == 200, adminGraph.contains("\"cluster\": \"west\""), adminGraph.contains("istio-ingressgateway") { break }
            try await Task.sleep(for: .seconds(2))
        }
        #expect(adminGraph.contains("\"cluster\": \"west\"") && adminGraph.contains("istio-ingressgateway"), "\(adminGraph.prefix(1500))")
        let adminAgain = try await adminBrowser.request(graphURL)
        #expect(adminAgain.headers.first(name: "X-Skopos-Graph-Cache") == "hit")
        let devGraph = try await devBrowser.request(graphURL)
        let devAgain = try await devBrowser.request(graphURL)
        #expect(devGraph.status == 200 && devAgain.headers.first(name: "X-Skopos-Graph-Cache") == "hit")
        #expect(devGraph.body != adminAgain.body)
        // istio-system is not developer's: the gateway is outside what they may see.
        let devNodes = (try JSONParser.parse(devGraph.body))[path: ["elements", "nodes"]]?.arrayValue ?? []
        let gateway = devNodes.compactMap { $0["data"] }.first { $0["workload"] == "istio-ingressgateway" }
        #expect(gateway == nil || gateway?["isInaccessible"] == true, "\(String(describing: gateway))")

        // Health turns red for a workload whose traffic fails: reviews-v3 in west answers 503 to everything.
        var fault = HTTPClientRequest(url: report.faults + "/west/bookinfo/reviews-v3")
        fault.method = .PUT
        fault.body = .bytes(ByteBuffer(string: #"{"code": 503, "percent": 100}"#))
        let faulted = try await HTTPClient.shared.execute(fault, timeout: .seconds(10))
        _ = try await faulted.body.collect(upTo: 1 << 16)
        #expect(faulted.status == .ok)
        var health = JSONValue.null
        let red = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < red {
            let page = try await adminBrowser.request(console + "api/clusters/health?clusterName=west&namespaces=bookinfo&type=workload")
            health = (try? JSONParser.parse(page.body)) ?? .null
            if health[path: ["namespaceWorkloadHealth", "bookinfo", "reviews-v3", "status", "status"]] == "Failure" { break }
            try await Task.sleep(for: .seconds(2))
        }
        #expect(health[path: ["namespaceWorkloadHealth", "bookinfo", "reviews-v3", "status", "status"]] == "Failure", "\(health)")
        #expect(health[path: ["namespaceHealth", "bookinfo", "statusWorkload", "inError"]]?.arrayValue?.contains("reviews-v3") == true)
        #expect(health[path: ["namespaceHealth", "bookinfo", "worstStatus"]] == "Failure")
        #expect(health[path: ["namespaceWorkloadHealth", "bookinfo", "reviews-v2", "status", "status"]] == "Healthy", "\(health)")
        #expect(health["namespaceAppHealth"] == nil, "types not asked for are absent")
        // developer sees bookinfo's health on west, and nothing of istio-system.
        let devHealth = try JSONParser.parse(try await devBrowser.request(console + "api/clusters/health?clusterName=west&namespaces=bookinfo,istio-system").body)
        #expect(devHealth["namespaceHealth"]?.objectValue?.keys.sorted() == ["bookinfo"], "\(devHealth)")

        // Inventory: developer's view of west is bookinfo's workloads; details of istio-system's are refused.
        let workloads = try JSONParser.parse(try await devBrowser.request(console + "api/clusters/workloads?clusterName=west").body)
        let names = Set((workloads["workloads"]?.arrayValue ?? []).compactMap { w in w["namespace"] == "bookinfo" ? w["name"]?.stringValue : nil })
        #expect(workloads["cluster"] == "west" && names == ["reviews-v2", "reviews-v3", "ratings-v1"], "\(workloads)")
        #expect((workloads["workloads"]?.arrayValue ?? []).allSatisfy { $0["namespace"] == "bookinfo" })
        let detail = try await devBrowser.request(console + "api/namespaces/bookinfo/workloads/reviews-v3?clusterName=west")
        #expect(detail.status == 200 && detail.body.contains("\"Failure\""), "\(detail.status) \(detail.body.prefix(600))")
        let hidden = try await devBrowser.request(console + "api/namespaces/istio-system/workloads/istiod?clusterName=west")
        #expect(hidden.status == 403, "\(hidden.status) \(hidden.body)")
        let badParam = try await devBrowser.request(console + "api/clusters/apps?clusterName=west&health=maybe")
        #expect(badParam.status == 400 && badParam.body.contains("health"), "\(badParam.body)")
        let apps = try JSONParser.parse(try await adminBrowser.request(console + "api/clusters/apps?clusterName=east&namespaces=bookinfo").body)
        #expect(Set((apps["applications"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }) == ["productpage", "details", "reviews", "ratings"], "\(apps)")

        // The Overview's metrics and the namespace sparklines, from the real Prometheus.
        let appRates = try JSONParser.parse(try await adminBrowser.request(console + "api/overview/metrics/apps/rates").body)
        let appRows: [JSONValue] = appRates["apps"]?.arrayValue ?? []
        let productpage: JSONValue? = appRows.first { $0["appName"] == "productpage" }
        var rateIn = 0.0
        switch productpage?["requestRateIn"] {
        case .double(let d)?: rateIn = d
        case .int(let i)?: rateIn = Double(i)
        default: break
        }
        #expect(rateIn > 0, "\(appRates)")
        let latency = try await adminBrowser.request(console + "api/overview/metrics/services/latency")
        let latencyJSON = try JSONParser.parse(latency.body)
        #expect(latency.status == 200 && latencyJSON["services"] != nil, "\(latency.body)")
        let sparkline = "filters[]=request_count&filters[]=request_error_count&direction=inbound&reporter=destination&duration=300&rateInterval=10s&step=5"
        // The namespaces are young (the demo just started): wait until a step of the range holds traffic.
        var series = JSONValue.null
        let sparklineDeadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < sparklineDeadline {
            series = try JSONParser.parse(try await adminBrowser.request(console + "api/clusters/metrics?namespaces=bookinfo&clusterName=west&" + sparkline).body)
            if (series[path: ["bookinfo", "request_count"]]?.arrayValue?.count ?? 0) > 0 { break }
            try await Task.sleep(for: .seconds(2))
        }
        #expect((series[path: ["bookinfo", "request_count"]]?.arrayValue?.count ?? 0) > 0, "\(series)")
        let forbiddenSeries = try await devBrowser.request(console + "api/clusters/metrics?namespaces=istio-system&clusterName=west&" + sparkline)
        #expect(forbiddenSeries.status == 403, "\(forbiddenSeries.body)")

        // Istio configuration and mTLS, as the Namespaces page asks for them.
        let istioConfig = try JSONParser.parse(try await devBrowser.request(console + "api/istio/config?clusterName=west").body)
        #expect(istioConfig["resources"]?.objectValue?.count == 22, "\(istioConfig)")
        let tls = try JSONParser.parse(try await devBrowser.request(console + "api/clusters/tls?namespaces=bookinfo,istio-system&clusterName=east").body)
        let tlsNamespaces: [String] = (tls.arrayValue ?? []).compactMap { $0["namespace"]?.stringValue }
        #expect(tlsNamespaces == ["bookinfo"], "\(tls)")
        let summaries = try await devBrowser.request(console + "api/istio/validations?namespaces=bookinfo&clusterName=east")
        #expect(summaries.status == 200 && summaries.body.contains("objectCount"), "\(summaries.body)")
        let meshTLS = try JSONParser.parse(try await adminBrowser.request(console + "api/mesh/tls?clusterName=west").body)
        #expect(meshTLS["status"]?.stringValue != nil, "\(meshTLS)")

        // A namespace the user may not see is refused, as Kiali does.
        let refused = try await devBrowser.request(console + "api/namespaces/graph?namespaces=istio-system&graphType=versionedApp")
        #expect(refused.status == 403, "\(refused.status) \(refused.body)")

        // A tampered session cookie is refused.
        let tampered = try Browser(trusting: cas)
        defer { Task { await tampered.shutdown() } }
        var jar = await adminBrowser.cookies(for: console)
        let original = try #require(jar["kiali-token~east~0"])
        jar["kiali-token~east~0"] = String(original.prefix(20)) + (original.dropFirst(20).first == "A" ? "B" : "A") + String(original.dropFirst(21))
        await tampered.setCookies(jar, for: console)
        #expect(try await tampered.request(console + "api/namespaces").status == 401)

        // A west session that expires ends west only: east still answers, west needs a new login.
        _ = try await kubectl.check(["--context", "west", "patch", "oauthclient", "kiali-istio-system", "--type", "merge", "-p", #"{"accessTokenMaxAgeSeconds": 3}"#])
        try await login(devBrowser, console: console, cluster: "west", user: developer.name, password: developer.password)
        try await Task.sleep(for: .seconds(4))
        let afterExpiry = try await namespaces(devBrowser, console)
        #expect(afterExpiry.status == 200 && Set(afterExpiry.byCluster.keys) == ["east"], "\(afterExpiry)")
        #expect(await devBrowser.cookies(for: console)["kiali-token~west~0"] == nil, "the expired west session's cookie is deleted")

        // Logout ends every session and deletes the user's OAuth tokens on both clusters.
        let tokensBefore = try await kubectl.check(["--context", "west", "get", "oauthaccesstokens", "-o", "name"]).split(separator: "\n").count
        let logout = try await adminBrowser.request(console + "api/logout")
        #expect(logout.status == 204)
        #expect(try await adminBrowser.request(console + "api/namespaces").status == 401)
        let tokensAfter = try await kubectl.check(["--context", "west", "get", "oauthaccesstokens", "-o", "name"]).split(separator: "\n").count
        #expect(tokensAfter == tokensBefore - 1)

        // Login attempts are limited per client: 10 a minute, then 429.
        var statuses: [Int] = []
        for _ in 0..<12 { statuses.append(try await tampered.request(console + "api/auth/callback/west?code=x&state=y").status) }
        #expect(statuses.contains(429), "\(statuses)")
    }
}
