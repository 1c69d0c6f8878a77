public import KubeTypes

/// A workload as Kiali understands it: what runs pods. A Deployment (through its ReplicaSets), a ReplicaSet without
/// a Deployment, a StatefulSet, a DaemonSet, or a pod that nothing controls.
public enum Workload: Sendable, Hashable {
    case deployment(Deployment)
    case replicaSet(ReplicaSet)
    case statefulSet(StatefulSet)
    case daemonSet(DaemonSet)
    case pod(Pod)

    /// The workload object's metadata.
    public var metadata: ObjectMeta {
        switch self {
        case .deployment(let o): o.metadata
        case .replicaSet(let o): o.metadata
        case .statefulSet(let o): o.metadata
        case .daemonSet(let o): o.metadata
        case .pod(let o): o.metadata
        }
    }

    /// Its name.
    public var name: String { metadata.name }
    /// Its namespace.
    public var namespace: String { metadata.namespace ?? "" }
    /// Its kind: `Deployment`, `ReplicaSet`, `StatefulSet`, `DaemonSet` or `Pod`.
    public var kind: String {
        switch self {
        case .deployment: Deployment.kind
        case .replicaSet: ReplicaSet.kind
        case .statefulSet: StatefulSet.kind
        case .daemonSet: DaemonSet.kind
        case .pod: Pod.kind
        }
    }
}
