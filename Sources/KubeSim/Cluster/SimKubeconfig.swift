public import KubeTypes
import SkoposModel
import Yams

/// Writes the kubeconfig of simulated clusters: one context per cluster, named after it, whose user
/// (`<name>-admin`) holds the cluster-admin token, whose CA is the cluster's own and whose namespace is `default`.
///
/// The document is a KubeTypes ``Kubeconfig`` value encoded with Yams, so kubectl, client-go, the Python client and
/// our own `KubeconfigLoader` read it.
public enum SimKubeconfig {
    /// One simulated cluster as the kubeconfig sees it.
    public struct Entry: Sendable {
        /// The cluster's name: also the name of its cluster and context entries, and the prefix of its user's.
        public var name: String
        /// The API server URL, e.g. `https://127.0.0.1:6443`.
        public var server: String
        /// The cluster CA certificate, PEM; written base64-encoded as `certificate-authority-data`.
        public var caPEM: String
        /// The cluster-admin bearer token.
        public var token: String

        /// Creates an entry.
        /// - Parameters:
        ///   - name: the cluster's name.
        ///   - server: the API server URL.
        ///   - caPEM: the cluster CA certificate (PEM).
        ///   - token: the cluster-admin token.
        public init(name: String, server: String, caPEM: String, token: String) {
            self.name = name
            self.server = server
            self.caPEM = caPEM
            self.token = token
        }
    }

    /// The kubeconfig of `entries`; the current context is the first cluster.
    /// - Parameter entries: the clusters, in order.
    /// - Returns: one cluster, one `<name>-admin` user and one context (namespace `default`) per entry.
    public static func document(_ entries: [Entry]) -> Kubeconfig {
        Kubeconfig(
            clusters: entries.map { e in
                .init(name: e.name, cluster: .init(server: e.server, certificateAuthorityData: Array(e.caPEM.utf8)))
            },
            users: entries.map { e in .init(name: userName(e.name), user: .init(token: e.token)) },
            contexts: entries.map { e in
                .init(name: e.name, context: .init(cluster: e.name, user: userName(e.name), namespace: "default"))
            },
            currentContext: entries.first?.name
        )
    }

    /// The kubeconfig text (YAML) of `entries`; see ``document(_:)``.
    /// - Throws: `EncodingError` if Yams cannot encode the document.
    public static func render(_ entries: [Entry]) throws -> String {
        try YAMLEncoder().encode(document(entries))
    }

    /// Writes the kubeconfig of `entries` to `path`, atomically and with mode 0600 (it holds tokens).
    /// - Throws: `EncodingError` from encoding, or the error of writing the file.
    public static func write(_ entries: [Entry], to path: String) throws {
        try AtomicFile.write(Array(render(entries).utf8), to: path, mode: 0o600)
    }

    /// The user entry of a cluster: `<cluster>-admin`.
    private static func userName(_ cluster: String) -> String { "\(cluster)-admin" }
}
