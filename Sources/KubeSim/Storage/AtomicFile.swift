import Foundation

/// Files written whole or not at all, with the permissions asked for: the simulator's state, kubeconfig and users,
/// and the demo's files beside them.
public enum AtomicFile {
    /// Writes to a temporary file in the same directory, then renames it over the target.
    /// - Throws: `SimError.state` naming the file.
    public static func write(_ bytes: [UInt8], to path: String, mode: Int) throws {
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
            throw SimError.state("cannot write \(temp)")
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw SimError.state("cannot rename \(temp) to \(path): \(reason)")
        }
    }
}
