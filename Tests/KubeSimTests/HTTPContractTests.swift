import Foundation
import KubeSim
import SimTestSupport
import SkoposModel
import Testing

/// HTTP as kube-apiserver answers it (issue 18, items 8 and 9): methods a path does not serve, body formats it does not
/// read, answers the client cannot accept; a Secret's `stringData`.
@Suite(.serialized)
struct HTTPContractTests {
    @Test("405 for POST to an item and PUT or PATCH to a collection, 415 for an unknown body format, 406 for an unacceptable answer; nothing stored")
    func methodsAndMediaTypes() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            let cm = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}}"#
            let postItem = try await http.request("POST", "\(base)/x", body: cm)
            #expect(postItem.status == 405 && postItem.json?["reason"] == "MethodNotAllowed", "\(postItem.status) \(postItem.body)")
            #expect(try await http.request("PUT", base, body: cm).status == 405)
            #expect(try await http.request("PATCH", base, body: "{}", contentType: "application/merge-patch+json").status == 405)
            let text = try await http.request("POST", base, body: "hello", contentType: "text/plain")
            #expect(text.status == 415 && text.json?["reason"] == "UnsupportedMediaType", "\(text.status) \(text.body)")
            #expect(try await http.request("GET", "\(base)/x").status == 404, "nothing was created")
            #expect(try await http.request("POST", base, body: cm).status == 201)
            let patchAsJSON = try await http.request("PATCH", "\(base)/x", body: #"{"data":{"a":"2"}}"#, contentType: "application/json")
            #expect(patchAsJSON.status == 415, "\(patchAsJSON.status) \(patchAsJSON.body)")
            #expect(try await http.request("GET", "\(base)/x").json?[path: ["data", "a"]] == "1")
            let png = try await http.request("GET", base, headers: ["Accept": "image/png"])
            #expect(png.status == 406 && png.json?["reason"] == "NotAcceptable", "\(png.status) \(png.body)")
            #expect(try await http.request("GET", base, headers: ["Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"]).status == 200)
        }
    }

    @Test("A Secret's stringData is written into data and not stored itself, on create, update and patch")
    func secretStringData() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/secrets"
            let created = try await http.request(
                "POST", base, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"a":"over","b":"bee"}}"#)
            #expect(created.status == 201)
            var stored = try await http.request("GET", "\(base)/s")
            #expect(stored.json?["stringData"] == nil)
            #expect(stored.json?[path: ["data", "a"]] == .string(Data("over".utf8).base64EncodedString()))
            #expect(stored.json?[path: ["data", "b"]] == .string(Data("bee".utf8).base64EncodedString()))
            _ = try await http.request("PATCH", "\(base)/s", body: #"{"stringData":{"c":"sea"}}"#, contentType: "application/merge-patch+json")
            stored = try await http.request("GET", "\(base)/s")
            #expect(stored.json?[path: ["data", "c"]] == .string(Data("sea".utf8).base64EncodedString()) && stored.json?["stringData"] == nil)
        }
    }
}
