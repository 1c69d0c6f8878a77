extension KialiConfig {
    /// `external_services.grafana` (backend.md §3.5, §2.11): links to Grafana dashboards.
    public struct Grafana: Sendable, Equatable, Decodable {
        /// `enabled` (default `true`).
        public var enabled = true
        /// `internal_url` (default `http://grafana.istio-system:3000`): used by the server. The deprecated
        /// `in_cluster_url` is copied here.
        public var internalURL = "http://grafana.istio-system:3000"
        /// `external_url` (default `""`): used by the UI for links. The deprecated `url` is copied here.
        public var externalURL = ""
        /// `auth`.
        public var auth = ServiceAuth(service: "grafana")
        /// `health_check_url` (default `""`).
        public var healthCheckURL = ""
        /// `is_core` (default `false`).
        public var isCore = false
        /// `datasource_uid` (default `""`).
        public var datasourceUID = ""

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case enabled, auth, url
            case internalURL = "internal_url"
            case externalURL = "external_url"
            case inClusterURL = "in_cluster_url"
            case healthCheckURL = "health_check_url"
            case isCore = "is_core"
            case datasourceUID = "datasource_uid"
        }

        /// Reads the keys listed on the properties; `dashboards` is accepted and not modelled yet. A non-empty
        /// deprecated `in_cluster_url` or `url` replaces `internal_url` or `external_url`, as in Kiali, and warns.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["dashboards"])
            enabled = try c.decode(.enabled, default: enabled)
            internalURL = try c.decode(.internalURL, default: internalURL)
            externalURL = try c.decode(.externalURL, default: externalURL)
            internalURL = try c.decode(deprecated: .inClusterURL, over: internalURL, replacement: .internalURL, in: decoder)
            externalURL = try c.decode(deprecated: .url, over: externalURL, replacement: .externalURL, in: decoder)
            auth = try c.decode(.auth, default: auth).forService("grafana")
            healthCheckURL = try c.decode(.healthCheckURL, default: healthCheckURL)
            isCore = try c.decode(.isCore, default: isCore)
            datasourceUID = try c.decode(.datasourceUID, default: datasourceUID)
        }
    }
}
