import KubeTypes
import Logging

/// The cache of one kind in one cluster: one store, filled by one informer (cluster-wide) or by one informer per
/// namespace in scope.
final class KindCache<Object: CachedObject>: AnyKindCache {
    let kind: Kind<Object>
    let store: ObjectStore<Object>
    let informers: [Informer<Object>]

    init(
        kind: Kind<Object>, connection: KubeConnection, scope: NamespaceScope, publisher: ChangePublisher, onStateChange: @escaping @Sendable () -> Void,
        logger: Logger
    ) {
        self.kind = kind
        let store = ObjectStore<Object>(indexers: Object.storeIndexers)
        self.store = store
        func informer(_ namespace: String?) -> Informer<Object> {
            Informer(
                connection: connection, resource: kind.resource.groupVersionResource, namespace: namespace, labelSelector: nil, store: store,
                publisher: publisher, onStateChange: onStateChange, logger: logger
            )
        }
        if kind.resource.namespaced, let names = scope.names {
            informers = names.map(informer)
        } else {
            informers = [informer(nil)]
        }
    }

    var resource: ResourceKind { kind.resource }

    func contents() -> any AnyStoreContents { store.contents }

    var runners: [any ServiceRunner] { informers }

    /// Every informer has listed once (a kind with no namespace in scope has nothing to list).
    var hasSynced: Bool { informers.allSatisfy(\.isSynced) }

    func synced() async {
        for informer in informers { await informer.synced() }
    }

    var failure: KubeAPIError? { informers.lazy.compactMap(\.lastFailure).first }

    var state: KindStatus.State {
        let failures = informers.compactMap(\.lastFailure)
        if let failure = failures.first {
            // A LIST of the collection answered 404: the cluster does not serve the kind (its CRD went away).
            if failure.kind == .notFound && failures.count == informers.count { return .notServed }
            return .failing(failure.description)
        }
        return hasSynced ? .synced : .syncing
    }
}

/// A ``KindCache`` of any object type.
protocol AnyKindCache: Sendable {
    var resource: ResourceKind { get }
    func contents() -> any AnyStoreContents
    var runners: [any ServiceRunner] { get }
    var hasSynced: Bool { get }
    func synced() async
    var state: KindStatus.State { get }
    var failure: KubeAPIError? { get }
}

/// Something with a `run()` that lasts until cancelled: an informer.
protocol ServiceRunner: Sendable {
    func run() async
}

extension Informer: ServiceRunner {}
