extension KialiConfig {
    /// `kiali_internal` (backend.md §3.8): settings users rarely touch. Durations are Go duration strings.
    public struct KialiInternal: Sendable, Equatable, Decodable {
        /// `cache_expiration`: lifetimes of internal caches.
        public struct CacheExpiration: Sendable, Equatable, Decodable {
            /// `ambient_check` (default `10m`).
            public var ambientCheck: Duration = .seconds(600)
            /// `gateway` (default `4m`).
            public var gateway: Duration = .seconds(240)
            /// `istio_status` (default `30s`; 0 disables the cache).
            public var istioStatus: Duration = .seconds(30)
            /// `mesh` (default `20s`).
            public var mesh: Duration = .seconds(20)
            /// `waypoint` (default `4m`).
            public var waypoint: Duration = .seconds(240)
            /// `ztunnel_config` (default `2m`).
            public var ztunnelConfig: Duration = .seconds(120)

            /// Kiali's defaults.
            public init() {}

            private enum CodingKeys: String, CodingKey {
                case gateway, mesh, waypoint
                case ambientCheck = "ambient_check"
                case istioStatus = "istio_status"
                case ztunnelConfig = "ztunnel_config"
            }

            /// Reads the keys listed on the properties.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                ambientCheck = try c.decodeGoDuration(.ambientCheck, default: ambientCheck)
                gateway = try c.decodeGoDuration(.gateway, default: gateway)
                istioStatus = try c.decodeGoDuration(.istioStatus, default: istioStatus)
                mesh = try c.decodeGoDuration(.mesh, default: mesh)
                waypoint = try c.decodeGoDuration(.waypoint, default: waypoint)
                ztunnelConfig = try c.decodeGoDuration(.ztunnelConfig, default: ztunnelConfig)
            }
        }

        /// `graph_cache`: the shared graph cache (graph.md §13).
        public struct GraphCache: Sendable, Equatable, Decodable {
            /// `enabled` (default `true`).
            public var enabled = true
            /// `refresh_interval` (default `60s`): how often a cached graph is regenerated.
            public var refreshInterval: Duration = .seconds(60)
            /// `inactivity_timeout` (default `10m`): a graph not read for this long is dropped.
            public var inactivityTimeout: Duration = .seconds(600)
            /// `max_cache_memory_mb` (default `1000`): the estimated size the cache is kept under.
            public var maxCacheMemoryMB = 1000

            /// Kiali's defaults.
            public init() {}

            private enum CodingKeys: String, CodingKey {
                case enabled
                case refreshInterval = "refresh_interval"
                case inactivityTimeout = "inactivity_timeout"
                case maxCacheMemoryMB = "max_cache_memory_mb"
            }

            /// Reads the keys listed on the properties. With the cache enabled, `refresh_interval` must be positive.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                enabled = try c.decode(.enabled, default: enabled)
                refreshInterval = try c.decodeGoDuration(.refreshInterval, default: refreshInterval)
                if enabled, refreshInterval == .zero { throw c.invalid(.refreshInterval, "must be more than 0 while the graph cache is enabled") }
                inactivityTimeout = try c.decodeGoDuration(.inactivityTimeout, default: inactivityTimeout)
                maxCacheMemoryMB = try c.decodeInt(.maxCacheMemoryMB, in: 0...Int.max, default: maxCacheMemoryMB)
            }
        }

        /// `cache_expiration`.
        public var cacheExpiration = CacheExpiration()
        /// `graph_cache`.
        public var graphCache = GraphCache()
        /// `health_cache.enabled` (default `true`): pre-compute health (backend.md §7.8).
        public var healthCacheEnabled = true
        /// `metric_log_duration_limit` (default `3s`): log metric queries slower than this; 0 logs all.
        public var metricLogDurationLimit: Duration = .seconds(3)

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case cacheExpiration = "cache_expiration"
            case graphCache = "graph_cache"
            case healthCache = "health_cache"
            case metricLogDurationLimit = "metric_log_duration_limit"
        }

        private enum HealthCacheKeys: String, CodingKey {
            case enabled
        }

        /// Reads the keys listed on the properties; `url_service_version` (for `run-kiali` only) is accepted.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["url_service_version"])
            cacheExpiration = try c.decode(.cacheExpiration, default: cacheExpiration)
            graphCache = try c.decode(.graphCache, default: graphCache)
            if c.contains(.healthCache) {
                let h = try c.nestedContainer(keyedBy: HealthCacheKeys.self, forKey: .healthCache)
                healthCacheEnabled = try h.decode(.enabled, default: healthCacheEnabled)
            }
            metricLogDurationLimit = try c.decodeGoDuration(.metricLogDurationLimit, default: metricLogDurationLimit)
        }
    }
}
