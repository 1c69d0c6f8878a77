import Foundation
import KubeSim
import SimTestSupport
import SkoposModel
import Testing

/// Request options as kube-apiserver checks them (issue 18, item 7): an invalid value is a 4xx `Status` naming the
/// option, and nothing changes.
@Suite(.serialized)
struct RequestOptionsTests {
    static let configMap = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keep","namespace":"default"},"data":{"a":"1"}}"#

    @Test("Invalid write and delete options are refused and change nothing; dryRun=All stores nothing")
    func writesAndDeletes() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            #expect(try await http.request("POST", base, body: Self.configMap).status == 201)

            // Deletes with a bad option: 422 naming it, and the object is still there.
            for (query, option) in [("propagationPolicy=Bogus", "propagationPolicy"), ("dryRun=Bogus", "dryRun"), ("gracePeriodSeconds=-5", "gracePeriodSeconds")] {
                let reply = try await http.request("DELETE", "\(base)/keep?\(query)")
                #expect(reply.status == 422, "\(query): \(reply.status) \(reply.body)")
                #expect(reply.json?["reason"] == "Invalid" && reply.body.contains(option), "\(reply.body)")
                #expect(try await http.request("GET", "\(base)/keep").status == 200, "\(query) deleted the object")
            }
            let badBody = try await http.request("DELETE", "\(base)/keep", body: #"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Sideways"}"#)
            #expect(badBody.status == 422 && badBody.body.contains("propagationPolicy"))
            #expect(try await http.request("DELETE", "\(base)/keep?gracePeriodSeconds=soon").status == 400)
            #expect(try await http.request("GET", "\(base)/keep").status == 200)

            // Creates and updates with a bad option: refused, nothing stored.
            let other = Self.configMap.replacingOccurrences(of: "\"keep\"", with: "\"other\"")
            for (query, option) in [("dryRun=Maybe", "dryRun"), ("fieldValidation=Loose", "fieldValidation"), ("fieldManager=\(String(repeating: "m", count: 129))", "fieldManager")] {
                let reply = try await http.request("POST", "\(base)?\(query)", body: other)
                #expect(reply.status == 422 && reply.body.contains(option), "\(query): \(reply.status) \(reply.body)")
            }
            #expect(try await http.request("GET", "\(base)/other").status == 404)
            // dryRun=All validates and answers the object without storing it.
            let dry = try await http.request("POST", "\(base)?dryRun=All", body: other)
            #expect(dry.status == 201 && dry.json?[path: ["metadata", "name"]] == "other")
            #expect(try await http.request("GET", "\(base)/other").status == 404)
            // A valid delete still works.
            #expect(try await http.request("DELETE", "\(base)/keep?propagationPolicy=Foreground").status == 200)
        }
    }

    @Test("List options: bad limit, timeoutSeconds, resourceVersion and resourceVersionMatch are refused")
    func lists() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            #expect(try await http.request("GET", "\(base)?limit=ten").status == 400)
            #expect(try await http.request("GET", "\(base)?limit=-1").status == 422)
            #expect(try await http.request("GET", "\(base)?timeoutSeconds=x").status == 400)
            #expect(try await http.request("GET", "\(base)?resourceVersion=abc").status == 400)
            let unmatched = try await http.request("GET", "\(base)?resourceVersionMatch=NotOlderThan")
            #expect(unmatched.status == 422 && unmatched.body.contains("resourceVersionMatch"), "\(unmatched.body)")
            #expect(try await http.request("GET", "\(base)?resourceVersionMatch=Sometime&resourceVersion=1").status == 422)
            #expect(try await http.request("GET", "\(base)?resourceVersionMatch=Exact&resourceVersion=0").status == 422)
            #expect(try await http.request("GET", "\(base)?resourceVersionMatch=NotOlderThan&resourceVersion=1&limit=5").status == 200)
        }
    }
}
