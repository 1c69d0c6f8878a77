import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Resolved cluster

/// Everything needed to talk to one cluster as one user: the flat result of ``Kubeconfig/resolve(context:)``.
///
/// Files referenced by the kubeconfig (CA, client certificate and key) have been read; a token file has not, because
/// projected service-account tokens rotate and are re-read by the HTTP layer.
public struct ResolvedCluster: Sendable, Equatable {
    /// The cluster entry's name (the context's `cluster`).
    public var name: String
    /// The API server URL without a trailing slash, e.g. `https://api.example:6443`; `https://` is added when the
    /// kubeconfig gives only `host:port`.
    public var server: String
    /// The CA bundle (PEM) from `certificate-authority-data` or `certificate-authority`; `nil` means system roots.
    public var caPEM: [UInt8]?
    /// `insecure-skip-tls-verify`.
    public var insecureSkipTLSVerify: Bool
    /// `tls-server-name`.
    public var tlsServerName: String?
    /// `proxy-url`.
    public var proxyURL: String?
    /// The context's default namespace.
    public var namespace: String?
    /// How to authenticate.
    public var credentials: Credentials

    /// Creates a resolved cluster.
    public init(
        name: String,
        server: String,
        caPEM: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil,
        proxyURL: String? = nil,
        namespace: String? = nil,
        credentials: Credentials = .none
    ) {
        self.name = name
        self.server = server
        self.caPEM = caPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.credentials = credentials
    }
}

/// How a client authenticates to a cluster. Printing a value never shows tokens, passwords or keys.
public enum Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// No credentials (anonymous, or a context without a user).
    case none
    /// A bearer token.
    case token(String)
    /// A file holding a bearer token; re-read periodically (about every 60 s) because it rotates.
    case tokenFile(path: String)
    /// HTTP basic authentication.
    case basic(user: String, password: String)
    /// A TLS client certificate (chain) and its private key, both PEM.
    case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])
    /// An exec credential plugin.
    case exec(ExecConfig)

    /// A redacted summary, e.g. `token(<redacted>)` or `tokenFile(/var/run/…/token)`.
    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token(<redacted>)"
        case .tokenFile(let path): "tokenFile(\(path))"
        case .basic(let user, _): "basic(user: \(user), password: <redacted>)"
        case .clientCertificate: "clientCertificate(<redacted>)"
        case .exec(let config): "exec(\(config.command))"
        }
    }

    /// The same redacted summary as ``description``.
    public var debugDescription: String { description }
}

// MARK: - Loader

/// Finds, reads, merges and resolves kubeconfigs, following client-go's rules.
///
/// ```swift
/// let config = try KubeconfigLoader.loadDefault(environment: ProcessInfo.processInfo.environment)
/// let cluster = try config.resolve(context: nil)
/// ```
public enum KubeconfigLoader {
    /// Where Kubernetes mounts a pod's service-account token, namespace and CA.
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The cluster, user and context name of the synthetic in-cluster kubeconfig.
    public static let inClusterName = "in-cluster"

    /// Files larger than this are refused (a kubeconfig or PEM file is a few kilobytes).
    static let maximumFileSize = 16 << 20

    /// Reads and parses a kubeconfig file.
    ///
    /// Relative paths inside it (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`, and an exec
    /// `command` containing `/`) are made absolute against the file's directory, as client-go does.
    /// - Parameter path: the file to read.
    /// - Returns: the configuration, with ``Kubeconfig/source`` set to `path`.
    /// - Throws: ``KubeconfigError`` `.fileUnreadable`, `.malformed`, `.missingField` or `.invalidValue`.
    public static func load(path: String) throws(KubeconfigError) -> Kubeconfig {
        let bytes: [UInt8]
        switch FileSystem.readFile(path) {
        case .success(let contents): bytes = contents
        case .failure(let error):
            throw KubeconfigError(code: .fileUnreadable, file: path, message: "cannot read file: \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KubeconfigError(code: .malformed, file: path, message: "not valid UTF-8 text")
        }
        return try parse(text, source: path, baseDirectory: FilePath.directory(of: FilePath.absolute(path)))
    }

    /// Parses kubeconfig text (YAML, or JSON, which is valid YAML).
    ///
    /// An empty document (or one holding only comments or `null`) is an empty configuration.
    /// - Parameters:
    ///   - text: the document.
    ///   - source: the file path or a name for it, used in errors and as ``Kubeconfig/source``.
    ///   - baseDirectory: when set, relative file paths in the document are resolved against it.
    /// - Returns: the configuration.
    /// - Throws: ``KubeconfigError`` `.malformed` (with line and column), `.missingField` or `.invalidValue` (with the
    ///   field path, e.g. `users[0].user.client-key-data`).
    public static func parse(_ text: String, source: String, baseDirectory: String? = nil) throws(KubeconfigError) -> Kubeconfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, source: source)
        } catch {
            throw KubeconfigError(code: .malformed, file: source, message: "malformed YAML")
        }
        var config: Kubeconfig
        if let root, !Self.isNull(root) {
            do {
                config = try YAMLDecoder().decode(Kubeconfig.self, from: root)
            } catch let error as DecodingError {
                throw decodingError(error, source: source)
            } catch let error as YamlError {
                throw yamlError(error, source: source)
            } catch {
                throw KubeconfigError(code: .malformed, file: source, message: "cannot decode the kubeconfig")
            }
        } else {
            config = Kubeconfig()
        }
        config.source = source
        for i in config.clusters.indices {
            config.clusters[i].origin = .init(file: source, index: i)
            if let base = baseDirectory {
                config.clusters[i].cluster.certificateAuthority = config.clusters[i].cluster.certificateAuthority
                    .map { FilePath.resolve($0, against: base) }
            }
        }
        for i in config.users.indices {
            config.users[i].origin = .init(file: source, index: i)
            if let base = baseDirectory {
                var user = config.users[i].user
                user.tokenFile = user.tokenFile.map { FilePath.resolve($0, against: base) }
                user.clientCertificate = user.clientCertificate.map { FilePath.resolve($0, against: base) }
                user.clientKey = user.clientKey.map { FilePath.resolve($0, against: base) }
                // Only a command with a path separator is file-relative; a bare name is looked up on PATH.
                if let command = user.exec?.command, command.contains("/") {
                    user.exec?.command = FilePath.resolve(command, against: base)
                }
                config.users[i].user = user
            }
        }
        for i in config.contexts.indices {
            config.contexts[i].origin = .init(file: source, index: i)
        }
        return config
    }

    /// Merges configurations in order: for clusters, users and contexts the first one defining a name wins; the
    /// first non-empty `current-context` wins.
    /// - Parameter configs: the configurations, highest priority first.
    /// - Returns: the merged configuration; its ``Kubeconfig/source`` is the sources joined with `:`.
    public static func merge(_ configs: [Kubeconfig]) -> Kubeconfig {
        var result = Kubeconfig()
        var clusterNames = Set<String>()
        var userNames = Set<String>()
        var contextNames = Set<String>()
        for config in configs {
            result.clusters += config.clusters.filter { clusterNames.insert($0.name).inserted }
            result.users += config.users.filter { userNames.insert($0.name).inserted }
            result.contexts += config.contexts.filter { contextNames.insert($0.name).inserted }
            if result.currentContext == nil, let current = config.currentContext, !current.isEmpty {
                result.currentContext = current
            }
        }
        result.source = configs.compactMap(\.source).joined(separator: ":")
        return result
    }

    /// Finds the configuration the way kubectl does.
    ///
    /// In order: `explicitPath` (must exist); else `KUBECONFIG`, a `:`-separated list whose existing files are merged
    /// (see ``merge(_:)``; missing files are skipped, but at least one must exist); else `$HOME/.kube/config` if it
    /// exists; else the in-cluster service account (see ``inCluster(environment:serviceAccountDirectory:)``).
    /// - Parameters:
    ///   - environment: the process environment (`KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST`, …).
    ///   - explicitPath: a path given on the command line or in configuration; wins over everything.
    ///   - serviceAccountDirectory: where the in-cluster token, namespace and CA are mounted.
    /// - Returns: the configuration.
    /// - Throws: ``KubeconfigError``; `.noConfiguration` when nothing was found.
    public static func loadDefault(
        environment: [String: String],
        explicitPath: String? = nil,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws(KubeconfigError) -> Kubeconfig {
        if let explicitPath, !explicitPath.isEmpty {
            return try load(path: explicitPath)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var paths: [String] = []
            var configs: [Kubeconfig] = []
            for path in list.split(separator: ":").map(String.init) where !paths.contains(path) {
                paths.append(path)
                if FileSystem.isMissing(path) { continue }
                configs.append(try load(path: path))
            }
            guard !configs.isEmpty else {
                throw KubeconfigError(
                    code: .noConfiguration, file: "environment", field: "KUBECONFIG",
                    message: "none of the listed files exist (\(paths.joined(separator: ", ")))"
                )
            }
            return merge(configs)
        }
        var homeConfig: String?
        if let home = environment["HOME"], !home.isEmpty {
            let path = FilePath.clean(home + "/.kube/config")
            homeConfig = path
            if !FileSystem.isMissing(path) {
                return try load(path: path)
            }
        }
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
            return try inCluster(environment: environment, serviceAccountDirectory: serviceAccountDirectory)
        }
        let home = homeConfig.map { "\($0) does not exist" } ?? "HOME is not set"
        throw KubeconfigError(
            code: .noConfiguration,
            message: "no kubeconfig found: no path was given, KUBECONFIG is not set, \(home), "
                + "and KUBERNETES_SERVICE_HOST is not set (not running in a cluster)"
        )
    }

    /// Builds the configuration of a pod's service account: server from `KUBERNETES_SERVICE_HOST` and
    /// `KUBERNETES_SERVICE_PORT` (IPv6 hosts bracketed), user with a `tokenFile` (so the rotating token is re-read),
    /// CA file `ca.crt` when present, and the `namespace` file as the context's namespace. All three entries and the
    /// current context are named ``inClusterName``.
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - serviceAccountDirectory: the directory holding `token`, `namespace` and `ca.crt`.
    /// - Returns: the synthetic configuration.
    /// - Throws: ``KubeconfigError`` `.noConfiguration` without the environment variables, `.invalidValue` for a bad
    ///   port, `.fileUnreadable` when the token cannot be read.
    public static func inCluster(
        environment: [String: String],
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws(KubeconfigError) -> Kubeconfig {
        let host = (environment["KUBERNETES_SERVICE_HOST"] ?? "").trimmingCharacters(in: .whitespaces)
        let port = (environment["KUBERNETES_SERVICE_PORT"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !host.isEmpty else {
            throw KubeconfigError(
                code: .noConfiguration, file: "environment", field: "KUBERNETES_SERVICE_HOST",
                message: "not set, so not running inside a cluster"
            )
        }
        guard !port.isEmpty else {
            throw KubeconfigError(
                code: .noConfiguration, file: "environment", field: "KUBERNETES_SERVICE_PORT",
                message: "not set, so not running inside a cluster"
            )
        }
        guard let number = Int(port), (1...65535).contains(number) else {
            throw KubeconfigError(
                code: .invalidValue, file: "environment", field: "KUBERNETES_SERVICE_PORT",
                message: "\"\(port)\" is not a port number"
            )
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let server = "https://\(bracketed):\(number)"

        var directory = serviceAccountDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        let tokenPath = directory + "/token"
        let caPath = directory + "/ca.crt"
        if case .failure(let error) = FileSystem.readFile(tokenPath) {
            throw KubeconfigError(
                code: .fileUnreadable, file: tokenPath, message: "cannot read the service-account token: \(error)"
            )
        }
        // Like client-go, a missing CA is not fatal: the system roots are used.
        let caFile: String? = FileSystem.isMissing(caPath) ? nil : caPath
        var namespace: String?
        if case .success(let bytes) = FileSystem.readFile(directory + "/namespace") {
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            namespace = text.isEmpty ? nil : text
        }
        let name = inClusterName
        return Kubeconfig(
            clusters: [.init(name: name, cluster: .init(server: server, certificateAuthority: caFile))],
            users: [.init(name: name, user: .init(tokenFile: tokenPath))],
            contexts: [.init(name: name, context: .init(cluster: name, user: name, namespace: namespace))],
            currentContext: name,
            source: "in-cluster service account (\(directory))"
        )
    }

    /// Reads a remote-cluster kubeconfig mounted from a Secret (backend.md §5.1).
    ///
    /// The file must define exactly one cluster and at least one user. The current context is used when set;
    /// otherwise the single cluster with the first user and no namespace. Stripping `exec` users (unless
    /// `clustering.enable_exec_provider`) is the caller's decision: check for ``Credentials/exec(_:)``.
    /// - Parameter path: the mounted file.
    /// - Returns: the name of the kubeconfig's cluster entry and the resolved connection.
    /// - Throws: ``KubeconfigError``; `.invalidValue` on `clusters` when there is not exactly one cluster,
    ///   `.missingField` on `users` when there is no user.
    public static func loadRemoteClusterFile(path: String) throws(KubeconfigError) -> (clusterName: String, cluster: ResolvedCluster) {
        let config = try load(path: path)
        guard config.clusters.count == 1 else {
            throw KubeconfigError(
                code: .invalidValue, file: path, field: "clusters",
                message: "a remote-cluster kubeconfig must define exactly one cluster, found \(config.clusters.count)"
            )
        }
        guard !config.users.isEmpty else {
            throw KubeconfigError(
                code: .missingField, file: path, field: "users",
                message: "a remote-cluster kubeconfig must define at least one user"
            )
        }
        let clusterName = config.clusters[0].name
        guard !clusterName.isEmpty else {
            throw KubeconfigError(code: .missingField, file: path, field: "clusters[0].name", message: "the cluster has no name")
        }
        if config.currentContext != nil {
            return (clusterName, try config.resolve(context: nil))
        }
        return (clusterName, try config.resolved(clusterIndex: 0, userIndex: 0, namespace: nil))
    }

    // MARK: Error translation

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node, node.null != nil { return true }
        return false
    }

    static func yamlError(_ error: YamlError, source: String) -> KubeconfigError {
        func at(_ mark: Mark) -> String { "line \(mark.line), column \(mark.column)" }
        func at(_ position: (line: Int, column: Int)) -> String { "line \(position.line), column \(position.column)" }
        let message: String
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // The snippet Yams attaches is left out on purpose: it may show a token or key.
            var text = "malformed YAML at \(at(mark)): \(problem)"
            if let context { text += " (\(context.text) at \(at(context.mark)))" }
            message = text
        case .reader(let problem, let offset, _, let yaml):
            if let offset, let position = lineAndColumn(of: offset, in: yaml) {
                message = "malformed YAML at \(at(position)): \(problem)"
            } else {
                message = "malformed YAML: \(problem)"
            }
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            message = "malformed YAML: duplicate key \(keys) in the mapping at \(at(context.mark))"
        default:
            message = "malformed YAML"
        }
        return KubeconfigError(code: .malformed, file: source, message: message)
    }

    private static func lineAndColumn(of offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        var index = 0
        for character in text {
            if index == offset { return (line, column) }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return index == offset ? (line, column) : nil
    }

    static func decodingError(_ error: DecodingError, source: String) -> KubeconfigError {
        switch error {
        case .keyNotFound(let key, let context):
            return KubeconfigError(
                code: .missingField, file: source, field: fieldPath(context.codingPath + [key]),
                message: "required field is missing"
            )
        case .valueNotFound(_, let context):
            return KubeconfigError(
                code: .missingField, file: source, field: fieldPath(context.codingPath), message: "required value is null"
            )
        case .typeMismatch(let type, let context):
            return KubeconfigError(
                code: .invalidValue, file: source, field: fieldPath(context.codingPath), message: "expected \(describe(type))"
            )
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? YamlError {
                return yamlError(underlying, source: source)
            }
            // Our own messages ("not valid base64"); they never quote the value.
            return KubeconfigError(
                code: .invalidValue, file: source, field: fieldPath(context.codingPath), message: context.debugDescription
            )
        @unknown default:
            return KubeconfigError(code: .malformed, file: source, message: "cannot decode the kubeconfig")
        }
    }

    /// `users[0].user.client-key-data` from a coding path; `nil` for the document root.
    static func fieldPath(_ path: [any CodingKey]) -> String? {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += key.stringValue
            }
        }
        return result.isEmpty ? nil : result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(Node.Mapping.self): "a mapping"
        case ObjectIdentifier(Node.Sequence.self): "a list"
        case ObjectIdentifier(Node.Scalar.self): "a single value, not a list or mapping"
        case ObjectIdentifier(Bool.self): "true or false"
        case ObjectIdentifier(String.self): "a string"
        default: "a value of type \(type)"
        }
    }
}

// MARK: - Resolving a context

extension Kubeconfig {
    /// Picks a context and flattens it into a ``ResolvedCluster``, reading the CA and client certificate files.
    ///
    /// `*-data` fields win over their file counterparts, as in client-go. A user may use only one authentication
    /// method (token or token file, basic, client certificate, exec); a token wins over a token file.
    /// - Parameter context: the context to use; `nil` (or empty) for `current-context`.
    /// - Returns: the cluster, credentials and namespace of the context.
    /// - Throws: ``KubeconfigError``: `.unknownContext` naming the context, `.missingField` (no `current-context`, no
    ///   `server`, half of a client certificate), `.unknownCluster`, `.unknownUser`, `.fileUnreadable` for a
    ///   referenced file, `.invalidValue` (bad server URL, not PEM, several authentication methods).
    public func resolve(context: String?) throws(KubeconfigError) -> ResolvedCluster {
        let contextName: String
        if let context, !context.isEmpty {
            contextName = context
        } else if let current = currentContext, !current.isEmpty {
            contextName = current
        } else {
            throw KubeconfigError(
                code: .missingField, file: source, field: "current-context",
                message: "no context was requested and current-context is not set"
            )
        }
        guard let contextIndex = contexts.firstIndex(where: { $0.name == contextName }) else {
            let known = contexts.map(\.name)
            let hint = known.isEmpty ? "no contexts are defined" : "known contexts: \(known.joined(separator: ", "))"
            let requested = context.map { !$0.isEmpty } ?? false
            throw KubeconfigError(
                code: .unknownContext, file: source, field: requested ? nil : "current-context",
                message: "context \"\(contextName)\" not found (\(hint))"
            )
        }
        let entry = contexts[contextIndex]
        let (file, prefix) = location(entry.origin, list: "contexts", index: contextIndex)
        guard let clusterName = entry.context.cluster, !clusterName.isEmpty else {
            throw KubeconfigError(
                code: .missingField, file: file, field: prefix + ".context.cluster",
                message: "context \"\(contextName)\" names no cluster"
            )
        }
        guard let clusterIndex = clusters.firstIndex(where: { $0.name == clusterName }) else {
            throw KubeconfigError(
                code: .unknownCluster, file: file, field: prefix + ".context.cluster",
                message: "cluster \"\(clusterName)\" of context \"\(contextName)\" not found"
            )
        }
        var userIndex: Int?
        if let userName = entry.context.user, !userName.isEmpty {
            guard let index = users.firstIndex(where: { $0.name == userName }) else {
                throw KubeconfigError(
                    code: .unknownUser, file: file, field: prefix + ".context.user",
                    message: "user \"\(userName)\" of context \"\(contextName)\" not found"
                )
            }
            userIndex = index
        }
        let namespace = entry.context.namespace.flatMap { $0.isEmpty ? nil : $0 }
        return try resolved(clusterIndex: clusterIndex, userIndex: userIndex, namespace: namespace)
    }

    /// Resolves a cluster entry with an optional user entry.
    func resolved(clusterIndex: Int, userIndex: Int?, namespace: String?) throws(KubeconfigError) -> ResolvedCluster {
        let entry = clusters[clusterIndex]
        let cluster = entry.cluster
        let (file, prefix) = location(entry.origin, list: "clusters", index: clusterIndex)
        let field = prefix + ".cluster"
        guard let rawServer = cluster.server, !rawServer.isEmpty else {
            throw KubeconfigError(
                code: .missingField, file: file, field: field + ".server", message: "cluster \"\(entry.name)\" has no server"
            )
        }
        let server = try Self.normalizeServer(rawServer, file: file, field: field + ".server")
        var caPEM: [UInt8]?
        if let data = cluster.certificateAuthorityData, !data.isEmpty {
            try Self.requirePEM(data, file: file, field: field + ".certificate-authority-data")
            caPEM = data
        } else if let path = cluster.certificateAuthority, !path.isEmpty {
            let data = try Self.readReferenced(path, file: file, field: field + ".certificate-authority")
            try Self.requirePEM(data, file: file, field: field + ".certificate-authority", path: path)
            caPEM = data
        }
        var credentials = Credentials.none
        if let userIndex {
            credentials = try self.credentials(userIndex: userIndex)
        }
        return ResolvedCluster(
            name: entry.name,
            server: server,
            caPEM: caPEM,
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            tlsServerName: cluster.tlsServerName.flatMap { $0.isEmpty ? nil : $0 },
            proxyURL: cluster.proxyURL.flatMap { $0.isEmpty ? nil : $0 },
            namespace: namespace,
            credentials: credentials
        )
    }

    private func credentials(userIndex: Int) throws(KubeconfigError) -> Credentials {
        let entry = users[userIndex]
        let user = entry.user
        let (file, prefix) = location(entry.origin, list: "users", index: userIndex)
        let field = prefix + ".user"
        func present(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        func present(_ value: [UInt8]?) -> [UInt8]? { value.flatMap { $0.isEmpty ? nil : $0 } }

        let token = present(user.token)
        let tokenFile = present(user.tokenFile)
        let basic = present(user.username) != nil || present(user.password) != nil
        let certificateData = present(user.clientCertificateData)
        let certificateFile = present(user.clientCertificate)
        let keyData = present(user.clientKeyData)
        let keyFile = present(user.clientKey)
        let certificate = certificateData != nil || certificateFile != nil || keyData != nil || keyFile != nil

        var methods: [String] = []
        if token != nil || tokenFile != nil { methods.append("token") }
        if basic { methods.append("username/password") }
        if certificate { methods.append("client certificate") }
        if user.exec != nil { methods.append("exec") }
        if methods.count > 1 {
            throw KubeconfigError(
                code: .invalidValue, file: file, field: field,
                message: "user \"\(entry.name)\" sets more than one authentication method (\(methods.joined(separator: ", "))); "
                    + "only one is supported"
            )
        }

        if let token { return .token(token) }
        if let tokenFile { return .tokenFile(path: tokenFile) }
        if basic { return .basic(user: user.username ?? "", password: user.password ?? "") }
        if certificate {
            let certificatePEM: [UInt8]
            if let certificateData {
                try Kubeconfig.requirePEM(certificateData, file: file, field: field + ".client-certificate-data")
                certificatePEM = certificateData
            } else if let certificateFile {
                certificatePEM = try Self.readReferenced(certificateFile, file: file, field: field + ".client-certificate")
                try Self.requirePEM(certificatePEM, file: file, field: field + ".client-certificate", path: certificateFile)
            } else {
                throw KubeconfigError(
                    code: .missingField, file: file, field: field + ".client-certificate",
                    message: "user \"\(entry.name)\" has a client key but no client-certificate or client-certificate-data"
                )
            }
            let keyPEM: [UInt8]
            if let keyData {
                try Self.requirePEM(keyData, file: file, field: field + ".client-key-data")
                keyPEM = keyData
            } else if let keyFile {
                keyPEM = try Self.readReferenced(keyFile, file: file, field: field + ".client-key")
                try Self.requirePEM(keyPEM, file: file, field: field + ".client-key", path: keyFile)
            } else {
                throw KubeconfigError(
                    code: .missingField, file: file, field: field + ".client-key",
                    message: "user \"\(entry.name)\" has a client certificate but no client-key or client-key-data"
                )
            }
            return .clientCertificate(certificatePEM: certificatePEM, keyPEM: keyPEM)
        }
        if let exec = user.exec {
            guard !exec.command.isEmpty else {
                throw KubeconfigError(
                    code: .missingField, file: file, field: field + ".exec.command", message: "the exec plugin has no command"
                )
            }
            return .exec(exec)
        }
        return .none
    }

    /// The file an entry came from and its field prefix there, e.g. `("/k/a", "users[2]")`.
    private func location(_ origin: Origin?, list: String, index: Int) -> (file: String?, prefix: String) {
        if let origin { return (origin.file, "\(list)[\(origin.index)]") }
        return (source, "\(list)[\(index)]")
    }

    /// Adds `https://` to a bare `host:port`, checks the scheme and host, and drops trailing slashes.
    private static func normalizeServer(_ raw: String, file: String?, field: String) throws(KubeconfigError) -> String {
        var server = raw.trimmingCharacters(in: .whitespaces)
        if !server.contains("://") { server = "https://" + server }
        guard let components = URLComponents(string: server),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else {
            throw KubeconfigError(
                code: .invalidValue, file: file, field: field, message: "\"\(raw)\" is not an http(s) URL with a host"
            )
        }
        while server.hasSuffix("/") { server.removeLast() }
        return server
    }

    private static func readReferenced(_ path: String, file: String?, field: String) throws(KubeconfigError) -> [UInt8] {
        switch FileSystem.readFile(path) {
        case .success(let bytes): return bytes
        case .failure(let error):
            throw KubeconfigError(code: .fileUnreadable, file: file, field: field, message: "cannot read \(path): \(error)")
        }
    }

    /// Checks that bytes hold a PEM block, without ever quoting them.
    private static func requirePEM(_ bytes: [UInt8], file: String?, field: String, path: String? = nil) throws(KubeconfigError) {
        let marker = Array("-----BEGIN ".utf8)
        var found = false
        if bytes.count >= marker.count {
            for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
                if bytes[start..<(start + marker.count)].elementsEqual(marker) {
                    found = true
                    break
                }
            }
        }
        if !found {
            let what = path.map { "\($0) does not contain PEM data" } ?? "the decoded bytes are not PEM data"
            throw KubeconfigError(code: .invalidValue, file: file, field: field, message: what)
        }
    }
}

// MARK: - Files and paths

/// An `errno` from reading a file, shown as its `strerror` text.
struct FileReadError: Error, CustomStringConvertible {
    var code: Int32
    var description: String {
        if code == EFBIG { return "file is larger than \(KubeconfigLoader.maximumFileSize >> 20) MiB" }
        return String(cString: strerror(code))
    }
}

/// Minimal POSIX file access, so errors carry the real reason (`No such file or directory`, `Permission denied`).
enum FileSystem {
    /// Reads a whole regular file (up to ``KubeconfigLoader/maximumFileSize``).
    static func readFile(_ path: String) -> Result<[UInt8], FileReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(FileReadError(code: errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(FileReadError(code: EISDIR))
        }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadError(code: errno))
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            if result.count > KubeconfigLoader.maximumFileSize { return .failure(FileReadError(code: EFBIG)) }
        }
        return .success(result)
    }

    /// Whether `path` does not exist (other `stat` failures count as present, so reading it reports the reason).
    static func isMissing(_ path: String) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return false }
        return errno == ENOENT || errno == ENOTDIR
    }
}

/// Lexical path handling (no symlink resolution), like Go's `path/filepath`.
enum FilePath {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? clean(path) : clean(FileManager.default.currentDirectoryPath + "/" + path)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// `path` if empty or absolute, else `base/path` cleaned.
    static func resolve(_ path: String, against base: String) -> String {
        if path.isEmpty || path.hasPrefix("/") { return path }
        return clean(base + "/" + path)
    }

    /// Collapses `//`, `.` and `..` lexically.
    static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
