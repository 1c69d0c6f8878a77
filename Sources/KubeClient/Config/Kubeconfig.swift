/// A kubeconfig file (`apiVersion: v1`, `kind: Config`): clusters, users, contexts and the current context.
///
/// Only the fields the console uses are modelled; unknown keys (`preferences`, `extensions`, `auth-provider`, …) are
/// ignored. The `*-data` fields are base64 in the file and hold the decoded raw bytes here (PEM text, normally).
///
/// Use ``KubeconfigLoader`` to read one from disk (it resolves relative file paths against the file's directory and
/// reports errors with file and field), and ``resolve(context:)`` to turn a context into a ``ResolvedCluster``.
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
    /// Not part of the file and not compared by `==`.
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
    struct Origin: Sendable {
        var file: String
        var index: Int
    }

    // MARK: Clusters

    /// One `clusters` entry: a name and its connection settings.
    public struct NamedCluster: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `cluster` mapping.
        public var cluster: Cluster
        var origin: Origin?

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

    // MARK: Users

    /// One `users` entry: a name and its credentials.
    public struct NamedUser: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `user` mapping.
        public var user: User
        var origin: Origin?

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

    /// Credentials of a kubeconfig user (`AuthInfo` in client-go).
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

    // MARK: Contexts

    /// One `contexts` entry: a name and the cluster, user and namespace it selects.
    public struct NamedContext: Sendable, Equatable {
        /// The entry's `name`.
        public var name: String
        /// The entry's `context` mapping.
        public var context: Context
        var origin: Origin?

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

/// A `client.authentication.k8s.io` exec credential plugin (`users[].user.exec`).
///
/// Running the plugin and caching its `ExecCredential` is the HTTP layer's job. A relative `command` that contains a
/// `/` is resolved against the kubeconfig's directory when loaded from a file; a bare name is looked up on `PATH`.
public struct ExecConfig: Sendable, Equatable, Codable {
    /// One `env` entry passed to the plugin.
    public struct EnvVar: Sendable, Equatable, Codable {
        /// The variable's name.
        public var name: String
        /// The variable's value.
        public var value: String

        /// Creates an environment entry.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `command`: the program to run.
    public var command: String
    /// `args`: its arguments.
    public var args: [String]
    /// `env`: extra environment variables.
    public var env: [EnvVar]
    /// `apiVersion`: the `ExecCredential` version the plugin speaks, e.g. `client.authentication.k8s.io/v1`.
    public var apiVersion: String?
    /// `installHint`: text to show when the command is missing.
    public var installHint: String?
    /// `provideClusterInfo`: whether to pass the cluster in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool

    /// Creates an exec plugin configuration.
    public init(
        command: String,
        args: [String] = [],
        env: [EnvVar] = [],
        apiVersion: String? = nil,
        installHint: String? = nil,
        provideClusterInfo: Bool = false
    ) {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
    }

    enum CodingKeys: String, CodingKey {
        case command, args, env, apiVersion, installHint, provideClusterInfo
    }

    /// Decodes the `exec` mapping; `args` and `env` may be absent or null.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        command = try c.decode(String.self, forKey: .command)
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        env = try c.decodeIfPresent([EnvVar].self, forKey: .env) ?? []
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        installHint = try c.decodeIfPresent(String.self, forKey: .installHint)
        provideClusterInfo = try c.decodeIfPresent(Bool.self, forKey: .provideClusterInfo) ?? false
    }

    /// Encodes the `exec` mapping, omitting empty and default fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        if !args.isEmpty { try c.encode(args, forKey: .args) }
        if !env.isEmpty { try c.encode(env, forKey: .env) }
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(installHint, forKey: .installHint)
        if provideClusterInfo { try c.encode(true, forKey: .provideClusterInfo) }
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
            certificateAuthorityData: try decodeBase64IfPresent(c, .certificateAuthorityData),
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
        try c.encodeIfPresent(certificateAuthorityData.map(Base64.encode), forKey: .certificateAuthorityData)
        if insecureSkipTLSVerify { try c.encode(true, forKey: .insecureSkipTLSVerify) }
        try c.encodeIfPresent(tlsServerName, forKey: .tlsServerName)
        try c.encodeIfPresent(proxyURL, forKey: .proxyURL)
    }
}

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
            clientCertificateData: try decodeBase64IfPresent(c, .clientCertificateData),
            clientKey: try c.decodeIfPresent(String.self, forKey: .clientKey),
            clientKeyData: try decodeBase64IfPresent(c, .clientKeyData),
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
        try c.encodeIfPresent(clientCertificateData.map(Base64.encode), forKey: .clientCertificateData)
        try c.encodeIfPresent(clientKey, forKey: .clientKey)
        try c.encodeIfPresent(clientKeyData.map(Base64.encode), forKey: .clientKeyData)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encodeIfPresent(exec, forKey: .exec)
    }
}

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

extension Kubeconfig.Context: Codable {
    enum CodingKeys: String, CodingKey { case cluster, user, namespace }
}

/// Decodes an optional base64 string field into bytes, or throws `dataCorrupted` at that key.
private func decodeBase64IfPresent<Key: CodingKey>(
    _ container: KeyedDecodingContainer<Key>,
    _ key: Key
) throws -> [UInt8]? {
    guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let bytes = Base64.decode(text) else {
        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not valid base64")
    }
    return bytes
}

/// Standard base64 (RFC 4648 §4), as Go's `encoding/base64.StdEncoding` reads `[]byte` fields of a kubeconfig.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes `text`, ignoring ASCII whitespace (line breaks); padding is optional. `nil` if not valid base64.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        var symbols = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "="):
                padding += 1
                continue
            default:
                break
            }
            // Data after padding is invalid.
            guard padding == 0, let value = sextet(byte) else { return nil }
            symbols += 1
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // A lone trailing symbol carries fewer than 8 bits; padding must complete the last quantum.
        let remainder = symbols % 4
        if remainder == 1 { return nil }
        if padding > 0 && (remainder == 0 || remainder + padding != 4) { return nil }
        return out
    }

    /// Encodes bytes as padded standard base64.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let quantum = (b0 << 16) | (b1 << 8) | b2
            out.append(alphabet[Int((quantum >> 18) & 63)])
            out.append(alphabet[Int((quantum >> 12) & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int((quantum >> 6) & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(quantum & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
