/// A workload of an app's details: `{workloadName, gvk, istioSidecar, isAmbient, labels, namespace,
/// serviceAccountNames, waypointWorkloads}`.
public struct AppWorkload: Sendable, Hashable {
    public var workloadName: String
    public var gvk: GroupVersionKind
    public var istioSidecar: Bool
    public var isAmbient: Bool
    /// The workload's pod-template labels.
    public var labels: [String: String]
    public var namespace: String
    public var serviceAccountNames: [String]
    /// The waypoints that serve the workload.
    public var waypointWorkloads: [WorkloadReference]

    /// The part of a workload an app's details show.
    public init(_ w: WorkloadListItem) {
        workloadName = w.name
        gvk = w.gvk
        istioSidecar = w.istioSidecar
        isAmbient = w.isAmbient
        labels = w.labels
        namespace = w.namespace
        serviceAccountNames = w.serviceAccountNames
        waypointWorkloads = w.waypointWorkloads
    }
}
