/// `GET /api/clusters/apps`: the apps of the listed namespaces of one cluster, by namespace and name.
public struct AppList: Sendable, Hashable {
    /// The cluster.
    public var cluster: String
    /// The apps.
    public var applications: [AppListItem]

    /// A list.
    public init(cluster: String, applications: [AppListItem]) {
        self.cluster = cluster
        self.applications = applications
    }
}
