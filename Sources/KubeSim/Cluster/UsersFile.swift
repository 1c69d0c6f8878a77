import Foundation

/// The `--users FILE` format: `user:password[:group1,group2]` per line; `#` comments and blank lines are ignored.
public enum UsersFile {
    /// Parses the file's text.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file's path, for error messages.
    /// - Returns: the users, in file order.
    /// - Throws: ``SimError/usersFile(path:line:reason:)`` for a malformed line or a user listed twice.
    public static func parse(_ text: String, path: String) throws -> [SimUser] {
        var users: [SimUser] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw SimError.usersFile(path: path, line: i + 1, reason: "expected user:password[:group1,group2]")
            }
            if users.contains(where: { $0.name == parts[0] }) {
                throw SimError.usersFile(path: path, line: i + 1, reason: "user \"\(parts[0])\" is listed twice")
            }
            let groups = parts.count == 3 ? parts[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
            users.append(SimUser(name: parts[0], password: parts[1], groups: groups))
        }
        return users
    }

    /// The file text of `users`, one line each, as ``parse(_:path:)`` reads it back.
    public static func render(_ users: [SimUser]) -> String {
        users.map { u in u.groups.isEmpty ? "\(u.name):\(u.password)" : "\(u.name):\(u.password):\(u.groups.joined(separator: ","))" }
            .joined(separator: "\n") + "\n"
    }
}
