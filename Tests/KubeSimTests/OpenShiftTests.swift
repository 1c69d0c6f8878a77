import Crypto
import Foundation
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

@testable import KubeSim

/// OpenShift parts of the simulator: discovery of the OpenShift groups, Route admission, the router, and the OAuth
/// login flow a console uses.
@Suite(.serialized)
struct OpenShiftTests {
    @Test func discoveryShowsOpenShiftGroupsOnlyForTheOpenShiftFlavor() async throws {
        for flavor in [ClusterFlavor.openshift, .kubernetes] {
            try await withSimulator(flavor: flavor) { sim in
                let cluster = sim.cluster("east")
                let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
                defer { Task { try? await http.shutdown() } }
                let legacy = try await http.request("GET", "/apis")
                let names = legacy.json?["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                let aggregated = try await http.request("GET", "/apis", headers: ["Accept": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"])
                #expect(aggregated.contentType.contains("as=APIGroupDiscoveryList"))
                let aggregatedNames = aggregated.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } ?? []
                for group in ["route.openshift.io", "oauth.openshift.io", "user.openshift.io", "project.openshift.io", "config.openshift.io", "operator.openshift.io"] {
                    #expect(names.contains(group) == (flavor == .openshift), "\(flavor) \(group)")
                    #expect(aggregatedNames.contains(group) == (flavor == .openshift), "\(flavor) \(group)")
                }
                #expect(names.contains("kiali.io"))
                #expect(sim.endpoints("east").routerURL == nil || flavor == .openshift)
            }
        }
    }

    /// Route admission and the router, through the `skopos sim` binary as a user runs it, with `curl --connect-to`.
    @Test func routeAdmissionAndRouter() async throws {
        try await withTemporaryDirectory { dir in
            // A backend the test starts: a Service without selector plus Endpoints pointing at it.
            let backend = Process()
            backend.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            backend.arguments = ["python3", "-c", """
                import http.server, sys
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = ("hello from backend, host=" + self.headers.get("Host", "")).encode()
                        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                    def log_message(self, *a): pass
                s = http.server.HTTPServer(("127.0.0.1", 0), H)
                print(s.server_address[1], flush=True)
                s.serve_forever()
                """]
            let out = PipeCollector()
            backend.standardOutput = out.pipe
            backend.standardError = FileHandle.nullDevice
            try backend.run()
            defer { backend.terminate() }
            try await out.waitFor("\n")
            let portLine = out.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let port = try #require(Int(portLine))

            let sim = try await SimProcess.start(["--clusters", "east", "--dir", dir + "/sim"])
            defer { sim.kill() }
            let routerPort = try #require(sim.lines.first { $0.hasPrefix("east:") }?.split(separator: ":").last.map(String.init))
            let k = Kubectl(kubeconfig: dir + "/sim/kubeconfig", home: dir)
            try await k.check(["--context", "east", "apply", "-f", "-"], stdin: """
                apiVersion: v1
                kind: Namespace
                metadata: {name: istio-system}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: kiali, namespace: istio-system}
                spec:
                  ports: [{name: http, port: 20001, targetPort: \(port)}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: kiali, namespace: istio-system}
                subsets:
                - addresses: [{ip: 127.0.0.1}]
                  ports: [{name: http, port: \(port)}]
                ---
                apiVersion: route.openshift.io/v1
                kind: Route
                metadata: {name: kiali, namespace: istio-system}
                spec:
                  to: {kind: Service, name: kiali}
                  port: {targetPort: http}
                  tls: {termination: edge}
                """)
            let host = try await k.check(["--context", "east", "get", "route", "kiali", "-n", "istio-system", "-o", "jsonpath={.spec.host}"])
            #expect(host == "kiali-istio-system.apps.east.skopos.test")
            let admitted = try await k.check(["--context", "east", "get", "route", "kiali", "-n", "istio-system", "-o", "jsonpath={.status.ingress[0].conditions[0].type}"])
            #expect(admitted == "Admitted")
            let caData = try await k.check(["config", "view", "--raw", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"])
            let caFile = dir + "/ca.crt"
            try #require(Data(base64Encoded: caData)).write(to: URL(fileURLWithPath: caFile))
            let curl = try await runProcess(["curl", "-sS", "--max-time", "20", "--cacert", caFile, "--connect-to", "\(host):443:127.0.0.1:\(routerPort)", "https://\(host)/"])
            #expect(curl.status == 0, "\(curl.stderr)")
            #expect(curl.stdout == "hello from backend, host=\(host)")
            let unknown = try await runProcess(["curl", "-sS", "--cacert", caFile, "--connect-to", "nothing.apps.east.skopos.test:443:127.0.0.1:\(routerPort)", "-w", "%{http_code}", "-o", "/dev/null", "https://nothing.apps.east.skopos.test/"])
            #expect(unknown.stdout == "503")
        }
    }

    @Test func oauthLoginFlowWithCodeAndPKCE() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let api = sim.endpoints("east").apiURL
            let admin = try SimHTTPClient(baseURL: api, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            let anonymous = try SimHTTPClient(baseURL: api, caPEM: cluster.caCertificatePEM, token: nil)
            defer { Task { try? await admin.shutdown(); try? await anonymous.shutdown() } }
            let developer = try #require(sim.report.users.first { $0.name == "developer" })

            let meta = try await anonymous.request("GET", "/.well-known/oauth-authorization-server")
            #expect(meta.json?["authorization_endpoint"]?.stringValue == api + "/oauth/authorize")
            let client = #"{"apiVersion":"oauth.openshift.io/v1","kind":"OAuthClient","metadata":{"name":"kiali-istio-system"},"secret":"s3cret","redirectURIs":["https://kiali.example/api/auth/callback"],"grantMethod":"auto"}"#
            #expect(try await admin.request("POST", "/apis/oauth.openshift.io/v1/oauthclients", body: client).status == 201)

            let verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789"
            let challenge = Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
            let query = "client_id=kiali-istio-system&redirect_uri=https%3A%2F%2Fkiali.example%2Fapi%2Fauth%2Fcallback%2Feast&response_type=code&state=xyz&code_challenge=\(challenge)&code_challenge_method=S256"
            let form = try await anonymous.request("GET", "/oauth/authorize?" + query)
            #expect(form.status == 200)
            #expect(form.body.contains("name=\"password\""))
            let unknownClient = try await anonymous.request("GET", "/oauth/authorize?client_id=nope&redirect_uri=https%3A%2F%2Fx&response_type=code")
            #expect(unknownClient.status == 400)
            #expect(unknownClient.body.contains("not registered"))

            // The form carries a CSRF token that must come back with the cookie set beside it.
            let csrf = try #require(form.body.range(of: #"name="csrf" value=""#).map { String(form.body[$0.upperBound...].prefix { $0 != "\"" }) })
            let cookie = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let fields = "client_id=kiali-istio-system&redirect_uri=https%3A%2F%2Fkiali.example%2Fapi%2Fauth%2Fcallback%2Feast&response_type=code&state=xyz&code_challenge=\(challenge)&code_challenge_method=S256&csrf=\(csrf)"
            let forged = try await anonymous.request("POST", "/login", body: fields + "&username=developer&password=\(developer.password)", contentType: "application/x-www-form-urlencoded")
            #expect(forged.status == 403, "a post without the CSRF cookie is refused")
            let wrong = try await anonymous.request("POST", "/login", body: fields + "&username=developer&password=wrong", contentType: "application/x-www-form-urlencoded", headers: ["Cookie": cookie])
            #expect(wrong.status == 200)
            #expect(wrong.body.contains("Invalid login or password"))
            let login = try await anonymous.request("POST", "/login", body: fields + "&username=developer&password=\(developer.password)", contentType: "application/x-www-form-urlencoded", headers: ["Cookie": cookie])
            #expect(login.status == 302)
            let location = try #require(login.headers["location"])
            #expect(location.hasPrefix("https://kiali.example/api/auth/callback/east?code="))
            #expect(location.hasSuffix("&state=xyz"))
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)

            let badVerifier = try await anonymous.request("POST", "/oauth/token", body: "grant_type=authorization_code&code=\(code)&client_id=kiali-istio-system&client_secret=s3cret&code_verifier=nope", contentType: "application/x-www-form-urlencoded")
            #expect(badVerifier.status == 400)
            // A code is single-use, even after a failed exchange: log in again for a fresh one.
            let again = try await anonymous.request("POST", "/login", body: fields + "&username=developer&password=\(developer.password)", contentType: "application/x-www-form-urlencoded", headers: ["Cookie": cookie])
            let code2 = try #require(URLComponents(string: again.headers["location"] ?? "")?.queryItems?.first { $0.name == "code" }?.value)
            let tokenReply = try await anonymous.request("POST", "/oauth/token", body: "grant_type=authorization_code&code=\(code2)&client_id=kiali-istio-system&client_secret=s3cret&code_verifier=\(verifier)", contentType: "application/x-www-form-urlencoded")
            #expect(tokenReply.status == 200)
            let token = try #require(tokenReply.json?["access_token"]?.stringValue)
            #expect(token.hasPrefix("sha256~"))

            let asUser = try SimHTTPClient(baseURL: api, caPEM: cluster.caCertificatePEM, token: token)
            defer { Task { try? await asUser.shutdown() } }
            let me = try await asUser.request("GET", "/apis/user.openshift.io/v1/users/~")
            #expect(me.status == 200)
            #expect(me.json?[path: ["metadata", "name"]] == "developer")
            // The developer has no bindings: RBAC applies to OAuth users too.
            let pods = try await asUser.request("GET", "/api/v1/namespaces/default/pods")
            #expect(pods.status == 403)
            let projects = try await asUser.request("GET", "/apis/project.openshift.io/v1/projects")
            #expect(projects.status == 200)
            #expect(projects.json?["items"]?.arrayValue?.isEmpty == true)
            // The stored token object is named after the token's hash, never the token itself.
            let tokens = try await admin.request("GET", "/apis/oauth.openshift.io/v1/oauthaccesstokens")
            #expect(!tokens.body.contains(String(token.dropFirst(7))))
            #expect(tokens.json?["items"]?.arrayValue?.first?["userName"] == "developer")
        }
    }
}
