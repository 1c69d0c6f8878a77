import Foundation
public import KubeTypes

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
            let certificatePEM = try Self.pem(
                data: certificateData, file: certificateFile, in: file, field: field, key: "client-certificate",
                missing: "user \"\(entry.name)\" has a client key but no client-certificate or client-certificate-data"
            )
            let keyPEM = try Self.pem(
                data: keyData, file: keyFile, in: file, field: field, key: "client-key",
                missing: "user \"\(entry.name)\" has a client certificate but no client-key or client-key-data"
            )
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

extension Kubeconfig {
    /// A PEM block given inline (`<key>-data`) or in a file (`<key>`), checked to be PEM.
    /// - Throws: `KubeconfigError` naming the field: not PEM, unreadable, or missing (`missing` says why it is needed).
    static func pem(data: [UInt8]?, file path: String?, in file: String?, field: String, key: String, missing: String) throws(KubeconfigError)
        -> [UInt8]
    {
        if let data {
            try requirePEM(data, file: file, field: field + ".\(key)-data")
            return data
        }
        if let path {
            let bytes = try readReferenced(path, file: file, field: field + ".\(key)")
            try requirePEM(bytes, file: file, field: field + ".\(key)", path: path)
            return bytes
        }
        throw KubeconfigError(code: .missingField, file: file, field: field + ".\(key)", message: missing)
    }
}
