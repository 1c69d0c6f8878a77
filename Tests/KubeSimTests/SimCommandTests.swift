import Foundation
import KubeTypes
import SimTestSupport
import SkoposModel
import Testing

/// The `skopos sim` command line itself: the files it writes and the lines it prints.
@Suite(.serialized)
struct SimCommandTests {
    @Test func simWritesKubeconfigSimJSONAndUsers() async throws {
        try await withTemporaryDirectory { dir in
            let sim = try await SimProcess.start(["--clusters", "east,west", "--dir", dir + "/sim"])
            defer { sim.kill() }
            let lines = sim.lines
            #expect(lines.contains { $0.hasPrefix("east: https://127.0.0.1:") })
            #expect(lines.contains { $0.hasPrefix("west: https://127.0.0.1:") })
            #expect(lines.last == "kubeconfig: \(dir)/sim/kubeconfig")
            let simJSON = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/sim/sim.json"))))
            for name in ["east", "west"] {
                #expect(simJSON[path: ["clusters", name, "apiURL"]]?.stringValue?.hasPrefix("https://127.0.0.1:") == true)
                #expect(simJSON[path: ["clusters", name, "oauthURL"]] != nil)
                #expect(simJSON[path: ["clusters", name, "routerURL"]] != nil)
            }
            let users = try String(contentsOfFile: dir + "/sim/users", encoding: .utf8)
            #expect(users.hasPrefix("admin:"))
            #expect(users.contains("\ndeveloper:"))
            let kubectl = Kubectl(kubeconfig: dir + "/sim/kubeconfig", home: dir)
            let contexts = try await kubectl.check(["config", "get-contexts", "-o", "name"])
            #expect(contexts.split(separator: "\n").sorted() == ["east", "west"])
            let version = try await kubectl.check(["--context", "west", "version", "-o", "json"])
            #expect(version.contains("skopos-sim"))
            // SIGINT stops it cleanly.
            #expect(await sim.stop(timeout: .seconds(20)))
            #expect(sim.process.terminationReason == .exit)
        }
    }

    @Test func badArgumentsAreReported() async throws {
        let binary = try #require(SimProcess.binary)
        try await withTemporaryDirectory { dir in
            for (args, message) in [
                (["sim", "--clusters", "East_1", "--dir", dir], "not a valid cluster name"),
                (["sim", "--flavor", "mesos", "--dir", dir], "The value 'mesos' is invalid for '--flavor <flavor>'"),
                (["sim", "--users", dir + "/missing", "--dir", dir], "cannot read"),
            ] {
                let result = try await runProcess([binary] + args)
                #expect(result.status != 0)
                #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            }
        }
    }
}
