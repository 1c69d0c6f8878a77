public import KubeTypes

extension KialiConfig {
    /// `deployment` (backend.md §3.4): the console's own deployment, its namespace access and its TLS policy.
    ///
    /// The operator renders many more keys here (image, replicas, resources, ingress, probes, …); they are accepted
    /// and ignored. `accessible_namespaces` is a removed key (§3.9): it warns and is ignored.
    public struct Deployment: Sendable, Equatable, Decodable {
        /// `instance_name` (default `kiali`): prefix of the objects the operator creates; the OpenShift OAuthClient is
        /// `<instance_name>-<namespace>`.
        public var instanceName = "kiali"
        /// `namespace` (default `istio-system`): the console's namespace, always accessible.
        public var namespace = "istio-system"
        /// `cluster_wide_access` (default `true`): watch every namespace; otherwise only those the default discovery
        /// selectors name (``KialiConfig/accessScope()``).
        public var clusterWideAccess = true
        /// `discovery_selectors`.
        public var discoverySelectors = DiscoverySelectors()
        /// `view_only_mode` (default `false`): report write permissions as false.
        public var viewOnlyMode = false
        /// `tls_config`: the TLS policy of the server and its clients.
        public var tlsConfig = TLSConfig()
        /// `cluster_name_overrides` (default `{}`): display names for clusters, by detected name.
        public var clusterNameOverrides: [String: String] = [:]

        /// Kiali's defaults.
        public init() {}

        /// Keys the operator renders into `deployment` that the server does not read.
        static let operatorKeys = [
            "additional_pod_containers_yaml", "additional_pod_init_containers_yaml", "additional_service_yaml", "affinity",
            "configmap_annotations", "custom_envs", "custom_secrets", "dns", "extra_labels", "host_aliases", "hpa",
            "image_digest", "image_name", "image_pull_policy", "image_pull_secrets", "image_version", "ingress",
            "ingress_enabled", "logger", "network_policy", "node_selector", "pod_annotations", "pod_disruption_budget",
            "pod_labels", "priority_class_name", "probes", "remote_cluster_resources_only", "replicas", "resources",
            "secret_name", "security_context", "service_annotations", "service_type", "strategy", "tolerations",
            "topology_spread_constraints", "version_label",
        ]

        private enum CodingKeys: String, CodingKey {
            case namespace
            case instanceName = "instance_name"
            case clusterWideAccess = "cluster_wide_access"
            case discoverySelectors = "discovery_selectors"
            case viewOnlyMode = "view_only_mode"
            case tlsConfig = "tls_config"
            case clusterNameOverrides = "cluster_name_overrides"
        }

        /// Reads the keys listed on the properties. `namespace` and `instance_name` must not be empty.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(Self.operatorKeys)
            instanceName = try c.decode(.instanceName, default: instanceName)
            if instanceName.isEmpty { throw c.invalid(.instanceName, "must not be empty") }
            namespace = try c.decode(.namespace, default: namespace)
            if namespace.isEmpty { throw c.invalid(.namespace, "must not be empty") }
            clusterWideAccess = try c.decode(.clusterWideAccess, default: clusterWideAccess)
            discoverySelectors = try c.decode(.discoverySelectors, default: discoverySelectors)
            viewOnlyMode = try c.decode(.viewOnlyMode, default: viewOnlyMode)
            tlsConfig = try c.decode(.tlsConfig, default: tlsConfig)
            clusterNameOverrides = try c.decode(.clusterNameOverrides, default: clusterNameOverrides)
        }
    }
}

extension KialiConfig.Deployment {
    /// `deployment.discovery_selectors`: which namespaces the console shows. Items of a list are OR'ed, the terms
    /// inside one selector AND'ed.
    public struct DiscoverySelectors: Sendable, Equatable, Decodable {
        /// `default` (default none): selectors for every cluster without an override.
        public var `default`: [LabelSelector] = []
        /// `overrides.<cluster>` (default none): selectors replacing `default` for that cluster.
        public var overrides: [String: [LabelSelector]] = [:]

        /// No selectors: every namespace.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case `default`, overrides
        }

        /// Reads `default` and `overrides` (selectors in Kubernetes' camelCase: `matchLabels`, `matchExpressions`).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            `default` = try c.decode(.default, default: `default`)
            overrides = try c.decode(.overrides, default: overrides)
        }
    }

    /// `deployment.tls_config`: the TLS policy of the server and its clients.
    public struct TLSConfig: Sendable, Equatable, Decodable {
        /// `source`.
        public enum Source: String, Sendable, CaseIterable {
            /// Use `min_version`, `max_version` and `cipher_suites` from here.
            case config
            /// Use the OpenShift API server's TLS profile.
            case auto
        }

        /// A TLS protocol version. TLS 1.0 and 1.1 are refused.
        public enum Version: String, Sendable, Comparable, CaseIterable {
            case tls12 = "TLSv1.2"
            case tls13 = "TLSv1.3"

            public static func < (lhs: Version, rhs: Version) -> Bool { lhs == .tls12 && rhs == .tls13 }

            /// Kiali's spellings: `TLSv1.2`, `TLS1.2`, `VersionTLS12` (and the same for 1.3).
            init?(kialiName: String) {
                switch kialiName {
                case "TLSv1.2", "TLS1.2", "VersionTLS12": self = .tls12
                case "TLSv1.3", "TLS1.3", "VersionTLS13": self = .tls13
                default: return nil
                }
            }
        }

        /// `source` (default `config`; the operator writes `auto` on OpenShift).
        public var source = Source.config
        /// `min_version` (default none, meaning TLS 1.2).
        public var minVersion: Version?
        /// `max_version` (default none: the highest both sides support).
        public var maxVersion: Version?
        /// `cipher_suites` (default `[]`: the library's secure TLS 1.2 suites), IANA or OpenSSL names, as written.
        public var cipherSuites: [String] = []

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case source
            case minVersion = "min_version"
            case maxVersion = "max_version"
            case cipherSuites = "cipher_suites"
        }

        /// Reads the keys listed on the properties. An unknown or empty source, TLS 1.0/1.1, an unknown version and a
        /// maximum below the minimum are refused.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            source = try c.decodeChoice(.source, default: source, noun: "source", emptyIsDefault: false)
            minVersion = try Self.version(c, .minVersion)
            maxVersion = try Self.version(c, .maxVersion)
            if let minVersion, let maxVersion, maxVersion < minVersion {
                throw c.invalid(.maxVersion, "\(maxVersion.rawValue) is lower than min_version \(minVersion.rawValue)")
            }
            cipherSuites = try c.decode(.cipherSuites, default: cipherSuites)
        }

        private static func version(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Version? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key)?.trimmingPrefix(while: \.isWhitespace), !text.isEmpty else {
                return nil
            }
            if let version = Version(kialiName: String(text)) { return version }
            if ["TLSv1.0", "TLS1.0", "VersionTLS10", "TLSv1.1", "TLS1.1", "VersionTLS11"].contains(String(text)) {
                throw c.invalid(key, "\(text) is not supported because of known weaknesses; use TLSv1.2 or TLSv1.3")
            }
            throw c.invalid(key, "unknown TLS version \(ConfigDecoder.quoted(String(text))); expected TLSv1.2 or TLSv1.3")
        }
    }
}
