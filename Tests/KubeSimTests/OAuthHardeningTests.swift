import Foundation
import SimTestSupport
import SkoposModel
import Testing

@testable import KubeSim

/// The simulated OpenShift OAuth server as strict as OpenShift's (issue 18, item 10).
@Suite(.serialized)
struct OAuthHardeningTests {
    @Test("redirect_uri: same scheme, host and port; the path equal or under, after dot segments", arguments: [
        ("https://kiali.example/api/auth/callback", "https://kiali.example/api/auth/callback", true),
        ("https://kiali.example/api/auth/callback/east", "https://kiali.example/api/auth/callback", true),
        ("https://kiali.example:443/api/auth/callback/east", "https://kiali.example/api/auth/callback", true),
        ("https://kiali.example/api/auth/callbackx", "https://kiali.example/api/auth/callback", false),
        ("https://kiali.example/api/auth/callback/../../evil", "https://kiali.example/api/auth/callback", false),
        ("https://kiali.example/api/auth/callback/%2e%2e/%2e%2e/evil", "https://kiali.example/api/auth/callback", false),
        ("http://kiali.example/api/auth/callback", "https://kiali.example/api/auth/callback", false),
        ("https://kiali.example:8443/api/auth/callback", "https://kiali.example/api/auth/callback", false),
        ("https://evil.example/api/auth/callback", "https://kiali.example/api/auth/callback", false),
        ("https://user@kiali.example/api/auth/callback", "https://kiali.example/api/auth/callback", false),
    ])
    func redirectRules(requested: String, allowed: String, matches: Bool) {
        #expect(OAuthServer.redirectMatches(requested, allowed: allowed) == matches)
    }

    @Test("Scopes", arguments: [("user:full", true), ("user:info user:check-access", true), ("role:view:bookinfo", true), ("role:edit:team:!", true), ("admin", false), ("user:everything", false), ("role:view", false)])
    func scopes(scope: String, valid: Bool) {
        #expect(scope.split(separator: " ").allSatisfy { OAuthServer.validScope(String($0)) } == valid)
    }

    @Test("Unknown scopes are refused, Basic needs X-CSRF-Token, and repeated wrong passwords slow a user down")
    func serverBehaviour() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let api = sim.endpoints("east").apiURL
            let admin = try SimHTTPClient(baseURL: api, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            let anonymous = try SimHTTPClient(baseURL: api, caPEM: cluster.caCertificatePEM, token: nil)
            defer { Task { try? await admin.shutdown(); try? await anonymous.shutdown() } }
            let developer = try #require(sim.report.users.first { $0.name == "developer" })
            let client = #"{"apiVersion":"oauth.openshift.io/v1","kind":"OAuthClient","metadata":{"name":"console"},"secret":"s","redirectURIs":["https://console.example/cb"],"grantMethod":"auto"}"#
            #expect(try await admin.request("POST", "/apis/oauth.openshift.io/v1/oauthclients", body: client).status == 201)
            let base = "/oauth/authorize?client_id=console&redirect_uri=https%3A%2F%2Fconsole.example%2Fcb&response_type=code"
            let badScope = try await anonymous.request("GET", base + "&scope=admin")
            #expect(badScope.status == 400 && badScope.body.contains("scope"))
            let escape = try await anonymous.request("GET", "/oauth/authorize?client_id=console&redirect_uri=https%3A%2F%2Fconsole.example%2Fcb%2F..%2Fevil&response_type=code")
            #expect(escape.status == 400)
            let basic = "Basic " + Data("developer:\(developer.password)".utf8).base64EncodedString()
            #expect(try await anonymous.request("GET", base, headers: ["Authorization": basic]).status == 400, "no X-CSRF-Token")
            let challenge = try await anonymous.request("GET", base, headers: ["Authorization": basic, "X-CSRF-Token": "1"])
            #expect(challenge.status == 302 && (challenge.headers["location"] ?? "").hasPrefix("https://console.example/cb?code="))
            // Five wrong passwords are free; then the user must wait, even with the right one, and is told how long.
            let wrongBasic = "Basic " + Data("developer:wrong".utf8).base64EncodedString()
            for _ in 0..<5 { #expect(try await anonymous.request("GET", base, headers: ["Authorization": wrongBasic, "X-CSRF-Token": "1"]).status == 401) }
            let locked = try await anonymous.request("GET", base, headers: ["Authorization": basic, "X-CSRF-Token": "1"])
            #expect(locked.status == 429 && locked.headers["retry-after"] != nil, "\(locked.status)")
            // Another user is not affected.
            let admins = try #require(sim.report.users.first { $0.name == "admin" })
            let other = try await anonymous.request("GET", base, headers: ["Authorization": "Basic " + Data("admin:\(admins.password)".utf8).base64EncodedString(), "X-CSRF-Token": "1"])
            #expect(other.status == 302)
        }
    }
}
