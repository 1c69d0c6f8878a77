public import KubeTypes
import SkoposModel

/// The home cluster's name, as Kiali determines it (backend.md §5.3): the configured
/// `kubernetes_config.cluster_name`, else the `CLUSTER_ID` environment variable of istiod (the first container of
/// Deployments labelled `app=istiod`), else `Kubernetes` with a warning — which silently breaks joins with
/// Prometheus labels, so Skopos reports it, and reports istiods that disagree.
public enum HomeClusterName {
    /// The name and, when something is off, a warning for `/api/status`.
    public struct Result: Sendable, Equatable {
        public var name: String
        public var warning: String?
    }

    /// The fallback name when nothing else is known.
    public static let fallback = "Kubernetes"

    /// Decides the name from the configuration and the istiod Deployments (pure).
    /// - Parameter istiods: the Deployments as unstructured objects (the slim Deployment model keeps no `env`).
    public static func decide(configured: String?, istiods: [UnstructuredObject]) -> Result {
        if let configured, !configured.isEmpty { return Result(name: configured, warning: nil) }
        let ids = istiods.sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
            .compactMap { d -> String? in
                let env = d.raw[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["env"]?.arrayValue ?? []
                return env.first { $0["name"]?.stringValue == "CLUSTER_ID" }?["value"]?.stringValue
            }
            .filter { !$0.isEmpty }
        guard let first = ids.first else {
            return Result(
                name: fallback,
                warning: "the home cluster name is not configured (kubernetes_config.cluster_name) and no istiod sets CLUSTER_ID; using \"\(fallback)\", which will not match the cluster labels in Prometheus"
            )
        }
        let distinct = Set(ids)
        if distinct.count > 1 {
            return Result(name: first, warning: "istiod Deployments disagree on CLUSTER_ID (\(distinct.sorted().joined(separator: ", "))); using \"\(first)\"")
        }
        return Result(name: first, warning: nil)
    }

    /// Lists the istiod Deployments of a cluster (in every namespace, or only in those of a limited scope, as Kiali
    /// does without cluster-wide access) and decides.
    /// - Throws: `KubeAPIError` when the Deployments cannot be listed (the caller keeps the configured or fallback name).
    public static func detect(configured: String?, connection: KubeConnection, scope: NamespaceScope = .clusterWide) async throws(KubeAPIError)
        -> Result
    {
        if let configured, !configured.isEmpty { return Result(name: configured, warning: nil) }
        let deployments = Kind<Deployment>.deployments.resource.groupVersionResource
        let options = ListOptions(labelSelector: "app=istiod")
        var istiods: [UnstructuredObject] = []
        if let namespaces = scope.names {
            for namespace in namespaces {
                istiods += try await connection.list(UnstructuredObject.self, deployments, namespace: namespace, options: options).items
            }
        } else {
            istiods = try await connection.list(UnstructuredObject.self, deployments, options: options).items
        }
        return decide(configured: nil, istiods: istiods)
    }
}
