import Foundation
import KubeTypes
import SimTestSupport
import Testing

/// The `skopos sim` command line itself: the files it writes and the lines it prints.
@Suite(.serialized)
struct SimCommandTests {
    /// The `skopos` binary next to the test bundle (SwiftPM puts products of one build in one folder).
    static var binary: String? {
        if let env = ProcessInfo.processInfo.environment["SKOPOS_BIN"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("skopos").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = root.appendingPathComponent(".build/debug/skopos").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    @Test func simWritesKubeconfigSimJSONAndUsers() async throws {
        let binary = try #require(Self.binary, "build the skopos binary first (make test does)")
        try await withTemporaryDirectory { dir in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["sim", "--clusters", "east,west", "--dir", dir + "/sim"]
            let out = PipeCollector()
            process.standardOutput = out.pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            try await out.waitFor("kubeconfig: ")
            try await Task.sleep(for: .milliseconds(50))
            let text = out.text
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("east: https://127.0.0.1:") })
            #expect(lines.contains { $0.hasPrefix("west: https://127.0.0.1:") })
            #expect(lines.last == "kubeconfig: \(dir)/sim/kubeconfig")
            let sim = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/sim/sim.json"))))
            for name in ["east", "west"] {
                #expect(sim[path: ["clusters", name, "apiURL"]]?.stringValue?.hasPrefix("https://127.0.0.1:") == true)
                #expect(sim[path: ["clusters", name, "oauthURL"]] != nil)
                #expect(sim[path: ["clusters", name, "routerURL"]] != nil)
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
            process.interrupt()
            let stopBy = ContinuousClock.now + .seconds(20)
            while process.isRunning && ContinuousClock.now < stopBy { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!process.isRunning)
            #expect(process.terminationReason == .exit)
        }
    }

    @Test func badArgumentsAreReported() async throws {
        let binary = try #require(Self.binary)
        try await withTemporaryDirectory { dir in
            for (args, message) in [
                (["sim", "--clusters", "East_1", "--dir", dir], "not a valid cluster name"),
                (["sim", "--flavor", "mesos", "--dir", dir], "--flavor must be openshift or kubernetes"),
                (["sim", "--users", dir + "/missing", "--dir", dir], "cannot read"),
            ] {
                let result = try await runProcess([binary] + args)
                #expect(result.status != 0)
                #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            }
        }
    }
}
