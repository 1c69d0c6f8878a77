import Foundation

/// Runs the real `kubectl` against a kubeconfig, with a private HOME so its discovery cache is the test's own.
public struct Kubectl: Sendable {
    public let kubeconfig: String
    public let home: String
    /// The kubectl binary; `nil` means `Kubectl.executable`.
    public let binary: String?

    public init(kubeconfig: String, home: String, binary: String? = nil) {
        self.kubeconfig = kubeconfig
        self.home = home
        self.binary = binary
    }

    /// Every kubectl this machine has for the tests: `$KUBECTL` or the one on `PATH`, plus Debian's
    /// `kubernetes-client` (1.20) unpacked by `make test` into `.build/kubectl-debian`, so old and new clients are
    /// both checked.
    public static var all: [String] {
        var found: [String] = []
        if let e = executable { found.append(e) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let debian = root.appendingPathComponent(".build/kubectl-debian/usr/bin/kubectl").path
        if FileManager.default.isExecutableFile(atPath: debian) { found.append(debian) }
        var seen: Set<String> = []
        return found.filter { seen.insert((try? FileManager.default.destinationOfSymbolicLink(atPath: $0)) ?? $0).inserted }
    }

    /// The result of one kubectl run.
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public var succeeded: Bool { status == 0 }
        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// The kubectl executable: `$KUBECTL`, else the first `kubectl` on `PATH`.
    public static var executable: String? {
        if let env = ProcessInfo.processInfo.environment["KUBECTL"], !env.isEmpty { return env }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts kubectl without waiting, for commands that block (`wait`, `get --watch`).
    public func start(_ arguments: [String], stdin: String? = nil) throws -> RunningKubectl {
        guard let executable = binary ?? Self.executable else { throw TestSupportError("kubectl is not installed (make test installs kubernetes-client)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig
        env["HOME"] = home
        process.environment = env
        let out = PipeCollector()
        let err = PipeCollector()
        process.standardOutput = out.pipe
        process.standardError = err.pipe
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        return RunningKubectl(process: process, out: out, err: err)
    }

    /// Runs kubectl to completion.
    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil) async throws -> Result {
        try await start(arguments, stdin: stdin).wait()
    }

    /// Runs kubectl, failing with its output when it exits non-zero.
    @discardableResult
    public func check(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let r = try await run(arguments, stdin: stdin)
        guard r.succeeded else { throw TestSupportError("kubectl \(arguments.joined(separator: " ")) failed: \(r)") }
        return r.stdout
    }
}

/// A kubectl process started by `Kubectl.start`.
public final class RunningKubectl {
    let process: Process
    let out: PipeCollector
    let err: PipeCollector

    init(process: Process, out: PipeCollector, err: PipeCollector) {
        self.process = process
        self.out = out
        self.err = err
    }

    /// Standard output so far.
    public var outputSoFar: String { out.text }

    /// Waits until standard output contains `text`, up to `timeout`.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(20)) async throws {
        try await out.waitFor(text, timeout: timeout)
    }

    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Waits for the process to exit and returns its output.
    public func wait(timeout: Duration = .seconds(60)) async throws -> Kubectl.Result {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw TestSupportError("kubectl \(process.arguments ?? []) did not finish within \(timeout); output: \(outputSoFar)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Kubectl.Result(status: process.terminationStatus, stdout: await out.finish(), stderr: await err.finish())
    }
}
