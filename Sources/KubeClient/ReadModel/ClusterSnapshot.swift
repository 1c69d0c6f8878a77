public import KubeTypes

/// One cluster at one moment: its status and, for each kind it serves, every cached object. A value, taken in
/// O(kinds) without copying objects; reading it needs no `await` and no lock, and later changes never alter it.
///
/// ```swift
/// let east = registry.snapshot().cluster("east")!
/// for service in east.list(.services, namespace: "bookinfo") {
///     let pods = east.pods(of: service)
/// }
/// ```
public struct ClusterSnapshot: Sendable {
    /// The cluster's status when the snapshot was taken.
    public let status: ClusterStatus
    /// The stores of the kinds the cluster serves, by kind.
    let stores: [ResourceKind: any AnyStoreContents]
    /// The stores the selector look-ups read, typed once here rather than on every look-up.
    let pods: StoreContents<Pod>?
    let services: StoreContents<Service>?
    let replicaSets: StoreContents<ReplicaSet>?

    init(status: ClusterStatus, stores: [ResourceKind: any AnyStoreContents]) {
        self.status = status
        self.stores = stores
        self.pods = stores[Kind.pods.resource] as? StoreContents<Pod>
        self.services = stores[Kind.services.resource] as? StoreContents<Service>
        self.replicaSets = stores[Kind.replicaSets.resource] as? StoreContents<ReplicaSet>
    }

    /// The cluster's name.
    public var name: String { status.name }
    /// Whether this is the home cluster.
    public var isHome: Bool { status.isHome }

    /// Whether the cluster serves a kind (and the cache holds it).
    public func serves(_ kind: ResourceKind) -> Bool { stores[kind] != nil }

    /// Everything cached of a kind, with look-ups by namespace, name and index; `nil` when the cluster does not serve
    /// the kind.
    public func contents<Object>(_ kind: Kind<Object>) -> StoreContents<Object>? {
        stores[kind.resource] as? StoreContents<Object>
    }

    /// The objects of a kind in one namespace (or in all), sorted by namespace and name.
    /// - Parameters:
    ///   - kind: The kind, e.g. `.pods`.
    ///   - namespace: A namespace; `nil` for every namespace (and for cluster-scoped kinds).
    public func list<Object>(_ kind: Kind<Object>, namespace: String? = nil) -> [Object] {
        contents(kind)?.list(namespace: kind.resource.namespaced ? namespace : "") ?? []
    }

    /// One object of a namespaced kind by namespace and name (for a cluster-scoped kind the namespace is ignored).
    public func get<Object>(_ kind: Kind<Object>, namespace: String, name: String) -> Object? {
        contents(kind)?.get(namespace: kind.resource.namespaced ? namespace : "", name: name)
    }

    /// One object of a cluster-scoped kind (a Namespace) by name; `nil` for a namespaced kind, which needs a namespace.
    public func get<Object>(_ kind: Kind<Object>, name: String) -> Object? {
        guard !kind.resource.namespaced else { return nil }
        return contents(kind)?.get(namespace: "", name: name)
    }

    /// A kind's state here: whether the cluster serves it and whether its cache has listed (an empty list and a kind
    /// not listed yet look the same otherwise).
    public func state<Object>(of kind: Kind<Object>) -> KindStatus.State {
        status.kinds.first { $0.kind == kind.resource }?.state ?? .unknown
    }

    /// The namespaces, sorted by name; without cluster-wide access only those in scope.
    public var namespaces: [Namespace] {
        let all = list(.namespaces)
        guard case .namespaces(let names) = status.scope else { return all }
        return all.filter { names.contains($0.metadata.name) }
    }

    /// One namespace, if it exists and is in scope.
    public func namespace(_ name: String) -> Namespace? {
        guard status.scope.contains(name) else { return nil }
        return get(.namespaces, name: name)
    }

    /// The number of objects of a kind.
    public func count<Object>(_ kind: Kind<Object>) -> Int {
        contents(kind)?.count ?? 0
    }
}
