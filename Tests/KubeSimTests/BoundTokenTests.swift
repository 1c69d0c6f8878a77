import Foundation
import KubeSim
import SimTestSupport
import SkoposModel
import Testing

/// Service-account tokens as kube-apiserver issues them (issue 18, item 10): a lifetime under ten minutes is refused,
/// and a token bound to an object stops working when that object is deleted, for requests and for TokenReview alike.
@Suite(.serialized)
struct BoundTokenTests {
    @Test("expirationSeconds under 600 is a 422; a token bound to a Secret dies with it")
    func boundTokens() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let cluster = sim.cluster("east")
            let admin = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            defer { Task { try? await admin.shutdown() } }
            #expect(try await admin.request("POST", "/api/v1/namespaces/default/serviceaccounts", body: #"{"metadata":{"name":"bot"}}"#).status == 201)
            #expect(try await admin.request("POST", "/api/v1/namespaces/default/secrets", body: #"{"metadata":{"name":"anchor"}}"#).status == 201)
            let tokens = "/api/v1/namespaces/default/serviceaccounts/bot/token"
            let short = try await admin.request("POST", tokens, body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":300}}"#)
            #expect(short.status == 422 && short.body.contains("spec.expirationSeconds"), "\(short.status) \(short.body)")
            let missing = try await admin.request(
                "POST", tokens, body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"nope"}}}"#)
            #expect(missing.status == 404)
            let issued = try await admin.request(
                "POST", tokens, body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"anchor"}}}"#)
            #expect(issued.status == 201)
            let token = try #require(issued.json?[path: ["status", "token"]]?.stringValue)
            func review() async throws -> Bool? {
                let r = try await admin.request("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body: JSONWriter.string(["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": .string(token)]]))
                return r.json?[path: ["status", "authenticated"]]?.boolValue
            }
            let bot = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: token)
            defer { Task { try? await bot.shutdown() } }
            // Authenticated (not authorized to list secrets: a 403, not a 401).
            #expect(try await bot.request("GET", "/api/v1/namespaces/default/secrets").status == 403)
            #expect(try await review() == true)
            #expect(try await admin.request("DELETE", "/api/v1/namespaces/default/secrets/anchor").status == 200)
            #expect(try await bot.request("GET", "/api/v1/namespaces/default/secrets").status == 401)
            #expect(try await review() == false)
        }
    }
}
