/// `GET /api/namespaces/{ns}/apps/{app}` (`backend.md` §2.6): one app of one namespace of one cluster.
public struct AppDetails: Sendable, Equatable {
    /// The app's namespace, as `/api/namespaces` shows it (Kiali writes the namespace object here).
    public var namespace: NamespaceInfo
    public var name: String
    public var cluster: String
    /// Every workload of the app is in the ambient data plane.
    public var isAmbient: Bool
    /// The app's workloads, by name (then kind).
    public var workloads: [AppWorkload]
    /// The names of the services whose selector names the app, sorted.
    public var serviceNames: [String]

    /// An app's details.
    public init(namespace: NamespaceInfo, name: String, cluster: String, isAmbient: Bool, workloads: [AppWorkload], serviceNames: [String]) {
        self.namespace = namespace
        self.name = name
        self.cluster = cluster
        self.isAmbient = isAmbient
        self.workloads = workloads
        self.serviceNames = serviceNames
    }
}
