public import KubeTypes

/// An object an informer can cache: decodable, with metadata for its key and resourceVersion.
public protocol CachedObject: Decodable, Sendable {
    var metadata: ObjectMeta { get }
}

extension CachedObject {
    var cacheKey: ObjectKey { ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name) }
}

extension Pod: CachedObject {}
extension KubeTypes.Service: CachedObject {}
extension Endpoints: CachedObject {}
/// Deployment, ReplicaSet, StatefulSet and DaemonSet.
extension WorkloadResource: CachedObject {}
extension ConfigMap: CachedObject {}
extension Namespace: CachedObject {}
extension UnstructuredObject: CachedObject {}
