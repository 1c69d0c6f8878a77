import Foundation
import SimTestSupport
import SkoposModel
import Testing

/// Malformed and hostile requests against `skopos sim` (issue 18): the server stays up, its memory stays bounded and
/// nothing is stored. `make test` sends 600, `make stress` 10,000.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct FuzzTests {
    static let requests = ProcessInfo.processInfo.environment["SKOPOS_STRESS"] == nil ? 600 : 10_000

    /// A deterministic generator (SplitMix64), so a failure can be replayed with the same seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    /// One hostile request: method, path, content type, body. Every body is invalid, so nothing may be stored.
    static func hostile(_ r: inout Random) -> (method: String, path: String, contentType: String, body: String?) {
        let junkNames = ["Bad Name!", String(repeating: "a", count: 300), "..", "%00", "x%2Fy", "ünïcödé", "-lead", "a" + String(repeating: "/", count: 20)]
        let paths = [
            "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/\(r.pick(junkNames))",
            "/api/v1/namespaces/\(r.pick(junkNames))/secrets", "/apis/apps/v1/namespaces/default/deployments", "/apis/../../etc/passwd",
            "/api/v1/namespaces/default/pods/x/proxy/../../..", "/openapi/v3/../../x", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            "/api/v1/namespaces/default/configmaps?limit=-3&watch=maybe&resourceVersion=abc", "/api/v1/namespaces/default/configmaps?" + String(repeating: "a=b&", count: 2_000),
            "/api/v1/namespaces/default/serviceaccounts/default/token", "/apis/nonexistent.example/v1/things", "/" + String(repeating: "x", count: 5_000),
        ]
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        var laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let bodies: [String?] = [
            nil, "", "{", "}{", "null", "[]", "12", "\"string\"", deep, laughs,
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad Name!"}}"#,
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":5}"#,
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok"},"data":{"a":{"b":1}}}"#,
            #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"other"},"type":7}"#,
            #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":"many"}}"#,
            "k8s\u{0}" + String(decoding: r.bytes(64), as: UTF8.self),
            String(decoding: r.bytes(512), as: UTF8.self),
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":""# + String(repeating: "z", count: 1_200_000) + #""}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"none"}}"#,
            #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"UPPER"}}"#,
            // Without apiVersion and kind a create takes the URL's kind, as kube-apiserver does: these bodies stay invalid.
            #"[{"op":"remove","path":"/metadata/name"}]"#, #"{"metadata":{"name":"renamed"},"data":"not a map","spec":"none","roleRef":7}"#,
        ]
        let types = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "text/plain", "application/merge-patch+json", "application/json-patch+json", "bogus/type;;;", ""]
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "FOO"]
        var method = r.pick(methods)
        let path = r.pick(paths)
        // A DELETE of a whole collection is a legitimate request (deletecollection), not a hostile one.
        if method == "DELETE" && !junkNames.contains(where: { path.hasSuffix("/" + $0) }) { method = "PUT" }
        return (method, path, r.pick(types), r.pick(bodies))
    }

    static func residentMB(_ pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0) / 1024
    }

    @Test("Hostile requests leave the server alive, small and unchanged")
    func hostileRequests() async throws {
        try await withTemporaryDirectory { dir in
            let sim = try await SimProcess.start(["--clusters", "east", "--dir", dir, "--no-mesh", "--flavor", "kubernetes"])
            defer { sim.kill() }
            let (url, ca, token) = try CrashTests.access(dir)
            let http = try SimHTTPClient(baseURL: url, caPEM: ca, token: token)
            defer { Task { try? await http.shutdown() } }
            func storedRV() async throws -> String? {
                try await http.request("GET", "/api/v1/configmaps?limit=1").json?[path: ["metadata", "resourceVersion"]]?.stringValue
            }
            // Let the controllers settle, then take the store's resourceVersion.
            try await Task.sleep(for: .seconds(1))
            let before = try await storedRV()
            var r = Random(state: 0x5EED)
            var statuses: [Int: Int] = [:]
            var peak = 0.0
            for i in 0..<Self.requests {
                let (method, path, type, body) = Self.hostile(&r)
                let reply = try? await http.request(method, path, body: body, contentType: type, headers: ["Accept": r.pick(["application/json", "*/*", "image/png", "x;y;z"])])
                statuses[reply?.status ?? 0, default: 0] += 1
                // A TokenRequest stores nothing; what it may do is checked by the resourceVersion below.
                if let reply, (200..<300).contains(reply.status), method != "GET", method != "HEAD", method != "OPTIONS", reply.json?["kind"] != "TokenRequest" {
                    Issue.record("request \(i) (\(method) \(path.prefix(80)), \(type)) was accepted: \(reply.status) \(reply.body.prefix(200))")
                }
                if i % 100 == 0 { peak = max(peak, Self.residentMB(sim.process.processIdentifier)) }
            }
            #expect(sim.process.isRunning, "the simulator died")
            #expect(try await http.request("GET", "/healthz").status == 200)
            let after = try await storedRV()
            #expect(after == before, "something was stored: resourceVersion \(before ?? "?") → \(after ?? "?")")
            #expect(peak < 300, "resident memory reached \(peak) MB")
            #expect((statuses[0] ?? 0) < Self.requests / 10, "too many requests got no answer: \(statuses)")
        }
    }
}
