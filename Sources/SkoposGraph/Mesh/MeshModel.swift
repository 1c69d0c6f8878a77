import SkoposModel

/// Everything the mesh page shows (`graph.md` §12), as plain values: the input of ``MeshGraphBuilder``. Filled by
/// ``MeshDiscovery`` from the read model plus the caller's I/O, or written out in tests.
public struct MeshModel: Sendable, Hashable {
    /// Every known cluster, home first.
    public var clusters: [MeshCluster]
    /// The control planes, in cluster order, then by namespace and name.
    public var controlPlanes: [ControlPlane]
    /// Gateways (shown with `includeGateways`).
    public var gateways: [MeshGateway]
    /// Waypoints (shown with `includeWaypoints`).
    public var waypoints: [MeshInfraWorkload]
    /// ztunnels of clusters with ambient namespaces.
    public var ztunnels: [MeshInfraWorkload]
    /// The console itself; `nil` for no Kiali node.
    public var kiali: MeshKiali?
    /// The enabled add-ons.
    public var addOns: [MeshAddOn]

    /// Creates a model; what is not given is empty.
    public init(
        clusters: [MeshCluster] = [],
        controlPlanes: [ControlPlane] = [],
        gateways: [MeshGateway] = [],
        waypoints: [MeshInfraWorkload] = [],
        ztunnels: [MeshInfraWorkload] = [],
        kiali: MeshKiali? = nil,
        addOns: [MeshAddOn] = []
    ) {
        self.clusters = clusters
        self.controlPlanes = controlPlanes
        self.gateways = gateways
        self.waypoints = waypoints
        self.ztunnels = ztunnels
        self.kiali = kiali
        self.addOns = addOns
    }

    /// What a viewer may see: control planes whose istiod namespace is visible (Kiali's rule), and of those only the
    /// visible managed namespaces; gateways, waypoints and ztunnels in visible namespaces. Clusters, the Kiali node
    /// and add-ons stay.
    public func visible(to isVisible: (_ cluster: String, _ namespace: String) -> Bool) -> MeshModel {
        var m = self
        m.controlPlanes = controlPlanes.filter { isVisible($0.cluster.name, $0.istiodNamespace) }.map { cp in
            var cp = cp
            cp.managedNamespaces = cp.managedNamespaces.filter { isVisible($0.cluster, $0.name) }
            return cp
        }
        m.gateways = gateways.filter { isVisible($0.cluster, $0.namespace) }
        m.waypoints = waypoints.filter { isVisible($0.cluster, $0.namespace) }
        m.ztunnels = ztunnels.filter { isVisible($0.cluster, $0.namespace) }
        return m
    }

    /// The mesh names: each control plane's `meshConfig.defaultConfig.meshId`, else its `trustDomain`, once each, in
    /// control-plane order. A mesh config without `defaultConfig` names no mesh (as in Kiali's mesh fixture, whose
    /// config sets only `trustDomain` and whose `meshNames` is `null`).
    public var meshNames: [String] {
        var names: [String] = []
        for cp in controlPlanes {
            guard let defaultConfig = cp.config.effectiveMesh["defaultConfig"], defaultConfig.objectValue != nil else { continue }
            let meshID = defaultConfig["meshId"]?.stringValue ?? ""
            let name = meshID.isEmpty ? (cp.config.effectiveMesh["trustDomain"]?.stringValue ?? "") : meshID
            if !name.isEmpty && !names.contains(name) { names.append(name) }
        }
        return names
    }
}
