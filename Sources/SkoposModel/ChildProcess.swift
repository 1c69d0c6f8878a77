public import Foundation
import Synchronization

/// Why a child process could not be started: which one and the system's reason.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "cannot start \(name): \(reason)" }
}

/// A child process that cannot outlive us: it runs under a small `sh` watchdog that forwards SIGTERM/SIGINT to it
/// and stops it when our process is gone, even after SIGKILL. Output goes to a log file.
///
/// Started with `posix_spawn` in a process group of its own, with an empty signal mask, default signal handlers and
/// no file descriptors of ours beyond 0–2: a server that ignores or blocks SIGTERM for its own reasons (ours does,
/// for graceful shutdown) would otherwise hand that to every child, which then could not be stopped politely.
public actor ChildProcess {
    public nonisolated let name: String
    public nonisolated let logFile: String
    /// The watchdog's process ID (the command is its child), also its process group.
    public nonisolated let pid: Int32
    let exit: ExitBox

    /// The watchdog: changes to the working directory, runs the command in the background, stops it on
    /// TERM/INT/HUP or when the parent is gone (SIGKILL after 10 more seconds), and exits with its status.
    static let watchdog = """
        stop=0
        child=
        trap 'stop=1; [ -n "$child" ] && kill -TERM $child 2>/dev/null' TERM INT HUP
        parent=$PPID
        cd "$1" || exit 126
        shift
        "$@" &
        child=$!
        [ $stop = 1 ] && kill -TERM $child 2>/dev/null
        orphaned=0
        while kill -0 $child 2>/dev/null; do
          if ! kill -0 $parent 2>/dev/null; then
            orphaned=$((orphaned + 1))
            [ $orphaned = 1 ] && kill -TERM $child 2>/dev/null
            [ $orphaned -ge 33 ] && kill -KILL $child 2>/dev/null
          fi
          sleep 0.3
        done
        wait $child
        """

    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Starts `executable` with `arguments`, output appended to `logFile`.
    /// - Parameters:
    ///   - environment: the whole environment of the command; `nil` inherits ours.
    ///   - workingDirectory: where the command runs; `nil` for ours.
    /// - Throws: ``ChildProcessError`` naming the process when the log file cannot be written or the start fails.
    public init(
        name: String, executable: String, arguments: [String], logFile: String, environment: [String: String]? = nil,
        workingDirectory: String? = nil
    ) throws(ChildProcessError) {
        self.name = name
        self.logFile = logFile
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw ChildProcessError(name: name, reason: "cannot write the log file \(logFile): \(String(cString: strerror(errno)))") }
        defer { close(log) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        // glibc 2.34's closefrom action, looked up at run time (Swift's Glibc module does not export it).
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let directory = workingDirectory ?? FileManager.default.currentDirectoryPath
        let argv = ["/bin/sh", "-c", Self.watchdog, "sh", directory, executable] + arguments
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let result = withCStrings(argv) { cArgv in
            withCStrings(env) { cEnv in posix_spawn(&child, "/bin/sh", &actions, &attributes, cArgv, cEnv) }
        }
        guard result == 0 else { throw ChildProcessError(name: name, reason: String(cString: strerror(result))) }
        self.pid = child
        let exit = ExitBox()
        self.exit = exit
        // Reaps the watchdog: its status is the command's (128 + signal when killed).
        Task.detached {
            while true {
                var status: Int32 = 0
                let r = waitpid(child, &status, WNOHANG)
                if r == child {
                    exit.finish(status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
                    return
                }
                if r < 0 && errno != EINTR {
                    exit.finish(-1)
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Whether the process has ended, and with which status.
    public nonisolated var exitStatus: Int32? { exit.status }

    /// The command's own process ID (the watchdog's child), read from `/proc`; `nil` once it has ended.
    public nonisolated var commandPID: Int32? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Waits for the process to end.
    public func wait() async -> Int32 { await exit.wait() }

    /// Asks the process to stop (SIGTERM through the watchdog), then waits; after `grace`, kills it and its children.
    public func stop(grace: Duration = .seconds(10)) async {
        guard exit.status == nil else { return }
        kill(pid, SIGTERM)
        let exit = self.exit
        let pid = self.pid
        // A task of its own, so that a cancelled caller still waits (its sleeps would end at once).
        await Task {
            let deadline = ContinuousClock.now + grace
            while exit.status == nil && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if exit.status == nil {
                // The watchdog did not end in time: kill its process group (it was started in one of its own).
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = await exit.wait()
            }
        }.value
    }

    /// Runs a command to completion (for short tools such as promtool) and returns its exit status.
    public static func runToCompletion(_ executable: String, _ arguments: [String], logFile: String) async throws(ChildProcessError) -> Int32 {
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

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
