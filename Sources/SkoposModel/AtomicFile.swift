import Foundation

/// Files written whole or not at all, with the permissions asked for: the simulator's state, kubeconfig and users,
/// the demo's files beside them.
public enum AtomicFile {
    /// Why a file could not be written: the path and the system's reason.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// The file that could not be written.
        public var path: String
        /// Why.
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes to a temporary file in the same directory, then renames it over the target.
    /// - Throws: ``WriteError`` naming the file.
    public static func write(_ bytes: [UInt8], to path: String, mode: Int) throws(WriteError) {
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
            throw WriteError(path: path, reason: "cannot create \(temp)")
        }
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw WriteError(path: path, reason: "cannot rename \(temp) over it: \(reason)")
        }
    }
}
