import KubeTypes
import Synchronization

/// Keeps the Namespaces of a limited scope in their store by GETting each one every `interval`, as Kiali does
/// without cluster-wide access: a RoleBinding in a namespace allows a GET of that Namespace, while a LIST or WATCH
/// of all Namespaces needs cluster-wide permission. A namespace that does not exist is simply absent.
final class NamespaceFetcher: StoreFeeder {
    let connection: KubeConnection
    let names: [String]
    let store: ObjectStore<Namespace>
    let interval: Duration
    let publisher: ChangePublisher
    let onStateChange: @Sendable () -> Void
    private let failure = Mutex<KubeAPIError?>(nil)
    private let filled = SyncLatch()

    init(
        connection: KubeConnection, names: [String], store: ObjectStore<Namespace>, interval: Duration, publisher: ChangePublisher,
        onStateChange: @escaping @Sendable () -> Void
    ) {
        self.connection = connection
        self.names = names
        self.store = store
        self.interval = interval
        self.publisher = publisher
        self.onStateChange = onStateChange
    }

    var isSynced: Bool { filled.isOpen }
    var lastFailure: KubeAPIError? { failure.withLock { $0 } }

    func run() async {
        let resource = Kind<Namespace>.namespaces.resource.groupVersionResource
        while !Task.isCancelled {
            var found: [(ObjectKey, Namespace)] = []
            var error: KubeAPIError?
            for name in names {
                do {
                    let namespace = try await connection.get(Namespace.self, resource, name: name)
                    found.append((namespace.cacheKey, namespace))
                } catch where error.kind == .notFound {
                    continue
                } catch let failed {
                    error = failed
                }
            }
            if Task.isCancelled { return }
            if error == nil {
                let (changes, sequence) = store.replaceCounted(found, resourceVersion: "", namespace: nil)
                publisher.publish(changes, lastSequence: sequence, storeID: store.id)
            }
            let changed = failure.withLock { current -> Bool in
                defer { current = error }
                return current != error
            }
            let first = error == nil && !filled.isOpen
            if first { filled.open() }
            if changed || first { onStateChange() }
            try? await Task.sleep(for: interval)
        }
    }
}
