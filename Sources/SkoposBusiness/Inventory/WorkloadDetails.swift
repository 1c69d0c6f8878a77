/// `GET /api/namespaces/{ns}/workloads/{workload}` (`backend.md` §2.6): the list item's fields plus replicas, pods and
/// the services that select the workload.
public struct WorkloadDetails: Sendable, Hashable {
    /// The fields the list shows.
    public var workload: WorkloadListItem
    /// `spec.replicas` (a DaemonSet's `desiredNumberScheduled`; 1 for a bare pod).
    public var desiredReplicas: Int
    /// `status.replicas` (`currentNumberScheduled`; 1 for a bare pod).
    public var currentReplicas: Int
    /// `status.availableReplicas` (`numberAvailable`; a bare pod's readiness).
    public var availableReplicas: Int
    /// The workload's pods, by name.
    public var pods: [PodInfo]
    /// The services whose selector matches the workload's labels, by name.
    public var services: [ServiceOverview]

    /// A workload's details.
    public init(
        workload: WorkloadListItem, desiredReplicas: Int, currentReplicas: Int, availableReplicas: Int, pods: [PodInfo], services: [ServiceOverview]
    ) {
        self.workload = workload
        self.desiredReplicas = desiredReplicas
        self.currentReplicas = currentReplicas
        self.availableReplicas = availableReplicas
        self.pods = pods
        self.services = services
    }
}
