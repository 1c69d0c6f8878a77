import KubeTypes

extension KubeconfigLoader {
    /// Reads a remote-cluster kubeconfig mounted from a Secret (backend.md §5.1).
    ///
    /// The file must define exactly one cluster and at least one user. The current context is used when set;
    /// otherwise the single cluster with the first user and no namespace. Stripping `exec` users (unless
    /// `clustering.enable_exec_provider`) is the caller's decision: check for ``Credentials/exec(_:)``.
    /// - Parameter path: the mounted file.
    /// - Returns: the name of the kubeconfig's cluster entry and the resolved connection.
    /// - Throws: ``KubeconfigError``; `.invalidValue` on `clusters` when there is not exactly one cluster,
    ///   `.missingField` on `users` when there is no user.
    public static func loadRemoteClusterFile(path: String) throws(KubeconfigError) -> (clusterName: String, cluster: ResolvedCluster) {
        let config = try load(path: path)
        guard config.clusters.count == 1 else {
            throw KubeconfigError(
                code: .invalidValue, file: path, field: "clusters",
                message: "a remote-cluster kubeconfig must define exactly one cluster, found \(config.clusters.count)"
            )
        }
        guard !config.users.isEmpty else {
            throw KubeconfigError(
                code: .missingField, file: path, field: "users",
                message: "a remote-cluster kubeconfig must define at least one user"
            )
        }
        let clusterName = config.clusters[0].name
        guard !clusterName.isEmpty else {
            throw KubeconfigError(code: .missingField, file: path, field: "clusters[0].name", message: "the cluster has no name")
        }
        if config.currentContext != nil {
            return (clusterName, try config.resolve(context: nil))
        }
        return (clusterName, try config.resolved(clusterIndex: 0, userIndex: 0, namespace: nil))
    }
}
