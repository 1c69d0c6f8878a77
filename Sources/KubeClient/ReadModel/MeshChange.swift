public import KubeTypes

/// One change to a cached object, as subscribers of the change stream see it.
public struct ObjectChange: Sendable, Hashable, CustomStringConvertible {
    /// What happened to the object.
    public enum ChangeType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    /// The cluster.
    public let cluster: String
    /// The kind.
    public let kind: ResourceKind
    /// The namespace; `""` for cluster-scoped objects.
    public let namespace: String
    /// The name.
    public let name: String
    /// What happened.
    public let type: ChangeType
    /// The object's `metadata.resourceVersion` after the change (for a delete, its last one).
    public let resourceVersion: String
    /// The store the change was applied to, and its number there: a change already in a snapshot is not delivered
    /// after it.
    let storeID: UInt64
    let sequence: UInt64

    /// The object's key.
    public var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }

    /// `ADDED east/pods bookinfo/reviews-v1-abc (rv 42)`.
    public var description: String {
        "\(type.rawValue) \(cluster)/\(kind) \(key) (rv \(resourceVersion))"
    }
}

/// A change to the set of clusters or to one cluster's status.
public enum ClusterChange: Sendable, Equatable {
    /// A cluster appeared (the home cluster at start, or a remote-cluster secret).
    case added(ClusterStatus)
    /// A cluster went away (its secret was removed or replaced).
    case removed(name: String)
    /// A cluster's status changed: reachability, sync, an error, its version, or a kind being served.
    case changed(ClusterStatus)
}

/// What a subscriber of ``ClusterRegistry/changes(startingWithSnapshot:)`` receives.
public enum MeshEvent: Sendable {
    /// An object changed.
    case object(ObjectChange)
    /// A cluster appeared, went away or changed status.
    case cluster(ClusterChange)
    /// The state when the subscription started (only when asked for); the changes that follow are the ones after it.
    case snapshot(MeshSnapshot)
    /// The subscriber read too slowly and changes were dropped: here is the state now; the changes that follow are
    /// the ones after it.
    case fellBehind(MeshSnapshot)
}
