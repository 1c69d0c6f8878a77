import SkoposModel
/// A workload as `/api/clusters/workloads` lists it: Kiali's `WorkloadListItem` (`backend.md` §2.5). Also the first part
/// of the workload details and the items of a service's `workloads`.
public struct WorkloadListItem: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var cluster: String
    /// `Deployment`, `ReplicaSet`, `StatefulSet`, `DaemonSet` (`apps/v1`) or `Pod` (`v1`).
    public var gvk: GroupVersionKind
    /// `metadata.creationTimestamp`, RFC 3339 in UTC (Go's zero time when absent).
    public var createdAt: String
    public var resourceVersion: String
    /// The pod template's `sidecar.istio.io/inject` label, else annotation, when set (omitted otherwise).
    public var istioInjectionAnnotation: Bool?
    /// Every pod runs an Istio proxy (a container or native sidecar `istio-proxy`, or `sidecar.istio.io/status`); false
    /// without pods.
    public var istioSidecar: Bool
    /// Some pod is redirected into the ambient data plane (`ambient.istio.io/redirection: enabled`).
    public var isAmbient: Bool
    /// An Istio ingress or egress gateway, or a Gateway API gateway (not a waypoint).
    public var isGateway: Bool
    /// An ambient waypoint proxy (`gateway.istio.io/managed: istio.io-mesh-controller`).
    public var isWaypoint: Bool
    /// The ambient node proxy (`app: ztunnel`).
    public var isZtunnel: Bool
    /// The pod template's labels (a bare pod's own labels).
    public var labels: [String: String]
    /// Whether `labels` carry an app label.
    public var appLabel: Bool
    /// Whether `labels` carry a version label.
    public var versionLabel: Bool
    public var podCount: Int
    /// The pod template's annotations, or the workload's own when the template has none (`null` when empty).
    public var annotations: [String: String]
    /// The `health.kiali.io/*` entries of ``annotations``.
    public var healthAnnotations: [String: String]
    /// The Istio objects that select the workload; `nil` when not looked up (`istioResources=false`).
    public var istioReferences: [IstioReference]?
    /// The `kiali.io/dashboards` and `kiali.io/runtimes` entries of ``annotations``.
    public var dashboardAnnotations: [String: String]
    /// The pods' service accounts, each once, in pod order.
    public var serviceAccountNames: [String]
    /// The pod template's annotations (omitted for a bare pod or when empty).
    public var templateAnnotations: [String: String]
    /// The pod template's labels (omitted for a bare pod or when empty).
    public var templateLabels: [String: String]
    /// The waypoints that serve the workload (ambient only).
    public var waypointWorkloads: [WorkloadReference]
    /// The app the labels name (resolved as ``InventorySettings/app(_:)`` says); not written.
    public var app: String?
    /// The version the labels name; not written.
    public var version: String?

    /// A workload with its identity; every other field empty.
    public init(name: String, namespace: String, cluster: String, gvk: GroupVersionKind) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
        self.gvk = gvk
        createdAt = RFC3339.zero
        resourceVersion = ""
        istioSidecar = false
        isAmbient = false
        isGateway = false
        isWaypoint = false
        isZtunnel = false
        labels = [:]
        appLabel = false
        versionLabel = false
        podCount = 0
        annotations = [:]
        healthAnnotations = [:]
        dashboardAnnotations = [:]
        serviceAccountNames = []
        templateAnnotations = [:]
        templateLabels = [:]
        waypointWorkloads = []
    }
}
