public import SkoposModel

/// Kiali's `config.yaml` (backend.md §3), the configuration of `skopos serve`, with Kiali's defaults.
///
/// Built by ``load(yaml:source:)`` (or ``load(file:mountRoot:)``): file values are merged over the defaults, a missing
/// key keeps its default, a list replaces the default list. Each property documents its key and default. Sections and
/// keys Kiali knows but Skopos does not model yet are accepted without warning; the top-level ones are kept as
/// written in ``unmodelled``.
public struct KialiConfig: Sendable, Equatable, Decodable {
    /// `server`: listener, web root, public URL, observability.
    public var server = Server()
    /// `identity`: the server's TLS certificate.
    public var identity = Identity()
    /// `auth`: the login strategy and its settings.
    public var auth = Auth()
    /// `login_token`: session signing and lifetime.
    public var loginToken = LoginToken()
    /// `deployment`: Kiali's own deployment, namespace access, TLS policy.
    public var deployment = Deployment()
    /// `kubernetes_config`: Kubernetes client settings and the home cluster's name.
    public var kubernetesConfig = KubernetesConfig()
    /// `clustering`: remote clusters and links to other Kiali instances.
    public var clustering = Clustering()
    /// `external_services`: Prometheus, tracing, Grafana, Istio, custom dashboards, Perses.
    public var externalServices = ExternalServices()
    /// `kiali_feature_flags`: UI and behaviour switches.
    public var kialiFeatureFlags = FeatureFlags()
    /// `kiali_internal`: cache lifetimes and the graph cache.
    public var kialiInternal = KialiInternal()
    /// Top-level sections Kiali reads that Skopos does not model yet, as written, by key: `health_config`,
    /// `istio_labels`, `additional_display_details`, `custom_dashboards`, `extensions`, `installation_tag`, `api`,
    /// `chat_ai`, `version`, `runMode`. Absent sections are absent here; Kiali's defaults for them apply.
    public var unmodelled: [String: JSONValue] = [:]

    /// Kiali's defaults (what an empty `config.yaml` gives).
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case server, identity, auth, deployment, clustering
        case loginToken = "login_token"
        case kubernetesConfig = "kubernetes_config"
        case externalServices = "external_services"
        case kialiFeatureFlags = "kiali_feature_flags"
        case kialiInternal = "kiali_internal"
    }

    /// The top-level keys kept in ``unmodelled``.
    static let unmodelledKeys = [
        "health_config", "istio_labels", "additional_display_details", "custom_dashboards", "extensions",
        "installation_tag", "api", "chat_ai", "version", "runMode",
    ]

    /// Reads the document: every key listed on the properties, with its default when missing or `null`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decode(.server, default: server)
        identity = try c.decode(.identity, default: identity)
        auth = try c.decode(.auth, default: auth)
        loginToken = try c.decode(.loginToken, default: loginToken)
        deployment = try c.decode(.deployment, default: deployment)
        kubernetesConfig = try c.decode(.kubernetesConfig, default: kubernetesConfig)
        clustering = try c.decode(.clustering, default: clustering)
        externalServices = try c.decode(.externalServices, default: externalServices)
        kialiFeatureFlags = try c.decode(.kialiFeatureFlags, default: kialiFeatureFlags)
        kialiInternal = try c.decode(.kialiInternal, default: kialiInternal)
        let raw = try decoder.container(keyedBy: AnyConfigKey.self)
        for name in Self.unmodelledKeys {
            if let value = try raw.decodeIfPresent(JSONValue.self, forKey: AnyConfigKey(name)) { unmodelled[name] = value }
        }
    }
}
