import Foundation
import SkoposModel
import Yams

/// Writes the kubeconfig of simulated clusters: one context per cluster, named after it, whose user is the
/// cluster-admin token and whose CA is the cluster's own.
public enum Kubeconfig {
    public struct Entry: Sendable {
        public var name: String
        public var server: String
        public var caPEM: String
        public var token: String

        public init(name: String, server: String, caPEM: String, token: String) {
            self.name = name
            self.server = server
            self.caPEM = caPEM
            self.token = token
        }
    }

    /// The kubeconfig text; the current context is the first cluster.
    public static func render(_ entries: [Entry]) -> String {
        var clusters: [[String: Any]] = []
        var contexts: [[String: Any]] = []
        var users: [[String: Any]] = []
        for e in entries {
            clusters.append(["name": e.name, "cluster": ["server": e.server, "certificate-authority-data": Data(e.caPEM.utf8).base64EncodedString()]])
            contexts.append(["name": e.name, "context": ["cluster": e.name, "user": "\(e.name)-admin", "namespace": "default"]])
            users.append(["name": "\(e.name)-admin", "user": ["token": e.token]])
        }
        let document: [String: Any] = [
            "apiVersion": "v1", "kind": "Config", "preferences": [String: Any](), "clusters": clusters, "contexts": contexts,
            "users": users, "current-context": entries.first?.name ?? "",
        ]
        return (try? Yams.dump(object: document, sortKeys: true)) ?? ""
    }

    /// Writes atomically with mode 0600 (it holds tokens).
    public static func write(_ entries: [Entry], to path: String) throws {
        try AtomicFile.write(Array(render(entries).utf8), to: path, mode: 0o600)
    }
}

/// The `--users FILE` format: `user:password[:group1,group2]` per line; `#` comments and blank lines are ignored.
public enum UsersFile {
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

    public static func render(_ users: [SimUser]) -> String {
        users.map { u in u.groups.isEmpty ? "\(u.name):\(u.password)" : "\(u.name):\(u.password):\(u.groups.joined(separator: ","))" }
            .joined(separator: "\n") + "\n"
    }
}
