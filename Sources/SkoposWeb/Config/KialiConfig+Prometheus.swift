import Foundation

extension KialiConfig {
    /// `external_services.prometheus` (backend.md §3.5), and the `prometheus` block of `custom_dashboards`.
    public struct Prometheus: Sendable, Equatable, Decodable {
        /// `thanos_proxy`: Prometheus is a Thanos querier.
        public struct ThanosProxy: Sendable, Equatable, Decodable {
            /// `enabled` (default `false`).
            public var enabled = false
            /// `retention_period` (default `7d`): a Prometheus duration, passed to queries as written.
            public var retentionPeriod = "7d"
            /// `scrape_interval` (default `30s`): a Prometheus duration, passed to queries as written.
            public var scrapeInterval = "30s"

            /// Kiali's defaults.
            public init() {}

            private enum CodingKeys: String, CodingKey {
                case enabled
                case retentionPeriod = "retention_period"
                case scrapeInterval = "scrape_interval"
            }

            /// Reads the keys listed on the properties.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                enabled = try c.decode(.enabled, default: enabled)
                retentionPeriod = try c.decode(.retentionPeriod, default: retentionPeriod)
                scrapeInterval = try c.decode(.scrapeInterval, default: scrapeInterval)
            }
        }

        /// `enabled` (default `true`).
        public var enabled = true
        /// `url` (default `http://prometheus.istio-system:9090`): an `http` or `https` URL, required when enabled. One
        /// URL for all clusters.
        public var url = "http://prometheus.istio-system:9090"
        /// `auth`.
        public var auth = ServiceAuth(service: "prometheus")
        /// `custom_headers` (default `{}`): headers sent with every query.
        public var customHeaders: [String: String] = [:]
        /// `query_scope` (default `{}`): label matchers added to every query (for example `mesh_id`).
        public var queryScope: [String: String] = [:]
        /// `health_check_url` (default `""`, meaning `<url>/-/healthy`).
        public var healthCheckURL = ""
        /// `is_core` (default `false`): an outage is shown as an error rather than a warning.
        public var isCore = false
        /// `cache_enabled` (default `true`): cache query results.
        public var cacheEnabled = true
        /// `cache_duration` (default 7 s): lifetime of a cached query result; integer seconds.
        public var cacheDuration: Duration = .seconds(7)
        /// `cache_expiration` (default 300 s): the whole cache is dropped after this; integer seconds.
        public var cacheExpiration: Duration = .seconds(300)
        /// `thanos_proxy`.
        public var thanosProxy = ThanosProxy()

        /// Kiali's defaults for `external_services.prometheus`.
        public init() {}

        /// Kiali's defaults for `external_services.custom_dashboards.prometheus`: an empty URL, meaning the main
        /// Prometheus, and Go's zero values elsewhere.
        static var customDashboards: Prometheus {
            var prometheus = Prometheus()
            prometheus.url = ""
            prometheus.cacheEnabled = false
            prometheus.cacheDuration = .zero
            prometheus.cacheExpiration = .zero
            prometheus.auth = ServiceAuth(service: "customdashboards-prometheus")
            return prometheus
        }

        private enum CodingKeys: String, CodingKey {
            case enabled, url, auth
            case customHeaders = "custom_headers"
            case queryScope = "query_scope"
            case healthCheckURL = "health_check_url"
            case isCore = "is_core"
            case cacheEnabled = "cache_enabled"
            case cacheDuration = "cache_duration"
            case cacheExpiration = "cache_expiration"
            case thanosProxy = "thanos_proxy"
        }

        /// Reads the keys listed on the properties over the defaults already in `self` (the main or the custom
        /// dashboards' ones). A non-empty `url` must be an `http` or `https` URL.
        init(from decoder: any Decoder, defaults: Prometheus, service: String) throws {
            self = defaults
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decode(.enabled, default: enabled)
            url = try c.decode(.url, default: url)
            if !url.isEmpty, !Self.isHTTPURL(url) {
                throw c.invalid(.url, "expected an http or https URL, got \(ConfigDecoder.quoted(url))")
            }
            auth = try c.decode(.auth, default: auth).forService(service)
            customHeaders = try c.decode(.customHeaders, default: customHeaders)
            queryScope = try c.decode(.queryScope, default: queryScope)
            healthCheckURL = try c.decode(.healthCheckURL, default: healthCheckURL)
            isCore = try c.decode(.isCore, default: isCore)
            cacheEnabled = try c.decode(.cacheEnabled, default: cacheEnabled)
            cacheDuration = try c.decodeSeconds(.cacheDuration, default: cacheDuration)
            cacheExpiration = try c.decodeSeconds(.cacheExpiration, default: cacheExpiration)
            thanosProxy = try c.decode(.thanosProxy, default: thanosProxy)
        }

        /// Reads `external_services.prometheus`.
        public init(from decoder: any Decoder) throws {
            try self.init(from: decoder, defaults: Prometheus(), service: "prometheus")
        }

        /// Whether `text` is an absolute `http` or `https` URL with a host.
        static func isHTTPURL(_ text: String) -> Bool {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
            return (scheme == "http" || scheme == "https") && !(components.host ?? "").isEmpty
        }
    }
}
