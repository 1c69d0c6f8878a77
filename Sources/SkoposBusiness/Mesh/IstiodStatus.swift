public import KubeClient
import KubeTypes
public import SkoposGraph

/// An istiod's `status` (`backend.md` §2.8) from what the caller observed: `NotReady` without a ready istiod pod,
/// else `Healthy` when `GET /ready` on port 8080 through the API server's pod proxy succeeded, `Unreachable` when it
/// failed.
public enum IstiodStatus {
    /// istiod answers `/ready`.
    public static let healthy = "Healthy"
    /// A ready pod exists but `/ready` failed.
    public static let unreachable = "Unreachable"
    /// No ready istiod pod.
    public static let notReady = "NotReady"

    /// The status string.
    /// - Parameters:
    ///   - readyPods: the istiod's pods whose `Ready` condition is `True`.
    ///   - readyCheckSucceeded: the outcome of `GET /ready`; `nil` when it was not tried (no ready pod).
    public static func status(readyPods: Int, readyCheckSucceeded: Bool?) -> String {
        guard readyPods > 0 else { return notReady }
        return readyCheckSucceeded == true ? healthy : unreachable
    }

    /// The names of an istiod's ready pods (`Ready=True`), by name: where the caller sends `/ready` and `/version`.
    public static func readyPods(_ key: IstiodKey, in snapshot: MeshSnapshot) -> [String] {
        guard let cluster = snapshot.cluster(key.cluster), let d = cluster.get(.deployments, namespace: key.namespace, name: key.name) else {
            return []
        }
        return cluster.pods(of: .deployment(d)).filter { $0.status.condition("Ready") == "True" }.map(\.metadata.name)
    }
}
