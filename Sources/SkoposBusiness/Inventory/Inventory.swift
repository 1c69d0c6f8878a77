public import KubeClient
import KubeTypes

/// Kiali's inventory of one cluster as the viewer may see it: the apps, workloads and services lists
/// (`/api/clusters/apps`, `/workloads`, `/services`, `backend.md` §2.5) and their details (§2.6), read from the read
/// model with no request to any cluster. Pure: a value over one ``ClusterSnapshot``; JSON comes from ``InventoryJSON``.
///
/// ```swift
/// let inventory = try Inventory(registry.snapshot(), cluster: options.clusterName, visibleNamespaces: visible)
/// let list = inventory.workloads(options)
/// let body = InventoryJSON.workloads(list, health: .namespaces(cached))
/// ```
public struct Inventory: Sendable {
    /// The cluster.
    public let cluster: ClusterSnapshot
    /// The label and exclusion settings.
    public let settings: InventorySettings
    /// The namespaces of the cluster the viewer may see; others are silently left out of lists and forbidden in
    /// details.
    public let visibleNamespaces: Set<String>

    /// The inventory of one cluster of a snapshot.
    /// - Parameters:
    ///   - snapshot: the read model.
    ///   - cluster: the cluster (`clusterName`); `nil` or empty means the home cluster.
    ///   - visibleNamespaces: the namespaces of that cluster the viewer may see.
    ///   - settings: `istio_labels` and `excluded_workloads`.
    /// - Throws: ``InventoryError`` `.notFound` when the snapshot has no such cluster.
    public init(
        _ snapshot: MeshSnapshot, cluster: String?, visibleNamespaces: Set<String>, settings: InventorySettings = InventorySettings()
    ) throws(InventoryError) {
        let name = cluster.flatMap { $0.isEmpty ? nil : $0 } ?? snapshot.home?.name ?? ""
        guard let c = snapshot.cluster(name) else {
            throw InventoryError(.notFound, "Cluster [\(name)] is not found or is not accessible for Kiali")
        }
        self.init(c, visibleNamespaces: visibleNamespaces, settings: settings)
    }

    /// The inventory of one cluster of a snapshot, with the viewer's namespaces given for every cluster.
    /// - Parameter visibleByCluster: the namespaces the viewer may see, by cluster; a cluster missing from it shows
    ///   nothing.
    /// - Throws: ``InventoryError`` `.notFound` when the snapshot has no such cluster.
    public init(
        _ snapshot: MeshSnapshot, cluster: String?, visibleByCluster: [String: Set<String>], settings: InventorySettings = InventorySettings()
    ) throws(InventoryError) {
        let name = cluster.flatMap { $0.isEmpty ? nil : $0 } ?? snapshot.home?.name ?? ""
        try self.init(snapshot, cluster: name, visibleNamespaces: visibleByCluster[name] ?? [], settings: settings)
    }

    /// The inventory of one cluster.
    public init(_ cluster: ClusterSnapshot, visibleNamespaces: Set<String>, settings: InventorySettings = InventorySettings()) {
        self.cluster = cluster
        self.visibleNamespaces = visibleNamespaces
        self.settings = settings
    }

    /// The namespaces a list covers, sorted: the requested ones that exist in the cluster and are visible (others are
    /// dropped silently, `backend.md` §2.5), or every visible one when none is requested.
    public func listedNamespaces(_ requested: [String]) -> [String] {
        let existing = cluster.namespaces.map(\.metadata.name).filter { visibleNamespaces.contains($0) }
        guard !requested.isEmpty else { return existing }
        let wanted = Set(requested)
        return existing.filter { wanted.contains($0) }
    }

    /// A namespace of a details route: it must exist and be visible.
    /// - Throws: ``InventoryError`` `.forbidden` otherwise (a namespace the viewer may not see is not told apart from
    ///   one that does not exist).
    func requireNamespace(_ name: String) throws(InventoryError) -> Namespace {
        guard visibleNamespaces.contains(name), let ns = cluster.namespace(name) else {
            throw InventoryError(.forbidden, "Cannot access namespace data: namespace [\(name)] is not accessible in cluster [\(cluster.name)]")
        }
        return ns
    }

    /// The Istio objects of every visible namespace, indexed, when `istioResources` asks for them.
    func istioIndex(_ wanted: Bool) -> IstioIndex? {
        wanted ? IstioIndex(cluster, namespaces: visibleNamespaces) : nil
    }
}
