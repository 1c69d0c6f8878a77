/// An object a ``Kind`` describes and an informer can cache: decodable, with metadata for its key and
/// resourceVersion.
public protocol CachedObject: Decodable, Sendable {
    /// The object's metadata.
    var metadata: ObjectMeta { get }
    /// The secondary indexes a store of these objects keeps (none by default).
    static var storeIndexers: [StoreIndexer<Self>] { get }
}

extension CachedObject {
    /// No secondary indexes.
    public static var storeIndexers: [StoreIndexer<Self>] { [] }
}

extension CachedObject {
    /// The object's key in a store: its namespace (empty for cluster-scoped kinds) and name.
    public var cacheKey: ObjectKey { ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name) }
}

extension Pod: CachedObject {
    /// By label (services select pods) and by controller (workloads own pods).
    public static var storeIndexers: [StoreIndexer<Pod>] { [.labels, .controller] }
}

extension Service: CachedObject {
    /// By each `key=value` of the selector (the services of a pod).
    public static var storeIndexers: [StoreIndexer<Service>] {
        [.init(name: StoreIndexName.selector) { service in service.spec.selector.map { StoreIndexName.pair($0.key, $0.value) } }]
    }
}

extension Endpoints: CachedObject {}

/// Deployment, ReplicaSet, StatefulSet and DaemonSet, indexed by controller (a Deployment owns its ReplicaSets).
extension WorkloadResource: CachedObject {
    /// By controller.
    public static var storeIndexers: [StoreIndexer<WorkloadResource<Kind>>] { [.controller] }
}
extension ConfigMap: CachedObject {}
extension Namespace: CachedObject {}
extension UnstructuredObject: CachedObject {}
