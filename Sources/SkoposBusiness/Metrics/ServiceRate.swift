/// A row of the Overview's service-rates card, from the health cache.
public struct ServiceRate: Sendable, Hashable {
    /// The service's cluster.
    public var cluster: String
    /// Its namespace.
    public var namespace: String
    /// Its name.
    public var serviceName: String
    /// Inbound requests per second.
    public var requestRate: Double
    /// The share of those requests that failed, 0–1: HTTP 4xx/5xx, no response (`-`), gRPC statuses 1–16 (the
    /// codes of `request_error_count`).
    public var errorRate: Double
    /// Its health status, when computed.
    public var healthStatus: String?

    /// A row.
    public init(cluster: String, namespace: String, serviceName: String, requestRate: Double, errorRate: Double, healthStatus: String?) {
        self.cluster = cluster
        self.namespace = namespace
        self.serviceName = serviceName
        self.requestRate = requestRate
        self.errorRate = errorRate
        self.healthStatus = healthStatus
    }
}
