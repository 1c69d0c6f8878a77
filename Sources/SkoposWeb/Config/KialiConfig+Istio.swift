extension KialiConfig {
    /// `external_services.istio` (backend.md §3.5). The keys removed upstream (§3.9: `istiod_deployment_name`,
    /// `config_map_name`, `root_namespace`, …) warn and are ignored: those objects are discovered.
    public struct Istio: Sendable, Equatable, Decodable {
        /// One `component_status.components` entry: an Istio component whose health is shown.
        public struct Component: Sendable, Equatable, Decodable {
            /// `app_label`: the `app` label of the component's workload.
            public var appLabel = ""
            /// `namespace` (default `""`: the control plane's).
            public var namespace = ""
            /// `is_core` (default `false`).
            public var isCore = false
            /// `is_proxy` (default `false`).
            public var isProxy = false
            /// `is_multicluster` (default `false`).
            public var isMultiCluster = false

            /// An entry.
            public init(appLabel: String, namespace: String = "", isCore: Bool = false, isProxy: Bool = false, isMultiCluster: Bool = false) {
                self.appLabel = appLabel
                self.namespace = namespace
                self.isCore = isCore
                self.isProxy = isProxy
                self.isMultiCluster = isMultiCluster
            }

            private enum CodingKeys: String, CodingKey {
                case namespace
                case appLabel = "app_label"
                case isCore = "is_core"
                case isProxy = "is_proxy"
                case isMultiCluster = "is_multicluster"
            }

            /// Reads the keys listed on the properties.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                appLabel = try c.decode(.appLabel, default: appLabel)
                namespace = try c.decode(.namespace, default: namespace)
                isCore = try c.decode(.isCore, default: isCore)
                isProxy = try c.decode(.isProxy, default: isProxy)
                isMultiCluster = try c.decode(.isMultiCluster, default: isMultiCluster)
            }
        }

        /// One `gateway_api_classes` entry.
        public struct GatewayAPIClass: Sendable, Equatable, Decodable {
            /// `name`: the display name.
            public var name: String
            /// `class_name`: the GatewayClass.
            public var className: String

            /// An entry.
            public init(name: String, className: String) {
                self.name = name
                self.className = className
            }

            private enum CodingKeys: String, CodingKey {
                case name
                case className = "class_name"
            }

            /// Reads `name` and `class_name`.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                name = try c.decode(.name, default: "")
                className = try c.decode(.className, default: "")
            }
        }

        /// `component_status.enabled` (default `true`).
        public var componentStatusEnabled = true
        /// `component_status.components` (default `[]`: components are discovered).
        public var components: [Component] = []
        /// `istio_api_enabled` (default `true`): probe istiod and poll `/debug/syncz`.
        public var istioAPIEnabled = true
        /// `istiod_polling_interval_seconds` (default `20`), 1 or more.
        public var istiodPollingIntervalSeconds = 20
        /// `istio_identity_domain` (default `""`: `svc.<trust domain>`, else `svc.cluster.local`).
        public var istioIdentityDomain = ""
        /// `validation_reconcile_interval` (default `1m`): a Go duration; 0 disables validations.
        public var validationReconcileInterval: Duration = .seconds(60)
        /// `validation_change_detection_enabled` (default `true`).
        public var validationChangeDetectionEnabled = true
        /// `gateway_api_classes` (default `[]`).
        public var gatewayAPIClasses: [GatewayAPIClass] = []
        /// `gateway_api_classes_label_selector` (default `""`).
        public var gatewayAPIClassesLabelSelector = ""

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case componentStatus = "component_status"
            case istioAPIEnabled = "istio_api_enabled"
            case istiodPollingIntervalSeconds = "istiod_polling_interval_seconds"
            case istioIdentityDomain = "istio_identity_domain"
            case validationReconcileInterval = "validation_reconcile_interval"
            case validationChangeDetectionEnabled = "validation_change_detection_enabled"
            case gatewayAPIClasses = "gateway_api_classes"
            case gatewayAPIClassesLabelSelector = "gateway_api_classes_label_selector"
        }

        private enum ComponentStatusKeys: String, CodingKey {
            case enabled, components
        }

        /// Reads the keys listed on the properties.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if c.contains(.componentStatus) {
                let s = try c.nestedContainer(keyedBy: ComponentStatusKeys.self, forKey: .componentStatus)
                componentStatusEnabled = try s.decode(.enabled, default: componentStatusEnabled)
                components = try s.decode(.components, default: components)
            }
            istioAPIEnabled = try c.decode(.istioAPIEnabled, default: istioAPIEnabled)
            istiodPollingIntervalSeconds = try c.decodeInt(.istiodPollingIntervalSeconds, in: 1...Int.max, default: istiodPollingIntervalSeconds)
            istioIdentityDomain = try c.decode(.istioIdentityDomain, default: istioIdentityDomain)
            validationReconcileInterval = try c.decodeGoDuration(.validationReconcileInterval, default: validationReconcileInterval)
            validationChangeDetectionEnabled = try c.decode(.validationChangeDetectionEnabled, default: validationChangeDetectionEnabled)
            gatewayAPIClasses = try c.decode(.gatewayAPIClasses, default: gatewayAPIClasses)
            gatewayAPIClassesLabelSelector = try c.decode(.gatewayAPIClassesLabelSelector, default: gatewayAPIClassesLabelSelector)
        }
    }
}
