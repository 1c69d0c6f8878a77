import KubeClient

/// Start-up validation (backend.md §3.10, `config.Validate` upstream) over the modelled keys, plus the rules Skopos
/// adds: cluster names without `~` (conventions §5), both identity files or neither, unique cluster names.
extension KialiConfig {
    /// The byte lengths an AES session key may have.
    public static let signingKeyLengths = [16, 24, 32]

    /// Checks the rules that span keys. ``load(yaml:source:)`` runs it; run it again after changing a loaded value.
    ///
    /// Single values (ports, `web_root`, strategy, TLS source, enums, durations) are checked while decoding.
    /// - Throws: ``ConfigError/invalidValue(key:reason:source:line:)`` naming the first offending key.
    public func validate() throws(ConfigError) {
        if identity.certFile.isEmpty != identity.privateKeyFile.isEmpty {
            let missing = identity.certFile.isEmpty ? "identity.cert_file" : "identity.private_key_file"
            let other = identity.certFile.isEmpty ? "identity.private_key_file" : "identity.cert_file"
            throw .invalid(missing, "required when \(other) is set (both serve HTTPS, neither plain HTTP)")
        }
        try validateAuth()
        if let key = loginToken.signingKey.inlineValue {
            // Keys in files are checked by validateSecrets(under:), which reads them.
            try Self.validateSigningKey(byteCount: key.utf8.count, strategy: auth.strategy)
        }
        try validateExternalServices()
        try validateClusters()
        if !deployment.clusterWideAccess {
            do {
                _ = try accessScope()
            } catch {
                throw .invalid(error.key, Self.accessScopeReason)
            }
        }
    }

    /// Checks what ``validate()`` cannot without reading files: the length of a signing key kept in a file or Secret.
    /// Call it at start-up with the mount root, after loading.
    /// - Throws: ``ConfigError/unreadable(path:reason:)`` when the key's file cannot be read;
    ///   ``ConfigError/invalidValue(key:reason:source:line:)`` for a key of the wrong length.
    public func validateSecrets(under root: MountRoot) throws(ConfigError) {
        guard auth.strategy != .anonymous else { return }
        let key = try loginToken.signingKey.read(under: root)
        try Self.validateSigningKey(byteCount: key.utf8.count, strategy: auth.strategy)
    }

    /// Refuses a cluster name that cannot be part of a session cookie name: cookies are named `kiali-token~<cluster>~…`
    /// (conventions §5), so a name with `~` is refused, and so is an empty one. Used for
    /// `kubernetes_config.cluster_name` and `clustering.clusters[].name` while loading; call it for discovered names.
    /// - Parameters:
    ///   - name: The cluster name.
    ///   - key: What to call the name in the message (a key path, or e.g. `discovered cluster name`).
    public static func validateClusterName(_ name: String, key: String = "cluster name") throws(ConfigError) {
        if name.isEmpty { throw .invalid(key, "a cluster name must not be empty") }
        if name.contains("~") {
            throw .invalid(
                key,
                "cluster name \(ConfigDecoder.quoted(name)) contains \"~\", which separates the parts of session cookie "
                    + "names (kiali-token~<cluster>~<i>); rename the cluster"
            )
        }
    }

    /// Refuses a signing key of the wrong length unless the strategy is `anonymous`. Never shows the key.
    static func validateSigningKey(byteCount: Int, strategy: Auth.Strategy) throws(ConfigError) {
        guard strategy != .anonymous, !signingKeyLengths.contains(byteCount) else { return }
        throw .invalid(
            "login_token.signing_key",
            "must be 16, 24 or 32 bytes long unless auth.strategy is anonymous (auth.strategy is \(strategy.rawValue)); "
                + "it is \(byteCount) bytes. Kiali's default \"kiali\" is too short: set a key, or "
                + "secret:<secret>:<key> as the operator does"
        )
    }

    static let accessScopeReason =
        "with deployment.cluster_wide_access false, every default discovery selector must name namespaces: "
        + "matchLabels {kubernetes.io/metadata.name: <namespace>} or one matchExpressions entry "
        + "{key: kubernetes.io/metadata.name, operator: In, values: [<namespaces>]}"

    private func validateAuth() throws(ConfigError) {
        let os = auth.openshift
        if os.impersonationEnabled, auth.strategy != .openshift {
            throw .invalid(
                "auth.openshift.impersonation.enabled",
                "impersonation works only with auth.strategy openshift (auth.strategy is \(auth.strategy.rawValue))"
            )
        }
        if auth.strategy == .openid {
            let oid = auth.openid
            if oid.clientID.isEmpty { throw .invalid("auth.openid.client_id", "required when auth.strategy is openid") }
            if oid.issuerURI.isEmpty { throw .invalid("auth.openid.issuer_uri", "required when auth.strategy is openid") }
            if oid.usernameClaim.isEmpty { throw .invalid("auth.openid.username_claim", "must not be empty when auth.strategy is openid") }
        }
    }

    private func validateExternalServices() throws(ConfigError) {
        let services = externalServices
        if services.prometheus.enabled, services.prometheus.url.isEmpty {
            throw .invalid("external_services.prometheus.url", "required when Prometheus is enabled")
        }
        let blocks: [(String, ServiceAuth)] = [
            ("external_services.prometheus.auth", services.prometheus.auth),
            ("external_services.custom_dashboards.prometheus.auth", services.customDashboards.prometheus.auth),
            ("external_services.tracing.auth", services.tracing.auth),
            ("external_services.grafana.auth", services.grafana.auth),
        ]
        for (path, block) in blocks {
            if let problem = block.problem(at: path) { throw problem }
        }
        if services.tracing.auth.type == .oauth2, services.tracing.useGRPC {
            throw .invalid("external_services.tracing.auth.type", "oauth2 cannot be used with gRPC tracing (use_grpc: true)")
        }
    }

    private func validateClusters() throws(ConfigError) {
        if !kubernetesConfig.clusterName.isEmpty {
            try Self.validateClusterName(kubernetesConfig.clusterName, key: "kubernetes_config.cluster_name")
        }
        if clustering.ignoreHomeCluster, kubernetesConfig.clusterName.isEmpty {
            throw .invalid("kubernetes_config.cluster_name", "required when clustering.ignore_home_cluster is true")
        }
        var seen: Set<String> = []
        for (index, cluster) in clustering.clusters.enumerated() {
            let key = "clustering.clusters[\(index)].name"
            try Self.validateClusterName(cluster.name, key: key)
            if !seen.insert(cluster.name).inserted {
                throw .invalid(key, "cluster \(ConfigDecoder.quoted(cluster.name)) is listed twice")
            }
        }
    }
}
