import Foundation
import SimTestSupport
import Testing

/// The official Kubernetes Python client against the simulator: another conformant client that must work.
@Suite struct PythonClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The virtualenv `make test` creates with the `kubernetes` package.
    static let python = root.appendingPathComponent(".build/pyclient/bin/python").path
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: python) }

    @Test(.enabled(if: installed, "make test installs the Python client into .build/pyclient"))
    func officialPythonClientListsCreatesWatchesAndGetsErrors() async throws {
        try await withSimulator { sim in
            let script = Self.root.appendingPathComponent("Tests/Clients/python_client.py").path
            let result = try await runProcess([Self.python, script, sim.kubeconfig, "east"], timeout: .seconds(120))
            #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            #expect(result.stdout.contains("watch MODIFIED"))
            #expect(result.stdout.hasSuffix("ok\n"))
        }
    }
}
