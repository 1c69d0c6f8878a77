import KubeTypes
import SkoposModel

/// The namespace controller: every namespace gets its `default` ServiceAccount and the `kube-root-ca.crt`
/// ConfigMap; a terminating namespace is emptied, then removed.
struct NamespaceController: Sendable {
    let cluster: SimCluster
    /// Fills the token Secrets that were waiting for a namespace's ServiceAccounts.
    let tokens: ServiceAccountTokenController

    var storage: ClusterStorage { cluster.storage }

    func reconcile(_ name: String) {
        guard let ns = storage.get(.namespaces, ObjectKey(namespace: "", name: name))?.object else { return }
        if ns[path: ["metadata", "deletionTimestamp"]] != nil {
            terminate(namespace: name)
            return
        }
        let saKey = ObjectKey(namespace: name, name: "default")
        _ = try? storage.modify(.serviceAccounts, saKey) { current in
            current != nil ? .none : .put(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default", "namespace": .string(name)]])
        }
        let caPEM = cluster.caCertificatePEM
        _ = try? storage.modify(.configMaps, ObjectKey(namespace: name, name: "kube-root-ca.crt")) { current in
            current != nil ? .none : .put([
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "kube-root-ca.crt", "namespace": .string(name), "annotations": ["kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."]],
                "data": ["ca.crt": .string(caPEM)],
            ])
        }
        // Fill token Secrets that were waiting for their ServiceAccount.
        for secret in storage.list(.secrets, namespace: name).items where ServiceAccountTokenController.isTokenSecret(secret.object) {
            tokens.reconcile(secret.key)
        }
    }

    /// Deletes everything in a terminating namespace, then the namespace itself.
    func terminate(namespace: String) {
        for type in cluster.catalog.types where type.namespaced {
            for item in storage.list(type.groupResource, namespace: namespace).items {
                _ = try? storage.modify(type.groupResource, item.key) { _ in .delete }
            }
        }
        _ = try? storage.modify(.namespaces, ObjectKey(namespace: "", name: namespace)) { current in
            guard let c = current, c.object[path: ["metadata", "deletionTimestamp"]] != nil else { return .none }
            return .delete
        }
    }
}
