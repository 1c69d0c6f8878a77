public import Foundation

/// Finding the processes the simulator's kubelet runs for pods, by their working directory (each container runs in
/// its own directory under the simulator's `pods/<cluster>/`).
public enum RunningPodsSupport {
    /// Processes whose working directory is under `directory`.
    public static func processes(under directory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"))?.hasPrefix(directory) == true
        }
    }

    /// The container's command (not its watchdog) in a pod's directory, recognised by a word of its command line.
    public static func commandPID(pod: String, under directory: String, containing word: String) -> Int32? {
        processes(under: directory).first { pid in
            let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
            let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            return cwd.contains("_\(pod)_") && !cmdline.hasPrefix("/bin/sh") && cmdline.contains(word)
        }
    }

    /// Polls `check` until it holds, or throws after `timeout`.
    public static func poll(_ what: String, timeout: Duration = .seconds(30), _ check: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSupportError("timed out waiting for \(what)")
    }
}
