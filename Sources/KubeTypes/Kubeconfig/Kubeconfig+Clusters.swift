extension Kubeconfig {
    /// One `clusters` entry: a name and its connection settings.
    public struct NamedCluster: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `cluster` mapping.
        public var cluster: Cluster
        /// Where the entry was defined, when a loader recorded it; not part of the document.
        public var origin: Origin?

        /// Creates a named cluster.
        public init(name: String, cluster: Cluster) {
            self.name = name
            self.cluster = cluster
        }

        /// Compares name and settings, not where the entry was defined.
        public static func == (lhs: NamedCluster, rhs: NamedCluster) -> Bool {
            lhs.name == rhs.name && lhs.cluster == rhs.cluster
        }
    }

    /// How to reach and trust an API server.
    public struct Cluster: Sendable, Equatable {
        /// `server`: the API server URL, e.g. `https://api.example:6443`.
        public var server: String?
        /// `certificate-authority`: path of a PEM CA bundle (absolute after loading from a file).
        public var certificateAuthority: String?
        /// `certificate-authority-data`: the CA bundle's bytes, decoded from base64.
        public var certificateAuthorityData: [UInt8]?
        /// `insecure-skip-tls-verify`: skip server certificate verification.
        public var insecureSkipTLSVerify: Bool
        /// `tls-server-name`: the name to verify the server certificate against (and send as SNI).
        public var tlsServerName: String?
        /// `proxy-url`: an HTTP(S) or SOCKS5 proxy to reach the server through.
        public var proxyURL: String?

        /// Creates cluster settings.
        public init(
            server: String? = nil,
            certificateAuthority: String? = nil,
            certificateAuthorityData: [UInt8]? = nil,
            insecureSkipTLSVerify: Bool = false,
            tlsServerName: String? = nil,
            proxyURL: String? = nil
        ) {
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.tlsServerName = tlsServerName
            self.proxyURL = proxyURL
        }
    }
}

// MARK: - Codable

extension Kubeconfig.NamedCluster: Codable {
    enum CodingKeys: String, CodingKey { case name, cluster }

    /// Decodes `{name, cluster}`; a missing `cluster` mapping is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            cluster: try c.decodeIfPresent(Kubeconfig.Cluster.self, forKey: .cluster) ?? .init()
        )
    }

    /// Encodes `{name, cluster}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(cluster, forKey: .cluster)
    }
}

extension Kubeconfig.Cluster: Codable {
    enum CodingKeys: String, CodingKey {
        case server
        case certificateAuthority = "certificate-authority"
        case certificateAuthorityData = "certificate-authority-data"
        case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        case tlsServerName = "tls-server-name"
        case proxyURL = "proxy-url"
    }

    /// Decodes the `cluster` mapping; `certificate-authority-data` must be valid base64.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            server: try c.decodeIfPresent(String.self, forKey: .server),
            certificateAuthority: try c.decodeIfPresent(String.self, forKey: .certificateAuthority),
            certificateAuthorityData: try c.decodeBase64IfPresent(forKey: .certificateAuthorityData),
            insecureSkipTLSVerify: try c.decodeIfPresent(Bool.self, forKey: .insecureSkipTLSVerify) ?? false,
            tlsServerName: try c.decodeIfPresent(String.self, forKey: .tlsServerName),
            proxyURL: try c.decodeIfPresent(String.self, forKey: .proxyURL)
        )
    }

    /// Encodes the `cluster` mapping, omitting absent fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(server, forKey: .server)
        try c.encodeIfPresent(certificateAuthority, forKey: .certificateAuthority)
        try c.encodeBase64IfPresent(certificateAuthorityData, forKey: .certificateAuthorityData)
        if insecureSkipTLSVerify { try c.encode(true, forKey: .insecureSkipTLSVerify) }
        try c.encodeIfPresent(tlsServerName, forKey: .tlsServerName)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
    }
}
