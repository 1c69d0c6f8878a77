import KubeTypes
import Logging

/// The cache of one kind in one cluster: one store, filled by one informer (cluster-wide), by one informer per
/// namespace in scope, or, for Namespaces without cluster-wide access, by GETs of the namespaces in scope (which a
/// RoleBinding in each namespace allows, where a cluster-wide LIST would be forbidden).
final class KindCache<Object: CachedObject>: AnyKindCache {
    let kind: Kind<Object>
    let store: ObjectStore<Object>
    let informers: [Informer<Object>]
    let feeders: [any StoreFeeder]

    init(
        kind: Kind<Object>, connection: KubeConnection, scope: NamespaceScope, refreshInterval: Duration, publisher: ChangePublisher,
        onStateChange: @escaping @Sendable () -> Void, logger: Logger
    ) {
        self.kind = kind
        // A relist reports only what changed: an object with the same resourceVersion is the same object.
        let store = ObjectStore<Object>(indexers: Object.storeIndexers) { old, new in
            old.metadata.resourceVersion != nil && old.metadata.resourceVersion == new.metadata.resourceVersion
        }
        self.store = store
        func informer(_ namespace: String?) -> Informer<Object> {
            Informer(
                connection: connection, resource: kind.resource.groupVersionResource, namespace: namespace, labelSelector: nil, store: store,
                publisher: publisher, onStateChange: onStateChange, logger: logger
            )
        }
        if let names = scope.names, kind.resource.namespaced {
            informers = names.map(informer)
            feeders = informers
        } else if let names = scope.names, kind.resource == Kind.namespaces.resource, let namespaces = store as? ObjectStore<Namespace> {
            informers = []
            feeders = [
                NamespaceFetcher(
                    connection: connection, names: names, store: namespaces, interval: refreshInterval, publisher: publisher,
                    onStateChange: onStateChange
                )
            ]
        } else {
            informers = [informer(nil)]
            feeders = informers
        }
    }

    var resource: ResourceKind { kind.resource }

    func contents() -> any AnyStoreContents { store.contents }

    /// Every feeder has filled the store once (a kind with no namespace in scope has nothing to list).
    var hasSynced: Bool { feeders.allSatisfy(\.isSynced) }

    var state: KindStatus.State {
        let failures = feeders.compactMap(\.lastFailure)
        if let failure = failures.first {
            // Every LIST of the collection answered 404: the cluster does not serve the kind (its CRD went away).
            if failures.count == feeders.count && failures.allSatisfy({ $0.kind == .notFound }) { return .notServed }
            return .failing(failure)
        }
        return hasSynced ? .synced : .syncing
    }
}

/// A ``KindCache`` of any object type.
protocol AnyKindCache: Sendable {
    var resource: ResourceKind { get }
    func contents() -> any AnyStoreContents
    var feeders: [any StoreFeeder] { get }
    var hasSynced: Bool { get }
    var state: KindStatus.State { get }
}

/// What fills a store and runs until cancelled: an informer, or the namespace fetcher.
protocol StoreFeeder: Sendable {
    func run() async
    /// Whether it has filled the store once.
    var isSynced: Bool { get }
    /// Its current failure, if any.
    var lastFailure: KubeAPIError? { get }
}

extension Informer: StoreFeeder {}
