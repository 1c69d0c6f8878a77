public import KubeTypes

/// The state of one cluster as the console sees it; the API exposes it (`/api/skopos/clusters`, `/api/status`).
public struct ClusterStatus: Sendable, Equatable {
    public var name: String
    public var isHome: Bool
    /// The remote-cluster Secret the cluster came from; `nil` for the home cluster.
    public var secretName: String?
    /// The kubeconfig file it came from, if any.
    public var source: String?
    public var apiEndpoint: String
    /// Whether the last probe (`GET /version`) answered.
    public var reachable: Bool
    /// Whether every informer has completed its first LIST (and the served kinds are known).
    public var synced: Bool
    /// The probe's error, else the first informer's error.
    public var lastError: String?
    /// The class of ``lastError``.
    public var lastFailureKind: FailureKind?
    /// The API server's `gitVersion`.
    public var serverVersion: String?
    /// The namespaces the caches watch.
    public var scope: NamespaceScope
    /// Each kind the console reads, with its state here, in catalogue order.
    public var kinds: [KindStatus]

    /// Every informer error now, one per failing kind.
    public var errors: [String] {
        kinds.compactMap { if case .failing(let error) = $0.state { error.description } else { nil } }
    }

    /// Creates a status.
    public init(
        name: String, isHome: Bool, secretName: String? = nil, source: String? = nil, apiEndpoint: String, reachable: Bool, synced: Bool,
        lastError: String? = nil, lastFailureKind: FailureKind? = nil, serverVersion: String? = nil, scope: NamespaceScope = .clusterWide,
        kinds: [KindStatus] = []
    ) {
        self.name = name
        self.isHome = isHome
        self.secretName = secretName
        self.source = source
        self.apiEndpoint = apiEndpoint
        self.reachable = reachable
        self.synced = synced
        self.lastError = lastError
        self.lastFailureKind = lastFailureKind
        self.serverVersion = serverVersion
        self.scope = scope
        self.kinds = kinds
    }
}

/// One kind's state in one cluster.
public struct KindStatus: Sendable, Hashable {
    /// Where the kind's cache is.
    public enum State: Sendable, Hashable {
        /// Whether the cluster serves it is not known yet (discovery has not answered).
        case unknown
        /// The cluster does not serve it (its CRD is not installed): not an error.
        case notServed
        /// Its first LIST has not completed.
        case syncing
        /// Its informers have listed; the cache follows the cluster.
        case synced
        /// Its last LIST or WATCH failed, with why (the cluster, the resource and the reason, classified).
        case failing(KubeAPIError)
    }

    /// The kind.
    public var kind: ResourceKind
    /// Its state.
    public var state: State

    /// Creates a kind status.
    public init(kind: ResourceKind, state: State) {
        self.kind = kind
        self.state = state
    }
}
