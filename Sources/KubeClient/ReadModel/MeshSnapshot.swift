public import KubeTypes

/// Every cluster at one moment, home first: the one read model that the graph, the console API, the operator and
/// validation read. Taken in O(clusters × kinds) by ``ClusterRegistry/snapshot()``, without copying objects.
///
/// ```swift
/// let mesh = registry.snapshot()
/// for bookinfo in mesh.namespaces(named: "bookinfo") {
///     let cluster = mesh.cluster(bookinfo.cluster)!
///     for service in cluster.list(.services, namespace: "bookinfo") { _ = cluster.pods(of: service) }
/// }
/// ```
public struct MeshSnapshot: Sendable {
    /// The clusters, home first, then by name.
    public let clusters: [ClusterSnapshot]

    /// Creates a snapshot of these clusters.
    init(clusters: [ClusterSnapshot]) {
        self.clusters = clusters
    }

    /// One cluster.
    public func cluster(_ name: String) -> ClusterSnapshot? {
        clusters.first { $0.name == name }
    }

    /// The home cluster.
    public var home: ClusterSnapshot? {
        clusters.first(where: \.isHome)
    }

    /// Every cluster's status.
    public var statuses: [ClusterStatus] { clusters.map(\.status) }

    /// The namespace of this name in every cluster that has it (in scope), home first.
    public func namespaces(named name: String) -> [InCluster<Namespace>] {
        clusters.compactMap { cluster in cluster.namespace(name).map { InCluster(cluster: cluster.name, object: $0) } }
    }

    /// Every namespace of every cluster (in scope), with its cluster.
    public var namespaces: [InCluster<Namespace>] {
        clusters.flatMap { cluster in cluster.namespaces.map { InCluster(cluster: cluster.name, object: $0) } }
    }

    /// The objects of a kind in every cluster, in one namespace or in all, with their clusters.
    public func list<Object>(_ kind: Kind<Object>, namespace: String? = nil) -> [InCluster<Object>] {
        clusters.flatMap { cluster in cluster.list(kind, namespace: namespace).map { InCluster(cluster: cluster.name, object: $0) } }
    }

    /// The object of a kind with this namespace and name in every cluster that has one (every `reviews` Service); for a
    /// cluster-scoped kind the namespace is ignored.
    public func objects<Object>(_ kind: Kind<Object>, namespace: String, name: String) -> [InCluster<Object>] {
        clusters.compactMap { cluster in cluster.get(kind, namespace: namespace, name: name).map { InCluster(cluster: cluster.name, object: $0) } }
    }

    /// The object of a cluster-scoped kind with this name in every cluster that has one.
    public func objects<Object>(_ kind: Kind<Object>, name: String) -> [InCluster<Object>] {
        clusters.compactMap { cluster in cluster.get(kind, name: name).map { InCluster(cluster: cluster.name, object: $0) } }
    }

    /// For each store in the snapshot, the sequence number of the last change it holds.
    var storeSequences: [UInt64: UInt64] {
        var result: [UInt64: UInt64] = [:]
        for cluster in clusters {
            for (_, store) in cluster.stores { result[store.storeID] = store.sequence }
        }
        return result
    }
}
