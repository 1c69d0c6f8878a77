public import SkoposModel

/// The `infraData` of the add-on nodes and of the Kiali node: the console's `external_services` settings as Kiali
/// shows them on the mesh page (`backend.md` §2.8), camelCase, with every credential replaced by `xxx`. Fields Kiali
/// leaves out when empty or false are left out the same way. Defaults are Kiali's (`backend.md` §3.5).
public enum AddOnConfig {
    /// An `auth` block. Credentials are never carried here: they are always written as `xxx`.
    public struct Auth: Sendable, Hashable {
        /// `none`, `basic`, `bearer` or `oauth2`.
        public var type = "none"
        /// `use_kiali_token`.
        public var useKialiToken = false
        /// `insecure_skip_verify`.
        public var insecureSkipVerify = false
        /// `oauth2.client_id`.
        public var oauth2ClientID = ""
        /// `oauth2.token_url`.
        public var oauth2TokenURL = ""

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            [
                "certFile": "xxx", "insecureSkipVerify": .bool(insecureSkipVerify), "keyFile": "xxx",
                "oauth2": ["clientId": .string(oauth2ClientID), "clientSecret": "xxx", "tokenUrl": .string(oauth2TokenURL)],
                "password": "xxx", "token": "xxx", "type": .string(type), "useKialiToken": .bool(useKialiToken), "username": "xxx",
            ]
        }
    }

    /// `external_services.prometheus`.
    public struct Prometheus: Sendable, Hashable {
        /// `enabled`.
        public var enabled = true
        /// `url`: also where the node is placed.
        public var url = "http://prometheus.istio-system:9090"
        /// `auth`.
        public var auth = Auth()
        /// `cache_enabled`.
        public var cacheEnabled = true
        /// Seconds.
        public var cacheDuration = 7
        /// Seconds.
        public var cacheExpiration = 300
        /// `thanos_proxy.enabled`.
        public var thanosProxyEnabled = false
        /// `thanos_proxy.retention_period`.
        public var thanosRetentionPeriod = "7d"
        /// `thanos_proxy.scrape_interval`.
        public var thanosScrapeInterval = "30s"
        /// `query_scope`.
        public var queryScope: [String: String] = [:]
        /// Header names only: values are written as `xxx`.
        public var customHeaders: [String] = []
        /// `health_check_url`.
        public var healthCheckURL = ""
        /// `is_core`.
        public var isCore = false

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            var thanos: [String: JSONValue] = ["retentionPeriod": .string(thanosRetentionPeriod), "scrapeInterval": .string(thanosScrapeInterval)]
            if thanosProxyEnabled { thanos["enabled"] = true }
            var o: [String: JSONValue] = [
                "auth": auth.json, "cacheDuration": .int(cacheDuration), "cacheEnabled": .bool(cacheEnabled),
                "cacheExpiration": .int(cacheExpiration),
                "enabled": .bool(enabled), "thanosProxy": .object(thanos), "url": .string(url),
            ]
            AddOnConfig.optional(&o, queryScope: queryScope, customHeaders: customHeaders, healthCheckURL: healthCheckURL, isCore: isCore)
            return .object(o)
        }

        /// The node, or `nil` when disabled.
        public func addOn(health: String? = nil, version: String? = nil) -> MeshAddOn? {
            enabled ? MeshAddOn(kind: .metricStore, name: "Prometheus", url: url, infraData: json, health: health, version: version) : nil
        }
    }

    /// `external_services.grafana`.
    public struct Grafana: Sendable, Hashable {
        /// `enabled`.
        public var enabled = true
        /// `internal_url`: also where the node is placed.
        public var internalURL = "http://grafana.istio-system:3000"
        /// `external_url`: where the node is placed when `internal_url` is empty.
        public var externalURL = ""
        /// `auth`.
        public var auth = Auth()
        /// The configured dashboards as JSON; `null` when none.
        public var dashboards: JSONValue = .null
        /// `health_check_url`.
        public var healthCheckURL = ""
        /// `is_core`.
        public var isCore = false
        /// `datasource_uid`.
        public var datasourceUID = ""

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            var o: [String: JSONValue] = [
                "auth": auth.json, "dashboards": dashboards, "enabled": .bool(enabled), "externalURL": .string(externalURL),
                "internalURL": .string(internalURL),
            ]
            if !datasourceUID.isEmpty { o["datasourceUID"] = .string(datasourceUID) }
            AddOnConfig.optional(&o, queryScope: [:], customHeaders: [], healthCheckURL: healthCheckURL, isCore: isCore)
            return .object(o)
        }

        /// The node, or `nil` when disabled.
        public func addOn(health: String? = nil, version: String? = nil) -> MeshAddOn? {
            guard enabled else { return nil }
            return MeshAddOn(
                kind: .grafana,
                name: "Grafana",
                url: internalURL.isEmpty ? externalURL : internalURL,
                infraData: json,
                health: health,
                version: version
            )
        }
    }

    /// `external_services.tracing`.
    public struct Tracing: Sendable, Hashable {
        /// `enabled`.
        public var enabled = false
        /// `jaeger` or `tempo`: also the node's name.
        public var provider = "jaeger"
        /// `internal_url`: also where the node is placed.
        public var internalURL = "http://tracing.istio-system:16685/jaeger"
        /// `external_url`: where the node is placed when `internal_url` is empty.
        public var externalURL = ""
        /// `auth`.
        public var auth = Auth()
        /// `use_grpc`.
        public var useGRPC = true
        /// `grpc_port`.
        public var grpcPort = 9095
        /// `namespace_selector`.
        public var namespaceSelector = true
        /// Seconds.
        public var queryTimeout = 5
        /// `use_waypoint_name`.
        public var useWaypointName = false
        /// `whitelist_istio_system`.
        public var whitelistIstioSystem = ["jaeger-query", "istio-ingressgateway"]
        /// `tempo_config.cache_capacity`.
        public var tempoCacheCapacity = 200
        /// `tempo_config.cache_enabled`.
        public var tempoCacheEnabled = true
        /// `tempo_config` strings (`datasource_uid`, `name`, `namespace`, `org_id`, `tenant`, `url_format`) by their
        /// camelCase names; empty ones are left out.
        public var tempoSettings: [String: String] = [:]
        /// `query_scope`.
        public var queryScope: [String: String] = [:]
        /// `custom_headers` names only: values are written as `xxx`.
        public var customHeaders: [String] = []
        /// `health_check_url`.
        public var healthCheckURL = ""
        /// `is_core`.
        public var isCore = false
        /// `disable_version_check`.
        public var disableVersionCheck = false

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            var tempo: [String: JSONValue] = ["cacheCapacity": .int(tempoCacheCapacity), "cacheEnabled": .bool(tempoCacheEnabled)]
            for (k, v) in tempoSettings where !v.isEmpty { tempo[k] = .string(v) }
            var o: [String: JSONValue] = [
                "auth": auth.json, "enabled": .bool(enabled), "externalURL": .string(externalURL), "grpcPort": .int(grpcPort),
                "internalURL": .string(internalURL), "provider": .string(provider), "tempoConfig": .object(tempo),
                "namespaceSelector": .bool(namespaceSelector), "queryTimeout": .int(queryTimeout), "useGRPC": .bool(useGRPC),
                "useWaypointName": .bool(useWaypointName), "whiteListIstioSystem": .array(whitelistIstioSystem.map(JSONValue.string)),
            ]
            if disableVersionCheck { o["disableVersionCheck"] = true }
            AddOnConfig.optional(&o, queryScope: queryScope, customHeaders: customHeaders, healthCheckURL: healthCheckURL, isCore: isCore)
            return .object(o)
        }

        /// The node, or `nil` when disabled.
        public func addOn(health: String? = nil, version: String? = nil) -> MeshAddOn? {
            guard enabled else { return nil }
            return MeshAddOn(
                kind: .traceStore,
                name: provider,
                url: internalURL.isEmpty ? externalURL : internalURL,
                infraData: json,
                health: health,
                version: version
            )
        }
    }

    /// `external_services.perses`.
    public struct Perses: Sendable, Hashable {
        /// `enabled`.
        public var enabled = false
        /// `internal_url`: also where the node is placed.
        public var internalURL = ""
        /// `external_url`: where the node is placed when `internal_url` is empty.
        public var externalURL = ""
        /// `auth`.
        public var auth = Auth()
        /// `project`.
        public var project = "istio"
        /// `health_check_url`.
        public var healthCheckURL = ""
        /// `is_core`.
        public var isCore = false

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            var o: [String: JSONValue] = [
                "auth": auth.json, "enabled": .bool(enabled), "externalURL": .string(externalURL), "internalURL": .string(internalURL),
                "project": .string(project),
            ]
            AddOnConfig.optional(&o, queryScope: [:], customHeaders: [], healthCheckURL: healthCheckURL, isCore: isCore)
            return .object(o)
        }

        /// The node, or `nil` when disabled.
        public func addOn(health: String? = nil, version: String? = nil) -> MeshAddOn? {
            guard enabled else { return nil }
            return MeshAddOn(
                kind: .perses,
                name: "Perses",
                url: internalURL.isEmpty ? externalURL : internalURL,
                infraData: json,
                health: health,
                version: version
            )
        }
    }

    /// `external_services.istio`: the Kiali node's `infraData`.
    public struct Istio: Sendable, Hashable {
        /// `component_status.enabled`.
        public var componentStatusesEnabled = true
        /// `istio_api_enabled`.
        public var istioAPIEnabled = true
        /// `istiod_polling_interval_seconds`.
        public var istiodPollingIntervalSeconds = 20
        /// `validation_change_detection_enabled`.
        public var validationChangeDetectionEnabled = true
        /// Nanoseconds, as Go writes a `time.Duration` (1 minute).
        public var validationReconcileInterval: Int64 = 60_000_000_000
        /// `istio_identity_domain`; left out when empty.
        public var istioIdentityDomain = ""
        /// `gateway_api_classes`; left out when empty.
        public var gatewayAPIClasses: [String] = []

        /// Kiali's defaults.
        public init() {}

        /// The obfuscated JSON.
        public var json: JSONValue {
            var o: [String: JSONValue] = [
                "componentStatuses": ["enabled": .bool(componentStatusesEnabled)], "istioApiEnabled": .bool(istioAPIEnabled),
                "istiodPollingIntervalSeconds": .int(istiodPollingIntervalSeconds),
                "validationChangeDetectionEnabled": .bool(validationChangeDetectionEnabled),
                "validationReconcileInterval": .int(Int(validationReconcileInterval)),
            ]
            if !istioIdentityDomain.isEmpty { o["istioIdentityDomain"] = .string(istioIdentityDomain) }
            if !gatewayAPIClasses.isEmpty { o["gatewayApiClasses"] = .array(gatewayAPIClasses.map(JSONValue.string)) }
            return .object(o)
        }
    }

    /// The members Kiali leaves out when empty or false.
    static func optional(
        _ o: inout [String: JSONValue],
        queryScope: [String: String],
        customHeaders: [String],
        healthCheckURL: String,
        isCore: Bool
    ) {
        if !queryScope.isEmpty { o["queryScope"] = .object(queryScope.mapValues(JSONValue.string)) }
        if !customHeaders.isEmpty { o["customHeaders"] = .object(Dictionary(customHeaders.map { ($0, JSONValue.string("xxx")) }) { a, _ in a }) }
        if !healthCheckURL.isEmpty { o["healthCheckUrl"] = .string(healthCheckURL) }
        if isCore { o["isCore"] = true }
    }
}
