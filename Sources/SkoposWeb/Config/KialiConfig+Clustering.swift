extension KialiConfig {
    /// `clustering` (backend.md §3.4, §5): remote clusters and links to other Kiali instances.
    public struct Clustering: Sendable, Equatable, Decodable {
        /// One `clusters` entry.
        public struct Cluster: Sendable, Equatable, Decodable {
            /// `name`: the cluster's name as in telemetry; required, unique, without `~`.
            public var name: String
            /// `secret_name` (default `""`): the Secret in the console's namespace with its kubeconfig; empty means
            /// the cluster is known but inaccessible.
            public var secretName: String

            /// A cluster entry.
            public init(name: String, secretName: String = "") {
                self.name = name
                self.secretName = secretName
            }

            private enum CodingKeys: String, CodingKey {
                case name
                case secretName = "secret_name"
            }

            /// Reads `name` (required) and `secret_name`.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                name = try c.decode(String.self, forKey: .name)
                secretName = try c.decode(.secretName, default: "")
            }
        }

        /// One `kiali_urls` entry: the URL of the Kiali instance of another cluster.
        public struct KialiURL: Sendable, Equatable, Decodable {
            /// `cluster_name`.
            public var clusterName: String
            /// `instance_name`.
            public var instanceName: String
            /// `namespace`.
            public var namespace: String
            /// `url`.
            public var url: String

            /// An entry.
            public init(clusterName: String, instanceName: String = "kiali", namespace: String = "istio-system", url: String) {
                self.clusterName = clusterName
                self.instanceName = instanceName
                self.namespace = namespace
                self.url = url
            }

            private enum CodingKeys: String, CodingKey {
                case namespace, url
                case clusterName = "cluster_name"
                case instanceName = "instance_name"
            }

            /// Reads the four keys; missing ones are empty.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                clusterName = try c.decode(.clusterName, default: "")
                instanceName = try c.decode(.instanceName, default: "")
                namespace = try c.decode(.namespace, default: "")
                url = try c.decode(.url, default: "")
            }
        }

        /// `clusters` (default `[]`): remote clusters given explicitly (§5.2).
        public var clusters: [Cluster] = []
        /// `ignore_home_cluster` (default `false`): management-cluster mode; needs `kubernetes_config.cluster_name`.
        public var ignoreHomeCluster = false
        /// `kiali_urls` (default `[]`).
        public var kialiURLs: [KialiURL] = []
        /// `enable_exec_provider` (default `false`): allow `exec:` users in remote kubeconfigs.
        public var enableExecProvider = false

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case clusters
            case ignoreHomeCluster = "ignore_home_cluster"
            case kialiURLs = "kiali_urls"
            case enableExecProvider = "enable_exec_provider"
        }

        /// Reads the keys listed on the properties; the operator's `autodetect_secrets` is accepted and ignored. Cluster
        /// names are checked by ``KialiConfig/validate()``.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["autodetect_secrets"])
            clusters = try c.decode(.clusters, default: clusters)
            ignoreHomeCluster = try c.decode(.ignoreHomeCluster, default: ignoreHomeCluster)
            kialiURLs = try c.decode(.kialiURLs, default: kialiURLs)
            enableExecProvider = try c.decode(.enableExecProvider, default: enableExecProvider)
        }
    }
}
