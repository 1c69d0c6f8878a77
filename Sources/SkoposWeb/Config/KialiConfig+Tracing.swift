extension KialiConfig {
    /// `external_services.tracing` (backend.md §3.5, §2.10): the tracing back-end (Jaeger or Tempo).
    public struct Tracing: Sendable, Equatable, Decodable {
        /// `provider`.
        public enum Provider: String, Sendable, CaseIterable {
            case jaeger, tempo
        }

        /// `enabled` (default `false`).
        public var enabled = false
        /// `provider` (default `jaeger`): `jaeger` or `tempo`.
        public var provider = Provider.jaeger
        /// `internal_url` (default `http://tracing.istio-system:16685/jaeger`): used by the server. The deprecated
        /// `in_cluster_url` is copied here.
        public var internalURL = "http://tracing.istio-system:16685/jaeger"
        /// `external_url` (default `""`): used by the UI for links; the server's fallback when `internal_url` is empty.
        /// The deprecated `url` is copied here.
        public var externalURL = ""
        /// `use_grpc` (default `true`): Jaeger's gRPC API at the URL's host and port; Tempo's streaming on `grpc_port`.
        public var useGRPC = true
        /// `grpc_port` (default `9095`), 1–65535.
        public var grpcPort = 9095
        /// `auth`.
        public var auth = ServiceAuth(service: "tracing")
        /// `custom_headers` (default `{}`).
        public var customHeaders: [String: String] = [:]
        /// `query_scope` (default `{}`): tags added to every query.
        public var queryScope: [String: String] = [:]
        /// `query_timeout` (default 5 s): integer seconds.
        public var queryTimeout: Duration = .seconds(5)
        /// `namespace_selector` (default `true`).
        public var namespaceSelector = true
        /// `health_check_url` (default `""`).
        public var healthCheckURL = ""
        /// `is_core` (default `false`).
        public var isCore = false
        /// `disable_version_check` (default `false`).
        public var disableVersionCheck = false
        /// `use_waypoint_name` (default `false`).
        public var useWaypointName = false
        /// `whitelist_istio_system` (default `[jaeger-query, istio-ingressgateway]`): `istio-system` services whose
        /// traces are shown.
        public var whitelistIstioSystem = ["jaeger-query", "istio-ingressgateway"]

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case enabled, provider, auth
            case internalURL = "internal_url"
            case externalURL = "external_url"
            case inClusterURL = "in_cluster_url"
            case url
            case useGRPC = "use_grpc"
            case grpcPort = "grpc_port"
            case customHeaders = "custom_headers"
            case queryScope = "query_scope"
            case queryTimeout = "query_timeout"
            case namespaceSelector = "namespace_selector"
            case healthCheckURL = "health_check_url"
            case isCore = "is_core"
            case disableVersionCheck = "disable_version_check"
            case useWaypointName = "use_waypoint_name"
            case whitelistIstioSystem = "whitelist_istio_system"
        }

        /// Reads the keys listed on the properties; `tempo_config` is accepted and not modelled yet. A non-empty
        /// deprecated `in_cluster_url` or `url` replaces `internal_url` or `external_url`, as in Kiali, and warns.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["tempo_config"])
            enabled = try c.decode(.enabled, default: enabled)
            provider = try c.decodeChoice(.provider, default: provider, noun: "tracing provider")
            internalURL = try c.decode(.internalURL, default: internalURL)
            externalURL = try c.decode(.externalURL, default: externalURL)
            internalURL = try c.decode(deprecated: .inClusterURL, over: internalURL, replacement: .internalURL, in: decoder)
            externalURL = try c.decode(deprecated: .url, over: externalURL, replacement: .externalURL, in: decoder)
            useGRPC = try c.decode(.useGRPC, default: useGRPC)
            grpcPort = try c.decodeInt(.grpcPort, in: 1...65535, default: grpcPort)
            auth = try c.decode(.auth, default: auth).forService("tracing")
            customHeaders = try c.decode(.customHeaders, default: customHeaders)
            queryScope = try c.decode(.queryScope, default: queryScope)
            queryTimeout = try c.decodeSeconds(.queryTimeout, default: queryTimeout)
            namespaceSelector = try c.decode(.namespaceSelector, default: namespaceSelector)
            healthCheckURL = try c.decode(.healthCheckURL, default: healthCheckURL)
            isCore = try c.decode(.isCore, default: isCore)
            disableVersionCheck = try c.decode(.disableVersionCheck, default: disableVersionCheck)
            useWaypointName = try c.decode(.useWaypointName, default: useWaypointName)
            whitelistIstioSystem = try c.decode(.whitelistIstioSystem, default: whitelistIstioSystem)
        }
    }
}
