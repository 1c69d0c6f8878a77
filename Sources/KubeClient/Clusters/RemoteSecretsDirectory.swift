import Crypto
import Foundation

/// Reads the remote-cluster secrets directory (`/kiali-remote-cluster-secrets` by default): one sub-directory per
/// Secret, one file per cluster, each a kubeconfig with exactly one cluster. Pure scanning; `ClusterRegistry` calls it
/// again and again to see files appear, change and disappear without a restart.
public struct RemoteSecretsDirectory: Sendable {
    public let path: String

    public init(path: String = "/kiali-remote-cluster-secrets") {
        self.path = path
    }

    /// One cluster file found in the directory.
    public struct Entry: Sendable, Equatable {
        /// `<dir>/<secret>/<file>`.
        public var path: String
        /// The Secret (sub-directory) name.
        public var secretName: String
        /// The cluster name from the kubeconfig.
        public var clusterName: String
        public var cluster: ResolvedCluster
        /// A digest of the file, to notice rotation.
        public var fingerprint: String
    }

    /// A file that could not be used, with the reason (file and field named, no secrets).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Everything found in one pass. A missing directory is simply empty.
    public struct Scan: Sendable, Equatable {
        public var entries: [Entry]
        public var problems: [Problem]
    }

    /// Lists the directory. Entries whose names start with `..` (the atomic-writer's `..data` and `..<timestamp>`)
    /// are skipped; files that vanish between listing and reading are skipped; a cluster defined twice keeps the
    /// first (in path order) and reports the second.
    public func scan() -> Scan {
        let fm = FileManager.default
        var entries: [Entry] = []
        var problems: [Problem] = []
        guard let secrets = try? fm.contentsOfDirectory(atPath: path) else { return Scan(entries: [], problems: []) }
        for secret in secrets.sorted() where !secret.hasPrefix("..") && !secret.hasPrefix(".") {
            let secretPath = path + "/" + secret
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: secretPath, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard let files = try? fm.contentsOfDirectory(atPath: secretPath) else { continue }
            for file in files.sorted() where !file.hasPrefix("..") && !file.hasPrefix(".") {
                let filePath = secretPath + "/" + file
                var fileIsDirectory: ObjCBool = false
                guard fm.fileExists(atPath: filePath, isDirectory: &fileIsDirectory), !fileIsDirectory.boolValue,
                    let data = fm.contents(atPath: filePath)
                else { continue }
                do {
                    let (name, cluster) = try KubeconfigLoader.loadRemoteClusterFile(path: filePath)
                    if let existing = entries.first(where: { $0.clusterName == name }) {
                        problems.append(Problem(path: filePath, reason: "cluster \"\(name)\" is already defined by \(existing.path); ignored"))
                        continue
                    }
                    let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                    entries.append(Entry(path: filePath, secretName: secret, clusterName: name, cluster: cluster, fingerprint: digest))
                } catch {
                    problems.append(Problem(path: filePath, reason: "\(error)"))
                }
            }
        }
        return Scan(entries: entries, problems: problems)
    }
}
