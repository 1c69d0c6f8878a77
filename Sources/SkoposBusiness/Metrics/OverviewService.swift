/// A row of the Overview's latency or throughput card: a service and its value.
public struct OverviewService: Sendable, Hashable {
    /// The service's cluster.
    public var cluster: String
    /// Its namespace.
    public var namespace: String
    /// Its name.
    public var serviceName: String
    /// Latency in milliseconds (`latency`) or TCP throughput in bytes per second (`tcpRate`).
    public var value: Double
    /// Its health status from the health cache, when known (`healthStatus`).
    public var healthStatus: String?

    /// A row.
    public init(cluster: String, namespace: String, serviceName: String, value: Double, healthStatus: String? = nil) {
        self.cluster = cluster
        self.namespace = namespace
        self.serviceName = serviceName
        self.value = value
        self.healthStatus = healthStatus
    }
}
