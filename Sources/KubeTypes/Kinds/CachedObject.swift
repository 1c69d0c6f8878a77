/// An object a ``Kind`` describes and an informer can cache: decodable, with metadata for its key and
/// resourceVersion.
public protocol CachedObject: Decodable, Sendable {
    /// The object's metadata.
    var metadata: ObjectMeta { get }
}

extension CachedObject {
    /// The object's key in a store: its namespace (empty for cluster-scoped kinds) and name.
    public var cacheKey: ObjectKey { ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name) }
}

extension Pod: CachedObject {}
extension Service: CachedObject {}
extension Endpoints: CachedObject {}
/// Deployment, ReplicaSet, StatefulSet and DaemonSet.
extension WorkloadResource: CachedObject {}
extension ConfigMap: CachedObject {}
extension Namespace: CachedObject {}
extension UnstructuredObject: CachedObject {}
