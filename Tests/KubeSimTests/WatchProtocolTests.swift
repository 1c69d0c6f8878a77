import Foundation
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

@testable import KubeSim

/// The watch protocol checked by hand: bookmarks, resuming from a resourceVersion, 410 beyond the event window,
/// selector transitions, watch-list mode, and faults.
@Suite(.serialized)
struct WatchProtocolTests {
    static func client(_ sim: RunningSimulator, _ name: String = "east") throws -> SimHTTPClient {
        let cluster = sim.cluster(name)
        return try SimHTTPClient(baseURL: sim.endpoints(name).apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
    }

    static func configMap(_ name: String, labels: [String: String] = [:]) -> String {
        let l = labels.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        return #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{\#(l)}},"data":{"k":"v"}}"#
    }

    /// Takes events until `predicate` holds for one, returning all taken.
    static func take(
        _ events: AsyncThrowingStream<JSONValue, any Error>, until predicate: (JSONValue) -> Bool
    ) async throws -> [JSONValue] {
        var seen: [JSONValue] = []
        for try await e in events {
            seen.append(e)
            if predicate(e) { return seen }
        }
        return seen
    }

    @Test func bookmarksResumeAndGone() async throws {
        try await withSimulator(configure: { $0.bookmarkInterval = .milliseconds(200); $0.watchWindow = 20 }) { sim in
            let http = try Self.client(sim)
            defer { Task { try? await http.shutdown() } }
            let created = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("a"))
            #expect(created.status == 201)
            let rvA = try #require(created.json?[path: ["metadata", "resourceVersion"]]?.stringValue)

            // Bookmarks arrive on an idle watch that allows them, carrying a resourceVersion.
            let (status, events) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rvA)&allowWatchBookmarks=true&timeoutSeconds=10")
            #expect(status == 200)
            let first = try await Self.take(events) { $0["type"] == "BOOKMARK" }
            let bookmark = try #require(first.last)
            #expect(bookmark["type"] == "BOOKMARK")
            #expect(bookmark[path: ["object", "kind"]] == "ConfigMap")
            #expect(Int(bookmark[path: ["object", "metadata", "resourceVersion"]]?.stringValue ?? "") ?? 0 >= Int(rvA)!)

            // Changes after rvA, then a resume from rvA sees exactly those, in order.
            _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("b"))
            _ = try await http.request("PATCH", "/api/v1/namespaces/default/configmaps/a", body: #"{"data":{"k":"w"}}"#, contentType: "application/merge-patch+json")
            _ = try await http.request("DELETE", "/api/v1/namespaces/default/configmaps/b")
            let (_, resumed) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rvA)&timeoutSeconds=10")
            let replay = try await Self.take(resumed) { $0["type"] == "DELETED" }
            #expect(replay.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "MODIFIED", "DELETED"])
            #expect(replay.map { $0[path: ["object", "metadata", "name"]]?.stringValue ?? "" } == ["b", "a", "b"])
            let rvs = replay.compactMap { Int($0[path: ["object", "metadata", "resourceVersion"]]?.stringValue ?? "") }
            #expect(rvs == rvs.sorted() && rvs.first! > Int(rvA)!)

            // Exceed the 20-event window: resuming from rvA is now 410 Gone, as an ERROR event carrying a Status.
            for i in 0..<30 {
                _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("fill-\(i)"))
            }
            let (goneStatus, gone) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rvA)")
            #expect(goneStatus == 200)
            var goneEvents: [JSONValue] = []
            for try await e in gone { goneEvents.append(e) }
            #expect(goneEvents.count == 1)
            #expect(goneEvents.first?["type"] == "ERROR")
            #expect(goneEvents.first?[path: ["object", "kind"]] == "Status")
            #expect(goneEvents.first?[path: ["object", "code"]] == 410)
            #expect(goneEvents.first?[path: ["object", "reason"]] == "Expired")

            // A list gives a fresh resourceVersion to watch from again.
            let list = try await http.request("GET", "/api/v1/namespaces/default/configmaps")
            let listRV = try #require(list.json?[path: ["metadata", "resourceVersion"]]?.stringValue)
            let (okStatus, fresh) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(listRV)&timeoutSeconds=5")
            #expect(okStatus == 200)
            _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("after"))
            let after = try await Self.take(fresh) { $0[path: ["object", "metadata", "name"]] == "after" }
            #expect(after.last?["type"] == "ADDED")
        }
    }

    @Test func tooLargeResourceVersionAndBadParameters() async throws {
        try await withSimulator { sim in
            let http = try Self.client(sim)
            defer { Task { try? await http.shutdown() } }
            let reply = try await http.request("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=999999999")
            #expect(reply.status == 504)
            #expect(reply.json?[path: ["details", "causes"]]?.arrayValue?.first?["reason"] == "ResourceVersionTooLarge")
            let bad = try await http.request("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=abc")
            #expect(bad.status == 400)
            let badLimit = try await http.request("GET", "/api/v1/namespaces/default/configmaps?limit=x")
            #expect(badLimit.status == 400)
            #expect(badLimit.json?["message"]?.stringValue?.contains("limit") == true)
        }
    }

    @Test func selectorTransitionsAndInitialEvents() async throws {
        try await withSimulator(configure: { $0.bookmarkInterval = .seconds(30) }) { sim in
            let http = try Self.client(sim)
            defer { Task { try? await http.shutdown() } }
            _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("x", labels: ["team": "a"]))
            // Watch-list mode: initial ADDED events, then a bookmark marking their end.
            let (_, events) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&labelSelector=team%3Da&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=10")
            let initial = try await Self.take(events) { $0["type"] == "BOOKMARK" }
            #expect(initial.first?["type"] == "ADDED")
            #expect(initial.last?[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]] == "true")
            // Relabelling out of the selection is a DELETED for this watch; back in is an ADDED.
            _ = try await http.request("PATCH", "/api/v1/namespaces/default/configmaps/x", body: #"{"metadata":{"labels":{"team":"b"}}}"#, contentType: "application/merge-patch+json")
            _ = try await http.request("PATCH", "/api/v1/namespaces/default/configmaps/x", body: #"{"metadata":{"labels":{"team":"a"}}}"#, contentType: "application/merge-patch+json")
            let moves = try await Self.take(events) { $0["type"] == "ADDED" }
            #expect(moves.map { $0["type"]?.stringValue ?? "" } == ["DELETED", "ADDED"])
        }
    }

    @Test func pagingWithLimitAndContinue() async throws {
        try await withSimulator { sim in
            let http = try Self.client(sim)
            defer { Task { try? await http.shutdown() } }
            for i in 0..<7 {
                _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("page-\(i)", labels: ["paged": "yes"]))
            }
            var names: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let reply = try await http.request("GET", "/api/v1/namespaces/default/configmaps?labelSelector=paged%3Dyes&limit=3" + (token.isEmpty ? "" : "&continue=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)"))
                #expect(reply.status == 200)
                names += reply.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } ?? []
                token = reply.json?[path: ["metadata", "continue"]]?.stringValue ?? ""
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(names == (0..<7).map { "page-\($0)" })
        }
    }

    @Test func faultsSplitEventsAndErrors() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let http = try Self.client(sim)
            defer { Task { try? await http.shutdown() } }
            // An event written in two halves with a pause still arrives whole.
            cluster.faults.add(SimFault(.splitWatchEvents(pause: .milliseconds(100)), verb: "watch", resource: "configmaps"))
            let (_, events) = try await http.watch("/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=5")
            _ = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: Self.configMap("split"))
            let got = try await Self.take(events) { $0[path: ["object", "metadata", "name"]] == "split" }
            #expect(got.last?["type"] == "ADDED")
            // Error statuses on demand.
            cluster.faults.add(SimFault(.status(429), verb: "list", resource: "pods"))
            let throttled = try await http.request("GET", "/api/v1/pods")
            #expect(throttled.status == 429)
            #expect(throttled.json?["reason"] == "TooManyRequests")
            let fine = try await http.request("GET", "/api/v1/pods")
            #expect(fine.status == 200)
        }
    }
}
