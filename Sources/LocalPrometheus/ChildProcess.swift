import Foundation
import Synchronization

/// A child process that cannot outlive us: it runs under a small `sh` watchdog that forwards SIGTERM/SIGINT to it
/// and stops it when our process is gone, even after SIGKILL. Output goes to a log file.
public actor ChildProcess {
    public nonisolated let name: String
    public nonisolated let logFile: String
    /// The watchdog's process ID (the command is its child).
    public nonisolated let pid: Int32
    let process: Process
    let exit: ExitBox

    /// The watchdog: runs the command in the background, stops it on TERM/INT/HUP or when the parent is gone, and
    /// exits with its status.
    static let watchdog = """
        stop=0
        child=
        trap 'stop=1; [ -n "$child" ] && kill -TERM $child 2>/dev/null' TERM INT HUP
        parent=$PPID
        "$@" &
        child=$!
        [ $stop = 1 ] && kill -TERM $child 2>/dev/null
        while kill -0 $child 2>/dev/null; do
          kill -0 $parent 2>/dev/null || kill -TERM $child 2>/dev/null
          sleep 0.3
        done
        wait $child
        """

    /// Starts `executable` with `arguments`, output appended to `logFile`.
    public init(name: String, executable: String, arguments: [String], logFile: String) throws {
        self.name = name
        self.logFile = logFile
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logFile) else {
            throw LocalPrometheusError.failed("cannot write the log file \(logFile)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", Self.watchdog, "sh", executable] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        let exit = ExitBox()
        process.terminationHandler = { p in exit.finish(p.terminationStatus) }
        try process.run()
        try? log.close()
        self.process = process
        self.exit = exit
        self.pid = process.processIdentifier
    }

    /// Whether the process has ended, and with which status.
    public var exitStatus: Int32? { exit.status }

    /// Waits for the process to end.
    public func wait() async -> Int32 { await exit.wait() }

    /// Asks the process to stop (SIGTERM through the watchdog), then waits; after `grace`, kills it and its children.
    public func stop(grace: Duration = .seconds(10)) async {
        guard exit.status == nil else { return }
        process.terminate()
        let exit = self.exit
        let pid = self.pid
        // A task of its own, so that a cancelled caller still waits (its sleeps would end at once).
        await Task {
            let deadline = ContinuousClock.now + grace
            while exit.status == nil && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if exit.status == nil {
                // The watchdog did not end in time: kill its process group (Foundation spawns it in one of its own).
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = await exit.wait()
            }
        }.value
    }

    /// Runs a command to completion (for short tools such as promtool) and returns its exit status.
    public static func runToCompletion(_ executable: String, _ arguments: [String], logFile: String) async throws -> Int32 {
        let child = try ChildProcess(name: URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments, logFile: logFile)
        return await withTaskCancellationHandler {
            await child.wait()
        } onCancel: {
            Task { await child.stop() }
        }
    }
}

/// The exit status of a process, set once by its termination handler, awaited by any number of tasks.
final class ExitBox: Sendable {
    struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }
    let state = Mutex(State())

    func finish(_ status: Int32) {
        let waiters = state.withLock { s -> [CheckedContinuation<Int32, Never>] in
            s.status = status
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: status) }
    }

    var status: Int32? { state.withLock { $0.status } }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let done = state.withLock { s -> Int32? in
                if let status = s.status { return status }
                s.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}
