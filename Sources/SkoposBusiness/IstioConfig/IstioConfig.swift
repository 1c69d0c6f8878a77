public import KubeClient
public import KubeTypes

/// The Istio configuration of one cluster as the viewer may see it: the config lists (`/api/namespaces/{ns}/istio`,
/// `/api/istio/config`), an object's details, the validation summaries and the mTLS status (`backend.md` §2.4, §2.7,
/// §2.8), read from the read model with no request to any cluster. Pure: a value over one ``ClusterSnapshot``; JSON
/// comes from ``IstioConfigJSON``.
///
/// ```swift
/// let options = try IstioConfigOptions.parse(query, route: .clusterList)
/// let config = try IstioConfig(registry.snapshot(), cluster: options.clusterName, visibleNamespaces: visible)
/// let body = IstioConfigJSON.list(try config.list(namespace: nil, options: options))
/// ```
public struct IstioConfig: Sendable {
    /// The cluster.
    public let cluster: ClusterSnapshot
    /// The namespaces of the cluster the viewer may see; objects elsewhere are left out of lists, and details and
    /// per-namespace routes for other namespaces are forbidden.
    public let visibleNamespaces: Set<String>

    /// The Istio configuration of one cluster of a snapshot.
    /// - Parameters:
    ///   - snapshot: the read model.
    ///   - cluster: the cluster (`clusterName`); `nil` or empty means the home cluster.
    ///   - visibleNamespaces: the namespaces of that cluster the viewer may see.
    /// - Throws: ``IstioConfigError`` `.notFound` when the snapshot has no such cluster.
    public init(_ snapshot: MeshSnapshot, cluster: String?, visibleNamespaces: Set<String>) throws(IstioConfigError) {
        let name = cluster.flatMap { $0.isEmpty ? nil : $0 } ?? snapshot.home?.name ?? ""
        guard let c = snapshot.cluster(name) else {
            throw IstioConfigError(.notFound, "Cluster [\(name)] is not found or is not accessible for Kiali")
        }
        self.init(c, visibleNamespaces: visibleNamespaces)
    }

    /// The Istio configuration of one cluster.
    public init(_ cluster: ClusterSnapshot, visibleNamespaces: Set<String>) {
        self.cluster = cluster
        self.visibleNamespaces = visibleNamespaces
    }

    /// A namespace of a per-namespace route: it must exist in the cluster and be visible.
    /// - Throws: ``IstioConfigError`` `.forbidden` otherwise (a namespace the viewer may not see is not told apart from
    ///   one that does not exist).
    public func requireNamespace(_ name: String) throws(IstioConfigError) -> Namespace {
        guard visibleNamespaces.contains(name), let ns = cluster.namespace(name) else {
            throw IstioConfigError(.forbidden, "Cannot access namespace data: namespace [\(name)] is not accessible in cluster [\(cluster.name)]")
        }
        return ns
    }

    /// The namespaces a per-namespace answer covers: the requested ones that exist in the cluster and are visible, in
    /// the order requested (others are dropped silently, `backend.md` §2.5), or every visible one, sorted, when none
    /// is requested.
    public func listedNamespaces(_ requested: [String]) -> [String] {
        guard !requested.isEmpty else {
            return cluster.namespaces.map(\.metadata.name).filter { visibleNamespaces.contains($0) }
        }
        var seen = Set<String>()
        return requested.filter { visibleNamespaces.contains($0) && cluster.namespace($0) != nil && seen.insert($0).inserted }
    }

    // MARK: - Lists

    /// `GET /api/namespaces/{ns}/istio` (`namespace` given) or `GET /api/istio/config` (`nil`: every visible
    /// namespace).
    ///
    /// Every type has an entry; the types not asked for (`objects`) have `nil`, the others an array, empty when
    /// nothing matches (always for the five types the console does not cache). Objects are those of the visible
    /// namespaces whose labels match `labelSelector`; with a `workloadSelector`, objects of the types that select
    /// workloads are kept only when their selector is empty (they apply to the whole namespace) or every label of it
    /// is among the workload's labels (Istio's semantics); other types are not filtered by it.
    /// - Throws: ``IstioConfigError`` `.forbidden` for a namespace the viewer may not see.
    /// - Complexity: O(*n* log *n*) in the objects of the requested types in the visible namespaces.
    public func list(namespace: String?, options: IstioConfigOptions = IstioConfigOptions()) throws(IstioConfigError) -> IstioConfigList {
        if let namespace { _ = try requireNamespace(namespace) }
        let entries = IstioConfigType.all.map { type in
            IstioConfigList.Entry(type: type, objects: options.wants(type) ? objects(of: type, namespace: namespace, options: options) : nil)
        }
        return IstioConfigList(cluster: cluster.name, entries: entries)
    }

    /// The visible objects of a type, filtered by the selectors of the options, sorted by namespace and name.
    func objects(of type: IstioConfigType, namespace: String?, options: IstioConfigOptions) -> [UnstructuredObject] {
        guard let kind = type.cached else { return [] }
        let workload = options.workloadSelector
        return cluster.list(kind, namespace: namespace).filter { o in
            guard visibleNamespaces.contains(o.metadata.namespace ?? "") else { return false }
            guard options.labelSelector.isEmpty || options.labelSelector.matches(o.metadata.labels) else { return false }
            guard !workload.isEmpty, let selector = type.selectorField.labels(of: o) else { return true }
            return selector.allSatisfy { workload[$0.key] == $0.value }
        }
    }

    // MARK: - Validation summaries

    /// `GET /api/istio/validations?namespaces=`: one summary per listed namespace (§2.4), every visible namespace when
    /// none is listed. Validations come later: no errors or warnings yet, and `objectCount` counts the namespace's
    /// cached Istio objects.
    public func validationSummaries(namespaces requested: [String] = []) -> [ValidationSummary] {
        listedNamespaces(requested).map(summary)
    }

    /// `GET /api/namespaces/{ns}/validations`.
    /// - Throws: ``IstioConfigError`` `.forbidden` for a namespace the viewer may not see.
    public func validationSummary(namespace: String) throws(IstioConfigError) -> ValidationSummary {
        _ = try requireNamespace(namespace)
        return summary(namespace)
    }

    private func summary(_ namespace: String) -> ValidationSummary {
        var count = 0
        for type in IstioConfigType.all {
            if let kind = type.cached { count += cluster.contents(kind)?.count(namespace: namespace) ?? 0 }
        }
        return ValidationSummary(namespace: namespace, cluster: cluster.name, objectCount: count)
    }
}
