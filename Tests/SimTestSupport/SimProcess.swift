public import Foundation

/// `skopos sim` run as a separate process, as a user runs it; stopped when the value is discarded via `stop()`.
public final class SimProcess {
    public let process = Process()
    public let output = PipeCollector()

    /// The `skopos` binary: `$SKOPOS_BIN`, else next to the test bundle, else `.build/debug/skopos`.
    public static var binary: String? {
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

    /// Starts `skopos sim` (or another subcommand) with `arguments` and waits for the line starting `ready`.
    /// - Returns: the process; its `output.text` holds the lines it printed.
    public static func start(_ arguments: [String], command: String = "sim", ready: String = "kubeconfig: ", timeout: Duration = .seconds(60)) async throws -> SimProcess {
        guard let binary else { throw TestSupportError("build the skopos binary first (make test does)") }
        let sim = SimProcess()
        sim.process.executableURL = URL(fileURLWithPath: binary)
        sim.process.arguments = [command] + arguments
        sim.process.standardOutput = sim.output.pipe
        sim.process.standardError = FileHandle.nullDevice
        try sim.process.run()
        do {
            try await sim.output.waitFor(ready, timeout: timeout)
            try await sim.output.waitFor("\n", timeout: .seconds(5))
        } catch {
            sim.kill()
            throw error
        }
        return sim
    }

    /// The printed lines.
    public var lines: [String] { output.text.split(separator: "\n").map(String.init) }

    /// Interrupts the process (as Ctrl-C) and waits for it to exit.
    /// - Returns: whether it exited by itself within the timeout.
    @discardableResult
    public func stop(timeout: Duration = .seconds(20)) async -> Bool {
        if process.isRunning { process.interrupt() }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            return false
        }
        return true
    }

    /// Terminates without waiting.
    public func kill() {
        if process.isRunning { process.terminate() }
    }
}
