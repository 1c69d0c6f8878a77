/// `GET /api/clusters/services`: the services of the listed namespaces of one cluster, by namespace and name
/// (Kubernetes Services first within a namespace, then ServiceEntry hosts).
public struct ServiceList: Sendable, Hashable {
    /// The cluster.
    public var cluster: String
    /// The services.
    public var services: [ServiceOverview]

    /// A list.
    public init(cluster: String, services: [ServiceOverview]) {
        self.cluster = cluster
        self.services = services
    }
}
