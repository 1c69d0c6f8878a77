extension KialiConfig {
    /// `external_services` (backend.md §3.5).
    public struct ExternalServices: Sendable, Equatable, Decodable {
        /// `prometheus`.
        public var prometheus = Prometheus()
        /// `tracing`.
        public var tracing = Tracing()
        /// `grafana`.
        public var grafana = Grafana()
        /// `istio`.
        public var istio = Istio()
        /// `custom_dashboards`.
        public var customDashboards = CustomDashboards()

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case prometheus, tracing, grafana, istio
            case customDashboards = "custom_dashboards"
        }

        /// Reads the sections listed on the properties; `perses` is accepted and not modelled yet.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["perses"])
            prometheus = try c.decode(.prometheus, default: prometheus)
            tracing = try c.decode(.tracing, default: tracing)
            grafana = try c.decode(.grafana, default: grafana)
            istio = try c.decode(.istio, default: istio)
            customDashboards = try c.decode(.customDashboards, default: customDashboards)
        }
    }
}

extension KialiConfig.ExternalServices {
    /// `external_services.custom_dashboards`: dashboards from `MonitoringDashboard` resources and pod annotations.
    public struct CustomDashboards: Sendable, Equatable, Decodable {
        /// `discovery_enabled`.
        public enum Discovery: String, Sendable, CaseIterable {
            case `true`, `false`, auto
        }

        /// `enabled` (default `true`).
        public var enabled = true
        /// `discovery_enabled` (default `auto`): `true`, `false` or `auto`.
        public var discoveryEnabled = Discovery.auto
        /// `discovery_auto_threshold` (default `10`): with `auto`, discover only below this many pods.
        public var discoveryAutoThreshold = 10
        /// `namespace_label` (default `namespace`): the metric label holding the namespace.
        public var namespaceLabel = "namespace"
        /// `is_core` (default `false`).
        public var isCore = false
        /// `prometheus` (default: empty URL, meaning the main Prometheus).
        public var prometheus = KialiConfig.Prometheus.customDashboards

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case enabled, prometheus
            case discoveryEnabled = "discovery_enabled"
            case discoveryAutoThreshold = "discovery_auto_threshold"
            case namespaceLabel = "namespace_label"
            case isCore = "is_core"
        }

        /// Reads the keys listed on the properties. `discovery_enabled` may be a boolean or a string.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decode(.enabled, default: enabled)
            discoveryEnabled = try c.decodeChoice(.discoveryEnabled, default: discoveryEnabled, noun: "discovery setting")
            discoveryAutoThreshold = try c.decodeInt(.discoveryAutoThreshold, in: 0...Int.max, default: discoveryAutoThreshold)
            namespaceLabel = try c.decode(.namespaceLabel, default: namespaceLabel)
            isCore = try c.decode(.isCore, default: isCore)
            if c.contains(.prometheus) {
                let nested = try c.superDecoder(forKey: .prometheus)
                if try !c.decodeNil(forKey: .prometheus) {
                    prometheus = try KialiConfig.Prometheus(
                        from: nested,
                        defaults: prometheus,
                        service: "customdashboards-prometheus"
                    )
                }
            }
        }
    }
}
