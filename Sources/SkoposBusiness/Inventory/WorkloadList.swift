/// `GET /api/clusters/workloads`: the workloads of the listed namespaces of one cluster, by namespace and name.
public struct WorkloadList: Sendable, Hashable {
    /// The cluster.
    public var cluster: String
    /// The workloads.
    public var workloads: [WorkloadListItem]

    /// A list.
    public init(cluster: String, workloads: [WorkloadListItem]) {
        self.cluster = cluster
        self.workloads = workloads
    }
}
