/// The server settings the engine uses (from `config.yaml`).
public struct GraphSettings: Sendable, Hashable {
    /// The app and version label names (Istio's canonical labels by default).
    public var appLabel = "app"
    public var versionLabel = "version"
    /// Namespaces of the control plane, skipped by `meshCheck` (`istio-system` by default).
    public var controlPlaneNamespaces: Set<String> = ["istio-system"]
    /// The trust domain suffix of service accounts, for principals (`svc.cluster.local`).
    public var identityDomain = "svc.cluster.local"
    /// How many Prometheus queries one graph runs at once.
    public var queryConcurrency = 16
    /// `health_config.rate`: the tolerances of the `health` finalizer, first matching entry wins. Kiali appends its
    /// default entry after the user's (``HealthRate/withDefault(_:)``); this default is that entry alone
    /// (`backend.md` §3.6).
    public var healthRates: [HealthRate] = [HealthRate.default]

    public init() {}
}
