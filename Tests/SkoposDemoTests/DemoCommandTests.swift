import Foundation
import SimTestSupport
import Testing

/// `skopos demo` as a user runs it: a separate process, stopped with Ctrl-C (SIGINT).
@Suite("skopos demo command", .timeLimit(.minutes(3)))
struct DemoCommandTests {
    @Test("Prints the URLs and demo.json; Ctrl-C stops every process it started")
    func ctrlC() async throws {
        _ = try TestPrometheus.tools()  // fails at once with the reason, rather than waiting for a line that never comes
        try await withTemporaryDirectory { dir in
            let demo = try await SimProcess.start(["--dir", dir, "--scrape-interval", "1"], command: "demo", ready: "demo.json: ", timeout: .seconds(120))
            let text = demo.output.text
            #expect(text.contains("prometheus (federated): http://127.0.0.1:"))
            #expect(text.contains("kubeconfig: \(dir)/kubeconfig"))
            #expect(FileManager.default.fileExists(atPath: dir + "/demo.json"))
            #expect(ProcessTable.commandLines(containing: dir + "/prometheus/").count >= 3)
            // The fault switch answers through the CLI.
            let fault = try await runProcess([try #require(SimProcess.binary), "fault", "--dir", dir, "west/bookinfo/reviews-v3", "--percent", "50"])
            #expect(fault.status == 0, "\(fault)")
            #expect(fault.stdout.contains("\"percent\":50"))
            let list = try await runProcess([try #require(SimProcess.binary), "fault", "--dir", dir, "--list"])
            #expect(list.stdout.contains("west/bookinfo/reviews-v3"))
            #expect(await demo.stop(timeout: .seconds(30)))
            #expect(demo.process.terminationStatus == 0)
            #expect(await ProcessTable.waitUntilGone(dir).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: dir + "/demo.json"))
        }
    }

    @Test("Even after kill -9, no Prometheus outlives the demo")
    func killed() async throws {
        _ = try TestPrometheus.tools()
        try await withTemporaryDirectory { dir in
            let demo = try await SimProcess.start(["--dir", dir, "--scrape-interval", "1"], command: "demo", ready: "demo.json: ", timeout: .seconds(120))
            #expect(ProcessTable.commandLines(containing: dir + "/prometheus/").count >= 3)
            kill(demo.process.processIdentifier, SIGKILL)
            #expect(await ProcessTable.waitUntilGone(dir + "/prometheus/").isEmpty)
        }
    }

    @Test("Without Prometheus, the demo says how to install it and exits non-zero before starting anything")
    func prometheusMissing() async throws {
        try await withTemporaryDirectory { dir in
            let binary = try #require(SimProcess.binary)
            let result = try await runProcess(["-u", "SKOPOS_PROMETHEUS", "-u", "SKOPOS_PROMTOOL", "PATH=/nonexistent", binary, "demo", "--dir", dir])
            #expect(result.status != 0)
            #expect(result.stderr.contains("prometheus is not installed"), "\(result.stderr)")
            #expect(result.stderr.contains("apt-get install --no-install-recommends prometheus"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/kubeconfig"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/demo.json"))
        }
    }

    @Test("A malformed scenario stops the demo before it starts, naming the line and the reason")
    func malformedScenario() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/bad.yaml"
            try "clusters: [east]\nnamespaces:\n  - name: shop\n    workloads:\n      - {name: web, clusters: [east], replicas: many}\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            let result = try await runProcess([try #require(SimProcess.binary), "demo", "--dir", dir, "--scenario", path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("scenario \(path):5:"), "\(result.stderr)")
            #expect(result.stderr.contains("replicas must be a whole number"), "\(result.stderr)")
            #expect(ProcessTable.commandLines(containing: dir + "/prometheus").isEmpty)
        }
    }
}
