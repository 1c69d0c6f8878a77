/// A kubeconfig document (`apiVersion: v1`, `kind: Config`): clusters, users, contexts and the current context.
///
/// A pure `Codable` value: only the fields the console uses are modelled, and unknown keys (`preferences`,
/// `extensions`, `auth-provider`, …) are ignored. The `*-data` fields are base64 in the document and hold the decoded
/// raw bytes here (PEM text, normally). Encoding writes a `v1` `Config` document that kubectl and client-go read.
///
/// The YAML side lives with the modules that have Yams: KubeClient's `KubeconfigLoader` reads a kubeconfig from disk
/// (resolving relative file paths against the file's directory, reporting errors with file and field, and setting
/// ``source`` and each entry's ``Origin``) and resolves a context into a connection; the simulator writes one for its
/// clusters.
///
/// Equality compares the configuration only, not ``source`` or where each entry came from.
public struct Kubeconfig: Sendable, Equatable {
    /// The `clusters` list.
    public var clusters: [NamedCluster]
    /// The `users` list.
    public var users: [NamedUser]
    /// The `contexts` list.
    public var contexts: [NamedContext]
    /// The `current-context`; `nil` when absent or empty.
    public var currentContext: String?
    /// Where this configuration came from (a path, a `:`-joined list of paths, or a description), for messages.
    /// Not part of the document and not compared by `==`.
    public var source: String?

    /// Creates a configuration from its parts.
    /// - Parameters:
    ///   - clusters: the `clusters` entries.
    ///   - users: the `users` entries.
    ///   - contexts: the `contexts` entries.
    ///   - currentContext: the `current-context`; an empty string is treated as unset.
    ///   - source: where it came from, used in error messages.
    public init(
        clusters: [NamedCluster] = [],
        users: [NamedUser] = [],
        contexts: [NamedContext] = [],
        currentContext: String? = nil,
        source: String? = nil
    ) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
    }

    /// Compares clusters, users, contexts and current context.
    public static func == (lhs: Kubeconfig, rhs: Kubeconfig) -> Bool {
        lhs.clusters == rhs.clusters && lhs.users == rhs.users && lhs.contexts == rhs.contexts
            && lhs.currentContext == rhs.currentContext
    }

    /// Where an entry was defined: the file (or source name) and its index in that file's list.
    ///
    /// Set by a loader so that errors about an entry of a merged configuration name the file and field it came from
    /// (`/k/b: users[2].user.client-key`). Not part of the document and not compared by `==`.
    public struct Origin: Sendable, Hashable {
        /// The file path or source name.
        public var file: String
        /// The entry's index in its list (`clusters`, `users` or `contexts`) in that file.
        public var index: Int

        /// Creates an origin.
        /// - Parameters:
        ///   - file: the file path or source name.
        ///   - index: the entry's index in its list in that file.
        public init(file: String, index: Int) {
            self.file = file
            self.index = index
        }
    }
}

// MARK: - Codable

extension Kubeconfig: Codable {
    enum CodingKeys: String, CodingKey {
        case apiVersion, kind, clusters, users, contexts
        case currentContext = "current-context"
    }

    /// Decodes a kubeconfig document; absent or null lists are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            clusters: try c.decodeIfPresent([NamedCluster].self, forKey: .clusters) ?? [],
            users: try c.decodeIfPresent([NamedUser].self, forKey: .users) ?? [],
            contexts: try c.decodeIfPresent([NamedContext].self, forKey: .contexts) ?? [],
            currentContext: try c.decodeIfPresent(String.self, forKey: .currentContext)
        )
    }

    /// Encodes a `v1` `Config` document (`*-data` fields as base64).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("v1", forKey: .apiVersion)
        try c.encode("Config", forKey: .kind)
        try c.encode(clusters, forKey: .clusters)
        try c.encode(users, forKey: .users)
        try c.encode(contexts, forKey: .contexts)
        try c.encode(currentContext ?? "", forKey: .currentContext)
    }
}
