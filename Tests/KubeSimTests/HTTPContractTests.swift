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

    @Test("A small YAML document whose aliases expand without bound is refused, and the server keeps answering")
    func billionLaughs() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: laughs}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            for i in 1...9 { yaml += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
            yaml += "data: {a: b}\n"
            let reply = try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: yaml, contentType: "application/yaml")
            #expect(reply.status == 413 && reply.body.contains("aliases"), "\(reply.status) \(reply.body.prefix(300))")
            #expect(try await http.request("GET", "/api/v1/namespaces/default/configmaps/laughs").status == 404)
            #expect(try await http.request("GET", "/api/v1/namespaces").status == 200)
        }
    }
}

extension HTTPContractTests {
    @Test("An update or patch may not change the object's kind, group, name or namespace; nothing changes")
    func identityIsFixed() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            #expect(try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fixed"},"data":{"a":"1"}}"#).status == 201)
            for patch in [#"{"metadata":{"name":"moved"}}"#, #"{"metadata":{"namespace":"kube-system"}}"#, #"{"kind":"Secret"}"#, #"{"apiVersion":"apps/v1"}"#] {
                let reply = try await http.request("PATCH", "\(base)/fixed", body: patch, contentType: "application/merge-patch+json")
                #expect(reply.status == 400, "\(patch): \(reply.status) \(reply.body)")
            }
            let update = try await http.request("PUT", "\(base)/fixed", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"},"data":{"a":"2"}}"#)
            #expect(update.status == 400 && update.body.contains("does not match the name"), "\(update.body)")
            #expect(try await http.request("GET", "\(base)/fixed").json?[path: ["data", "a"]] == "1")
            #expect(try await http.request("GET", "\(base)/moved").status == 404)
        }
    }
}

extension HTTPContractTests {
    @Test("A ConfigMap whose data is not a string map, or over 1 MiB, is a 422 and is not stored; bodies over 3 MiB are a 413")
    func schemaAndSizes() async throws {
        try await withSimulator(flavor: .kubernetes) { sim in
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            let typed = try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"typed"},"data":{"n":1}}"#)
            #expect(typed.status == 422 && typed.body.contains("data[n]"), "\(typed.status) \(typed.body)")
            let big = String(repeating: "x", count: 1_100_000)
            let tooBig = try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"\#(big)"}}"#)
            #expect(tooBig.status == 422 && tooBig.body.contains("1048576"), "\(tooBig.status) \(tooBig.body.prefix(200))")
            let huge = String(repeating: "y", count: 3_300_000)
            #expect(try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":"\#(huge)"}}"#).status == 413)
            for name in ["typed", "big", "huge"] { #expect(try await http.request("GET", "\(base)/\(name)").status == 404) }
        }
    }

    @Test("A silent client, or one that stops inside its headers, is cut after the idle timeout while a watch is not; per-user concurrency is limited with 429 and Retry-After, watches exempt")
    func timeoutsAndLimits() async throws {
        let kubectl = try #require(Kubectl.executable)
        try await withSimulator(flavor: .kubernetes, configure: { o in
            o.idleTimeout = .seconds(1)
            o.maxInFlightPerUser = 2
        }) { sim in
            let port = try #require(URLComponents(string: sim.endpoints("east").apiURL)?.port)
            let script = """
                import socket, ssl, sys, time
                s = socket.create_connection(("127.0.0.1", \(port)))
                if sys.argv[1] == "tls":
                    ctx = ssl.create_default_context()
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                    s = ctx.wrap_socket(s)
                    s.sendall(b"GET /api HTTP/1.1\\r\\nHost: x\\r\\n")
                s.settimeout(20)
                t = time.time()
                try:
                    d = s.recv(1)
                except Exception:
                    d = b"?"
                print("%.1f %d" % (time.time() - t, len(d)))
                """
            for mode in ["tcp", "tls"] {
                let r = try await runProcess(["/usr/bin/env", "python3", "-c", script, mode])
                let parts = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
                // "0": the server closed the connection (the client's own 20 s timeout would read "?"); no wall-time check.
                #expect(parts.count == 2 && parts[1] == "0", "\(mode): \(r)")
            }

            let k = sim.kubectl(kubectl)
            let watch = try k.start(["--context", "east", "get", "configmaps", "-n", "default", "--watch", "-o", "name"])
            defer { watch.terminate() }
            try await watch.waitForOutput(containing: "kube-root-ca.crt")
            try await Task.sleep(for: .seconds(3))

            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: sim.cluster("east").caCertificatePEM, token: sim.cluster("east").adminToken)
            defer { Task { try? await http.shutdown() } }
            let base = "/api/v1/namespaces/default/configmaps"
            let rv = try #require(Int(try await http.request("GET", base).json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""))
            // Two requests that wait (a resourceVersion from the future) fill the user's seats; the watch holds none.
            async let slow1 = http.request("GET", "\(base)?resourceVersion=\(rv + 1000)&resourceVersionMatch=NotOlderThan")
            async let slow2 = http.request("GET", "\(base)?resourceVersion=\(rv + 1000)&resourceVersionMatch=NotOlderThan")
            try await Task.sleep(for: .milliseconds(700))
            let third = try await http.request("GET", base)
            #expect(third.status == 429 && third.headers["retry-after"] == "1", "\(third.status) \(third.body)")
            let (a, b) = try await (slow1, slow2)
            #expect(a.status == 504 && b.status == 504)
            #expect(try await http.request("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late"}}"#).status == 201)
            try await watch.waitForOutput(containing: "configmap/late")
        }
    }
}
