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

    @Test("List semantics of resourceVersion: Exact lists the past from the event window, pages stay at their first version, too new is 504, too old is 410")
    func listResourceVersions() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            func names(_ path: String) async throws -> (names: [String], rv: String, next: String?) {
                let r = try await http.request("GET", path)
                #expect(r.status == 200, "\(path): \(r.body)")
                let items = r.json?["items"]?.arrayValue ?? []
                return (
                    items.compactMap { $0[path: ["metadata", "name"]]?.stringValue }.filter { $0 != "kube-root-ca.crt" }, r.json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "",
                    r.json?[path: ["metadata", "continue"]]?.stringValue
                )
            }
            for n in ["a", "b", "c"] {
                #expect(try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(n)"},"data":{"v":"1"}}"#).status == 201)
            }
            let before = try await names(base)
            #expect(before.names == ["a", "b", "c"])
            // Changes after that version: one deleted, one changed, one added.
            #expect(try await http.request("DELETE", "\(base)/b").status == 200)
            #expect(try await http.request("PATCH", "\(base)/a", body: #"{"data":{"v":"2"}}"#, contentType: "application/merge-patch+json").status == 200)
            #expect(try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}"#).status == 201)

            let exact = try await http.request("GET", "\(base)?resourceVersion=\(before.rv)&resourceVersionMatch=Exact")
            #expect(exact.status == 200)
            let items = exact.json?["items"]?.arrayValue ?? []
            #expect(items.compactMap { $0[path: ["metadata", "name"]]?.stringValue }.filter { $0 != "kube-root-ca.crt" } == ["a", "b", "c"])
            #expect(items.first?[path: ["data", "v"]]?.stringValue == "1", "the object as it was then")
            #expect(exact.json?[path: ["metadata", "resourceVersion"]]?.stringValue == before.rv)
            #expect(try await names("\(base)?resourceVersion=\(before.rv)&resourceVersionMatch=NotOlderThan").names == ["a", "c", "d"])

            // A paged list keeps the state of its first page while objects change between pages.
            let page1 = try await names("\(base)?limit=2")
            #expect(page1.names == ["a", "c"])
            #expect(try await http.request("DELETE", "\(base)/d").status == 200)
            let token = try #require(page1.next)
            let page2 = try await names("\(base)?limit=2&continue=\(token)")
            #expect(page2.names == ["d"] && page2.rv == page1.rv, "the page after shows the list as of the first page")

            let future = Int(page1.rv)! + 1000
            let tooNew = try await http.request("GET", "\(base)?resourceVersion=\(future)&resourceVersionMatch=Exact")
            #expect(tooNew.status == 504 && tooNew.body.contains("ResourceVersionTooLarge"), "\(tooNew.body)")
            sim.cluster("east").compactHistoryForTesting()
            let tooOld = try await http.request("GET", "\(base)?resourceVersion=\(before.rv)&resourceVersionMatch=Exact")
            #expect(tooOld.status == 410 && tooOld.body.contains("too old resource version"), "\(tooOld.body)")
        }
    }
}
