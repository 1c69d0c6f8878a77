/// A service as `/api/clusters/services` lists it: Kiali's `ServiceOverview` (`backend.md` §2.5). A Kubernetes Service,
/// or (registry `External`) a host of a ServiceEntry.
public struct ServiceOverview: Sendable, Hashable {
    /// Where a service comes from.
    public enum Registry: String, Sendable, Hashable {
        /// A Kubernetes Service.
        case kubernetes = "Kubernetes"
        /// A ServiceEntry host.
        case external = "External"
    }

    public var name: String
    public var namespace: String
    /// Every pod the service selects runs an Istio proxy; false without pods, or when pods were not read
    /// (`onlyDefinitions`).
    public var istioSidecar: Bool
    public var cluster: String
    /// Every pod the service selects is in the ambient data plane; false without pods or when not read.
    public var isAmbient: Bool
    /// The selector names an app.
    public var appLabel: Bool
    /// The Service's annotations (`null` when empty).
    public var annotations: [String: String]
    /// The `health.kiali.io/*` annotations.
    public var healthAnnotations: [String: String]
    /// Port number by port name (an unnamed port under `""`).
    public var ports: [String: Int]
    /// The Service's labels (`null` when empty).
    public var labels: [String: String]
    /// The Service's selector (`null` when empty).
    public var selector: [String: String]
    /// The Istio objects that route to or configure the service; `nil` when not looked up.
    public var istioReferences: [IstioReference]?
    /// The `kiali_wizard` label of a VirtualService or DestinationRule of the service (what a Kiali wizard created).
    public var kialiWizard: String
    /// `Kubernetes` or `External`.
    public var serviceRegistry: Registry
    /// The app the selector names; not written.
    public var app: String?

    /// A service with its identity; every other field empty.
    public init(name: String, namespace: String, cluster: String, registry: Registry = .kubernetes) {
        self.name = name
        self.namespace = namespace
        self.cluster = cluster
        self.serviceRegistry = registry
        istioSidecar = false
        isAmbient = false
        appLabel = false
        annotations = [:]
        healthAnnotations = [:]
        ports = [:]
        labels = [:]
        selector = [:]
        kialiWizard = ""
    }
}
