extension KialiConfig {
    /// `kubernetes_config` (backend.md §3.4).
    public struct KubernetesConfig: Sendable, Equatable, Decodable {
        /// `cluster_name` (default `""`): the home cluster's name; detected when empty (§5.3). Must not contain `~`.
        public var clusterName = ""
        /// `qps` (default `175`): client request rate. Upstream applies it to remote clusters only; Skopos everywhere.
        public var qps = 175.0
        /// `burst` (default `200`).
        public var burst = 200
        /// `cache_token_namespace_duration` (default 10 s): how long a user's namespace list is cached; integer
        /// seconds.
        public var cacheTokenNamespaceDuration: Duration = .seconds(10)
        /// `cache_duration` (default 300 s): read but unused upstream; integer seconds.
        public var cacheDuration: Duration = .seconds(300)
        /// `excluded_workloads` (default `[CronJob, DeploymentConfig, Job, ReplicationController]`): controller kinds not
        /// shown as workloads.
        public var excludedWorkloads = ["CronJob", "DeploymentConfig", "Job", "ReplicationController"]

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case qps, burst
            case clusterName = "cluster_name"
            case cacheTokenNamespaceDuration = "cache_token_namespace_duration"
            case cacheDuration = "cache_duration"
            case excludedWorkloads = "excluded_workloads"
        }

        /// Reads the keys listed on the properties.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            clusterName = try c.decode(.clusterName, default: clusterName)
            qps = try c.decodeDouble(.qps, in: 0...Double.infinity, default: qps)
            burst = try c.decodeInt(.burst, in: 0...Int.max, default: burst)
            cacheTokenNamespaceDuration = try c.decodeSeconds(.cacheTokenNamespaceDuration, default: cacheTokenNamespaceDuration)
            cacheDuration = try c.decodeSeconds(.cacheDuration, default: cacheDuration)
            excludedWorkloads = try c.decode(.excludedWorkloads, default: excludedWorkloads)
        }
    }
}
