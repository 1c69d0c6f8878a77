extension Kubeconfig {
    /// One `users` entry: a name and its credentials.
    public struct NamedUser: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `user` mapping.
        public var user: User
        /// Where the entry was defined, when a loader recorded it; not part of the document.
        public var origin: Origin?

        /// Creates a named user.
        public init(name: String, user: User) {
            self.name = name
            self.user = user
        }

        /// Compares name and credentials, not where the entry was defined.
        public static func == (lhs: NamedUser, rhs: NamedUser) -> Bool {
            lhs.name == rhs.name && lhs.user == rhs.user
        }
    }

    /// Credentials of a kubeconfig user (`AuthInfo` in client-go). Printing one never shows secret values.
    public struct User: Sendable, Equatable {
        /// `token`: a bearer token.
        public var token: String?
        /// `tokenFile`: a file holding a bearer token, re-read as it rotates (absolute after loading from a file).
        public var tokenFile: String?
        /// `client-certificate`: path of a PEM client certificate (chain).
        public var clientCertificate: String?
        /// `client-certificate-data`: the client certificate's bytes, decoded from base64.
        public var clientCertificateData: [UInt8]?
        /// `client-key`: path of the PEM private key of the client certificate.
        public var clientKey: String?
        /// `client-key-data`: the private key's bytes, decoded from base64.
        public var clientKeyData: [UInt8]?
        /// `username` for basic authentication.
        public var username: String?
        /// `password` for basic authentication.
        public var password: String?
        /// `exec`: a credential plugin to run.
        public var exec: ExecConfig?

        /// Creates user credentials.
        public init(
            token: String? = nil,
            tokenFile: String? = nil,
            clientCertificate: String? = nil,
            clientCertificateData: [UInt8]? = nil,
            clientKey: String? = nil,
            clientKeyData: [UInt8]? = nil,
            username: String? = nil,
            password: String? = nil,
            exec: ExecConfig? = nil
        ) {
            self.token = token
            self.tokenFile = tokenFile
            self.clientCertificate = clientCertificate
            self.clientCertificateData = clientCertificateData
            self.clientKey = clientKey
            self.clientKeyData = clientKeyData
            self.username = username
            self.password = password
            self.exec = exec
        }
    }
}

// MARK: - Codable

extension Kubeconfig.NamedUser: Codable {
    enum CodingKeys: String, CodingKey { case name, user }

    /// Decodes `{name, user}`; a missing `user` mapping is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            user: try c.decodeIfPresent(Kubeconfig.User.self, forKey: .user) ?? .init()
        )
    }

    /// Encodes `{name, user}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(user, forKey: .user)
    }
}

extension Kubeconfig.User: Codable {
    enum CodingKeys: String, CodingKey {
        case token, tokenFile, username, password, exec
        case clientCertificate = "client-certificate"
        case clientCertificateData = "client-certificate-data"
        case clientKey = "client-key"
        case clientKeyData = "client-key-data"
    }

    /// Decodes the `user` mapping; `client-certificate-data` and `client-key-data` must be valid base64.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            token: try c.decodeIfPresent(String.self, forKey: .token),
            tokenFile: try c.decodeIfPresent(String.self, forKey: .tokenFile),
            clientCertificate: try c.decodeIfPresent(String.self, forKey: .clientCertificate),
            clientCertificateData: try c.decodeBase64IfPresent(forKey: .clientCertificateData),
            clientKey: try c.decodeIfPresent(String.self, forKey: .clientKey),
            clientKeyData: try c.decodeBase64IfPresent(forKey: .clientKeyData),
            username: try c.decodeIfPresent(String.self, forKey: .username),
            password: try c.decodeIfPresent(String.self, forKey: .password),
            exec: try c.decodeIfPresent(ExecConfig.self, forKey: .exec)
        )
    }

    /// Encodes the `user` mapping, omitting absent fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(token, forKey: .token)
        try c.encodeIfPresent(tokenFile, forKey: .tokenFile)
        try c.encodeIfPresent(clientCertificate, forKey: .clientCertificate)
        try c.encodeBase64IfPresent(clientCertificateData, forKey: .clientCertificateData)
        try c.encodeIfPresent(clientKey, forKey: .clientKey)
        try c.encodeBase64IfPresent(clientKeyData, forKey: .clientKeyData)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encodeIfPresent(exec, forKey: .exec)
    }
}

// MARK: - Redacted printing

extension Kubeconfig.User: CustomStringConvertible, CustomDebugStringConvertible {
    /// Which credentials are set, never their values, e.g. `User(token: <redacted>, client-certificate: /k/c.pem)`.
    public var description: String {
        var parts: [String] = []
        if token != nil { parts.append("token: <redacted>") }
        if let tokenFile { parts.append("tokenFile: \(tokenFile)") }
        if let clientCertificate { parts.append("client-certificate: \(clientCertificate)") }
        if clientCertificateData != nil { parts.append("client-certificate-data: <redacted>") }
        if let clientKey { parts.append("client-key: \(clientKey)") }
        if clientKeyData != nil { parts.append("client-key-data: <redacted>") }
        if let username { parts.append("username: \(username)") }
        if password != nil { parts.append("password: <redacted>") }
        if let exec { parts.append("exec: \(exec.command)") }
        return "User(\(parts.joined(separator: ", ")))"
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { description }
}
