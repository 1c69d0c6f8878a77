/// An app as `/api/clusters/apps` lists it (`backend.md` §2.5): the workloads of a namespace sharing an app label, with
/// the services whose selector names that app.
public struct AppListItem: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var cluster: String
    /// Every workload of the app has an Istio sidecar.
    public var istioSidecar: Bool
    /// Every workload of the app is in the ambient data plane.
    public var isAmbient: Bool
    /// Some workload of the app is a gateway.
    public var isGateway: Bool
    /// The labels of the app's workloads and services: for each key the distinct values, sorted and comma-joined.
    public var labels: [String: String]
    /// The Istio objects that concern the app's services and workloads; `nil` when not looked up.
    public var istioReferences: [IstioReference]?
    /// The app's workloads, by name (then kind); not written in the list.
    public var workloads: [WorkloadListItem]
    /// The names of the app's services, sorted; not written in the list.
    public var serviceNames: [String]

    /// An app.
    public init(
        name: String, namespace: String, cluster: String, istioSidecar: Bool, isAmbient: Bool, isGateway: Bool, labels: [String: String],
        istioReferences: [IstioReference]?, workloads: [WorkloadListItem] = [], serviceNames: [String] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
        self.istioSidecar = istioSidecar
        self.isAmbient = isAmbient
        self.isGateway = isGateway
        self.labels = labels
        self.istioReferences = istioReferences
        self.workloads = workloads
        self.serviceNames = serviceNames
    }
}
