/// The state of one cluster as the console sees it; the API exposes it later (`/api/clusters`, `/api/status`).
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
    /// Whether every informer has completed its first LIST.
    public var synced: Bool
    /// The last error seen by the probe or an informer.
    public var lastError: String?
    /// The API server's `gitVersion`.
    public var serverVersion: String?
}
