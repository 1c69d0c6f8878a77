/// An object with the cluster it is in, for answers that span clusters.
public struct InCluster<Object: Sendable>: Sendable {
    /// The cluster's name.
    public let cluster: String
    /// The object.
    public let object: Object

    /// Pairs an object with its cluster.
    public init(cluster: String, object: Object) {
        self.cluster = cluster
        self.object = object
    }
}

extension InCluster: Equatable where Object: Equatable {}
extension InCluster: Hashable where Object: Hashable {}
