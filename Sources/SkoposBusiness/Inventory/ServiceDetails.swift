public import SkoposModel

/// `GET /api/namespaces/{ns}/services/{service}` (`backend.md` §2.6): the Service, its endpoints, the Istio and
/// Gateway API objects that route to it, and the workloads behind it.
public struct ServiceDetails: Sendable, Hashable {
    /// The Service itself (`service`).
    public var service: ServiceDefinition
    /// The Service's Endpoints subsets.
    public var endpoints: [ServiceEndpoint]
    /// Every pod behind the service is in the ambient data plane (false without pods).
    public var isAmbient: Bool
    /// Every pod behind the service runs an Istio proxy (false without pods).
    public var istioSidecar: Bool
    /// VirtualServices whose hosts or route destinations name the service (whole objects, without `managedFields`).
    public var virtualServices: [JSONValue]
    /// DestinationRules whose host names the service.
    public var destinationRules: [JSONValue]
    /// ServiceEntries whose hosts name the service.
    public var serviceEntries: [JSONValue]
    /// HTTPRoutes with the service as a parent or backend.
    public var k8sHTTPRoutes: [JSONValue]
    /// GRPCRoutes with the service as a parent or backend.
    public var k8sGRPCRoutes: [JSONValue]
    /// ReferenceGrants of the service's namespace that allow references to it.
    public var k8sReferenceGrants: [JSONValue]
    /// The workloads behind the service, by name (then kind).
    public var workloads: [WorkloadListItem]
    /// The waypoints that serve the service.
    public var waypointWorkloads: [WorkloadReference]

    /// A service's details; the lists empty.
    public init(service: ServiceDefinition) {
        self.service = service
        endpoints = []
        isAmbient = false
        istioSidecar = false
        virtualServices = []
        destinationRules = []
        serviceEntries = []
        k8sHTTPRoutes = []
        k8sGRPCRoutes = []
        k8sReferenceGrants = []
        workloads = []
        waypointWorkloads = []
    }
}
