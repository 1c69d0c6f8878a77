import Foundation
import SimTestSupport
import SkoposModel
import Synchronization
import Testing

/// With `--state`, an acknowledged write survives `kill -9` at any moment (issue 18, item 11): several clients write,
/// the simulator is killed with SIGKILL at a random moment, restarted with the same state, and every write that was
/// answered is there with its resourceVersion. `make test` runs a few rounds, `make stress` 20.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct CrashTests {
    /// The writes answered 201: name → resourceVersion.
    final class Acknowledged: Sendable {
        private let state = Mutex<[String: String]>([:])
        func withLock<T>(_ body: (inout [String: String]) -> T) -> T { state.withLock { body(&$0) } }
    }

    static let rounds = ProcessInfo.processInfo.environment["SKOPOS_STRESS"] == nil ? 3 : 20

    /// The API URL, CA and token of a simulator's kubeconfig.
    static func access(_ dir: String) throws -> (url: String, ca: String, token: String) {
        let text = try String(contentsOfFile: dir + "/kubeconfig", encoding: .utf8)
        func value(_ key: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }
                .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) }
        }
        guard let server = value("server"), let caData = value("certificate-authority-data"), let token = value("token"),
            let ca = Data(base64Encoded: caData)
        else { throw TestSupportError("the kubeconfig in \(dir) lacks server, CA or token") }
        return (server, String(decoding: ca, as: UTF8.self), token)
    }

    @Test("Acknowledged writes survive kill -9 with their resourceVersions")
    func killNineLosesNothingAcknowledged() async throws {
        try await withTemporaryDirectory { root in
            let args = ["--clusters", "east", "--dir", root + "/sim", "--state", root + "/state", "--no-mesh", "--flavor", "kubernetes"]
            let acknowledged = Acknowledged()
            for round in 0..<Self.rounds {
                let sim = try await SimProcess.start(args)
                let (url, ca, token) = try Self.access(root + "/sim")
                // Everything acknowledged so far is there, with its resourceVersion.
                let reader = try SimHTTPClient(baseURL: url, caPEM: ca, token: token)
                for (name, rv) in acknowledged.withLock({ $0 }) {
                    let got = try await reader.request("GET", "/api/v1/namespaces/default/configmaps/\(name)")
                    #expect(got.status == 200, "round \(round): \(name) acknowledged but lost")
                    #expect(got.json?[path: ["metadata", "resourceVersion"]]?.stringValue == rv, "round \(round): \(name) has another resourceVersion")
                }
                try? await reader.shutdown()
                // Four writers until the kill.
                let writers = (0..<4).map { w in
                    Task {
                        guard let http = try? SimHTTPClient(baseURL: url, caPEM: ca, token: token) else { return }
                        var n = 0
                        while !Task.isCancelled {
                            let name = "r\(round)-w\(w)-\(n)"
                            n += 1
                            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"n":"\#(n)"}}"#
                            guard let reply = try? await http.request("POST", "/api/v1/namespaces/default/configmaps", body: body) else { break }
                            if reply.status == 201, let rv = reply.json?[path: ["metadata", "resourceVersion"]]?.stringValue {
                                acknowledged.withLock { $0[name] = rv }
                            }
                        }
                        try? await http.shutdown()
                    }
                }
                // Some writes of this round acknowledged first (a loaded machine may take a while), then a random moment.
                let before = acknowledged.withLock { $0.count }
                let deadline = ContinuousClock.now + .seconds(20)
                while acknowledged.withLock({ $0.count }) < before + 5 && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...1000)))
                kill(sim.process.processIdentifier, SIGKILL)
                sim.process.waitUntilExit()
                for w in writers { w.cancel() }
                for w in writers { await w.value }
            }
            // One last restart checks the last round.
            let sim = try await SimProcess.start(args)
            let (url, ca, token) = try Self.access(root + "/sim")
            let reader = try SimHTTPClient(baseURL: url, caPEM: ca, token: token)
            let all = acknowledged.withLock { $0 }
            #expect(all.count > 10, "too few writes acknowledged to mean anything: \(all.count)")
            var lost = 0
            for (name, rv) in all {
                let got = try await reader.request("GET", "/api/v1/namespaces/default/configmaps/\(name)")
                if got.status != 200 || got.json?[path: ["metadata", "resourceVersion"]]?.stringValue != rv { lost += 1 }
            }
            #expect(lost == 0, "\(lost) of \(all.count) acknowledged writes lost or changed")
            try? await reader.shutdown()
            await sim.stop()
        }
    }
}
