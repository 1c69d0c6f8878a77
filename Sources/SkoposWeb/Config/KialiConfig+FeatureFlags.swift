public import SkoposModel

extension KialiConfig {
    /// `kiali_feature_flags` (backend.md §3.7; the UI reads them as `kialiFeatureFlags`).
    public struct FeatureFlags: Sendable, Equatable, Decodable {
        /// The features `disabled_features` may name.
        public static let disableableFeatures = ["logs-tab"]

        /// `disabled_features` (default `[]`): only `logs-tab` is valid.
        public var disabledFeatures: [String] = []
        /// `istio_annotation_action` (default `true`).
        public var istioAnnotationAction = true
        /// `istio_injection_action` (default `true`).
        public var istioInjectionAction = true
        /// `istio_upgrade_action` (default `false`).
        public var istioUpgradeAction = false
        /// `authz.require_namespace_get` (default `false`, backend.md §4.8).
        public var requireNamespaceGet = false
        /// `validations.ignore` (default `[KIA1301]`): validation codes not reported.
        public var validationsIgnore = ["KIA1301"]
        /// `validations.skip_wildcard_gateway_hosts` (default `false`).
        public var skipWildcardGatewayHosts = false
        /// `ui_defaults.tracing.limit` (default `100`): 10–1000.
        public var tracingLimit = 100
        /// `ui_defaults`, as written (empty when absent: Kiali's UI defaults apply). Not modelled yet.
        public var uiDefaults: JSONValue = .object([:])

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case authz, validations
            case disabledFeatures = "disabled_features"
            case istioAnnotationAction = "istio_annotation_action"
            case istioInjectionAction = "istio_injection_action"
            case istioUpgradeAction = "istio_upgrade_action"
            case uiDefaults = "ui_defaults"
        }

        private enum AuthzKeys: String, CodingKey {
            case requireNamespaceGet = "require_namespace_get"
        }

        private enum ValidationsKeys: String, CodingKey {
            case ignore
            case skipWildcardGatewayHosts = "skip_wildcard_gateway_hosts"
        }

        /// Reads the keys listed on the properties; `clustering`, `custom_workload_types` and
        /// `certificates_information_indicators` are accepted and not modelled yet. An unknown disabled feature and a
        /// tracing limit outside 10–1000 are refused.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["clustering", "custom_workload_types", "certificates_information_indicators"])
            disabledFeatures = try c.decode(.disabledFeatures, default: disabledFeatures)
            for (index, feature) in disabledFeatures.enumerated() where !Self.disableableFeatures.contains(feature) {
                throw ConfigError.invalid(
                    c.keyPath(.disabledFeatures) + "[\(index)]",
                    "unknown feature \(ConfigDecoder.quoted(feature)); expected one of \(Self.disableableFeatures.joined(separator: ", "))"
                )
            }
            istioAnnotationAction = try c.decode(.istioAnnotationAction, default: istioAnnotationAction)
            istioInjectionAction = try c.decode(.istioInjectionAction, default: istioInjectionAction)
            istioUpgradeAction = try c.decode(.istioUpgradeAction, default: istioUpgradeAction)
            if c.contains(.authz) {
                let a = try c.nestedContainer(keyedBy: AuthzKeys.self, forKey: .authz)
                requireNamespaceGet = try a.decode(.requireNamespaceGet, default: requireNamespaceGet)
            }
            if c.contains(.validations) {
                let v = try c.nestedContainer(keyedBy: ValidationsKeys.self, forKey: .validations)
                validationsIgnore = try v.decode(.ignore, default: validationsIgnore)
                skipWildcardGatewayHosts = try v.decode(.skipWildcardGatewayHosts, default: skipWildcardGatewayHosts)
            }
            uiDefaults = try c.decode(.uiDefaults, default: uiDefaults)
            if let limit = uiDefaults["tracing"]?["limit"], !limit.isNull {
                guard case .int(let number) = limit, (10...1000).contains(number) else {
                    let got = ConfigDecoder.describe(limit)
                    throw ConfigError.invalid(c.keyPath(.uiDefaults) + ".tracing.limit", "expected an integer from 10 to 1000, got \(got)")
                }
                tracingLimit = number
            }
        }
    }
}
