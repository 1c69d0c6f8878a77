extension Kubeconfig {
    /// One `contexts` entry: a name and the cluster, user and namespace it selects.
    public struct NamedContext: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `context` mapping.
        public var context: Context
        /// Where the entry was defined, when a loader recorded it; not part of the document.
        public var origin: Origin?

        /// Creates a named context.
        public init(name: String, context: Context) {
            self.name = name
            self.context = context
        }

        /// Compares name and selection, not where the entry was defined.
        public static func == (lhs: NamedContext, rhs: NamedContext) -> Bool {
            lhs.name == rhs.name && lhs.context == rhs.context
        }
    }

    /// A cluster, user and default namespace.
    public struct Context: Sendable, Equatable {
        /// `cluster`: the name of a `clusters` entry.
        public var cluster: String?
        /// `user`: the name of a `users` entry; no credentials when absent.
        public var user: String?
        /// `namespace`: the default namespace.
        public var namespace: String?

        /// Creates a context.
        public init(cluster: String? = nil, user: String? = nil, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }
}

// MARK: - Codable

extension Kubeconfig.NamedContext: Codable {
    enum CodingKeys: String, CodingKey { case name, context }

    /// Decodes `{name, context}`; a missing `context` mapping is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            context: try c.decodeIfPresent(Kubeconfig.Context.self, forKey: .context) ?? .init()
        )
    }

    /// Encodes `{name, context}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(context, forKey: .context)
    }
}

extension Kubeconfig.Context: Codable {
    enum CodingKeys: String, CodingKey { case cluster, user, namespace }
}
