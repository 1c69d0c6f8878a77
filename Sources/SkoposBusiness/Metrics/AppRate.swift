/// A row of the Overview's applications card, from the health cache.
public struct AppRate: Sendable, Hashable {
    /// The app's cluster.
    public var cluster: String
    /// Its namespace.
    public var namespace: String
    /// Its name (canonical service).
    public var appName: String
    /// Inbound requests per second.
    public var requestRateIn: Double
    /// Outbound requests per second.
    public var requestRateOut: Double
    /// Its health status (`NA` when not computed).
    public var healthStatus: String

    /// A row.
    public init(cluster: String, namespace: String, appName: String, requestRateIn: Double, requestRateOut: Double, healthStatus: String) {
        self.cluster = cluster
        self.namespace = namespace
        self.appName = appName
        self.requestRateIn = requestRateIn
        self.requestRateOut = requestRateOut
        self.healthStatus = healthStatus
    }
}
