import Foundation
public import KubeTypes
public import Logging
public import ServiceLifecycle
import Synchronization

/// What an informer reports, for status pages and for tests that assert on events rather than on sleeps.
public enum InformerEvent: Sendable, Equatable {
    /// The first LIST filled the store.
    case listed(resourceVersion: String)
    /// A later LIST (after a 410 or an error) replaced the store.
    case relisted(resourceVersion: String)
    /// A watch started from this resourceVersion.
    case watchStarted(resourceVersion: String)
    /// A watch ended: cleanly (`nil`) or with a reason.
    case watchEnded(reason: String?)
    /// Objects changed (adds, updates, deletes applied to the store).
    case changed(count: Int)
    /// A LIST or WATCH failed.
    case failed(String)
    /// A watch event could not be used and was skipped.
    case skipped(String)
}

/// A reflector plus its store: LIST then WATCH one resource of one cluster (or of one namespace) following
/// client-go's rules (`ReflectorStateMachine`), keeping `store` equal to the server's state through dropped watches,
/// 410s and restarts. A `Service`: run it in a `ServiceGroup` or a task; it stops on cancellation or graceful
/// shutdown.
///
/// Several informers may fill one store, one per namespace, each replacing only its namespace's objects on a LIST.
/// Every change applied to the store is handed to ``ChangePublisher`` (the registry's change stream).
public final class Informer<Object: CachedObject>: ServiceLifecycle.Service, Sendable {
    public let store: ObjectStore<Object>
    public let resource: GroupVersionResource
    public let namespace: String?
    public let labelSelector: String?
    let connection: KubeConnection
    let logger: Logger
    let publisher: ChangePublisher?
    let onStateChange: (@Sendable () -> Void)?
    private let observers = Mutex<(next: Int, continuations: [Int: AsyncStream<InformerEvent>.Continuation])>((0, [:]))
    private let failure = Mutex<KubeAPIError?>(nil)
    private let syncLatch = SyncLatch()

    /// - Parameters:
    ///   - resource: The resource to list and watch.
    ///   - namespace: Watch one namespace only (`nil`: cluster-wide).
    ///   - labelSelector: Restrict the objects cached.
    ///   - store: The store to fill; a new one (with `Object`'s indexes) when `nil`.
    public convenience init(
        connection: KubeConnection, resource: GroupVersionResource, namespace: String? = nil, labelSelector: String? = nil,
        store: ObjectStore<Object>? = nil, logger: Logger = Logger(label: "skopos.kube")
    ) {
        self.init(
            connection: connection, resource: resource, namespace: namespace, labelSelector: labelSelector, store: store, publisher: nil,
            onStateChange: nil, logger: logger
        )
    }

    init(
        connection: KubeConnection, resource: GroupVersionResource, namespace: String?, labelSelector: String?, store: ObjectStore<Object>?,
        publisher: ChangePublisher?, onStateChange: (@Sendable () -> Void)?, logger: Logger
    ) {
        self.connection = connection
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.store = store ?? ObjectStore<Object>(indexers: Object.storeIndexers)
        self.publisher = publisher
        self.onStateChange = onStateChange
        self.logger = logger
    }

    /// Whether the first LIST has completed.
    public var isSynced: Bool { syncLatch.isOpen }

    /// Returns once the first LIST has completed (or the task is cancelled).
    public func synced() async { await syncLatch.wait() }

    /// The last failure, cleared by the next success.
    public var lastError: String? { failure.withLock { $0?.description } }

    /// The last failure as an error value, cleared by the next success.
    public var lastFailure: KubeAPIError? { failure.withLock { $0 } }

    /// A stream of this informer's events from now on (the newest 1,000 are kept for a slow reader).
    public func events() -> AsyncStream<InformerEvent> {
        let (stream, continuation) = AsyncStream<InformerEvent>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let id = observers.withLock { o -> Int in
            o.next += 1
            o.continuations[o.next] = continuation
            return o.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.observers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    func emit(_ event: InformerEvent) {
        let all = observers.withLock { Array($0.continuations.values) }
        for c in all { c.yield(event) }
    }

    /// Records a failure (or its end); tells the cluster when that changes its state. A failure caused by the task's
    /// own cancellation is not one.
    func record(_ error: KubeAPIError?) {
        if error != nil && Task.isCancelled { return }
        let changed = failure.withLock { current -> Bool in
            defer { current = error }
            return current != error
        }
        if let error { emit(.failed(error.description)) }
        if changed { onStateChange?() }
    }

    /// Runs until the task is cancelled or a graceful shutdown begins.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    func loop() async {
        var machine = ReflectorStateMachine()
        var action = machine.start()
        var hasListed = false
        while !Task.isCancelled {
            switch action {
            case .list(let listRV):
                do {
                    let (items, rv) = try await listAll(resourceVersion: listRV.queryValue)
                    let (changes, sequence) = store.replaceCounted(items.map { ($0.cacheKey, $0) }, resourceVersion: rv, namespace: namespace)
                    publisher?.publish(changes, lastSequence: sequence, storeID: store.id)
                    emit(hasListed ? .relisted(resourceVersion: rv) : .listed(resourceVersion: rv))
                    if !changes.isEmpty { emit(.changed(count: changes.count)) }
                    let first = !hasListed
                    hasListed = true
                    record(nil)
                    if first {
                        syncLatch.open()
                        onStateChange?()
                    }
                    action = machine.listSucceeded(resourceVersion: rv)
                } catch let error as KubeAPIError {
                    if Task.isCancelled { return }
                    record(error)
                    action = machine.listFailed(error, now: .now)
                } catch {
                    if Task.isCancelled { return }
                    let failure = KubeAPIError(kind: .decoding, cluster: connection.clusterName, path: resource.path(namespace: namespace), message: "\(error)")
                    record(failure)
                    action = machine.listFailed(failure, now: .now)
                }
            case .watch(let from):
                action = await watch(from: from, machine: &machine)
            case .sleep(let duration):
                do {
                    try await Task.sleep(for: duration)
                } catch {
                    return
                }
                action = machine.sleepFinished()
            }
        }
    }

    /// LIST, in pages of 500 for a consistent (`""`) list, as client-go's reflector does; at a resourceVersion
    /// (`0`, or a relist's last version) paging is off.
    func listAll(resourceVersion: String) async throws -> ([Object], String) {
        var options = ListOptions(labelSelector: labelSelector, resourceVersion: resourceVersion)
        // Servers answer `0` from their watch cache and ignore `limit` there, so only a consistent list is paged.
        let paged = resourceVersion.isEmpty
        if paged { options.limit = 500 }
        var items: [Object] = []
        var listRV = ""
        while true {
            let page = try await connection.list(Object.self, resource, namespace: namespace, options: options)
            if items.isEmpty { items = page.items } else { items += page.items }
            if listRV.isEmpty { listRV = page.metadata.resourceVersion ?? "" }
            guard paged, let token = page.metadata.continue, !token.isEmpty else {
                return (items, listRV)
            }
            // A continued list carries the token alone (a resourceVersion with `continue` is refused).
            options.continueToken = token
            options.resourceVersion = nil
        }
    }

    func watch(from: String, machine: inout ReflectorStateMachine) async -> ReflectorStateMachine.Action {
        let options = ListOptions(
            labelSelector: labelSelector, resourceVersion: from, allowWatchBookmarks: true, timeoutSeconds: machine.watchTimeoutSeconds()
        )
        let stream: WatchStream<Object>
        do {
            stream = try await connection.watch(Object.self, resource, namespace: namespace, options: options)
        } catch {
            record(error)
            return machine.watchEnded(error, now: .now)
        }
        record(nil)
        emit(.watchStarted(resourceVersion: from))
        machine.isDeliveringInitialEvents = from.isEmpty || from == "0"
        let started = ContinuousClock.now
        var received = 0
        do {
            for try await decoded in stream {
                switch decoded {
                case .skipped(let reason):
                    logger.debug("skipped a watch event", metadata: ["skopos.cluster": "\(connection.clusterName)", "reason": "\(reason)"])
                    emit(.skipped(reason))
                case .event(let event):
                    received += 1
                    switch event {
                    case .added(let o):
                        apply(.added(o.cacheKey, o), rv: o.metadata.resourceVersion, type: .added, machine: &machine)
                    case .modified(let o):
                        apply(.updated(o.cacheKey, o), rv: o.metadata.resourceVersion, type: .modified, machine: &machine)
                    case .deleted(let o):
                        apply(.deleted(o.cacheKey, o), rv: o.metadata.resourceVersion, type: .deleted, machine: &machine)
                    case .bookmark(let rv, _):
                        store.setResourceVersion(rv)
                        machine.eventApplied(resourceVersion: rv, type: .bookmark)
                    case .error(let status):
                        let error = KubeAPIError(status: status, cluster: connection.clusterName, path: resource.path(namespace: namespace))
                        // An expired watch is routine (the informer relists); anything else is a failure to report.
                        if !error.isExpired { record(error) }
                        emit(.watchEnded(reason: "\(status.code) \(status.reason)"))
                        return machine.watchEnded(error, now: .now)
                    }
                }
                if Task.isCancelled { return machine.watchEnded(nil, now: .now) }
            }
        } catch {
            emit(.watchEnded(reason: "\(error)"))
            if Task.isCancelled { return machine.watchEnded(nil, now: .now) }
            let path = resource.path(namespace: namespace)
            if error is LineSplitter.LineTooLong {
                // An event too long to read: back off and relist, rather than re-watch into the same event forever.
                let failure = KubeAPIError(kind: .decoding, cluster: connection.clusterName, path: path, message: "\(error)")
                record(failure)
                return machine.watchEnded(failure, now: .now)
            }
            if received == 0 && ContinuousClock.now - started < .seconds(1) {
                // A watch that broke at once, as client-go's "very short watch": back off before watching again.
                let failure = (error as? KubeAPIError) ?? KubeAPIError(kind: .unreachable, cluster: connection.clusterName, path: path, message: "\(error)")
                record(failure)
                return machine.watchEnded(failure, now: .now)
            }
            // A broken connection ends the watch; resume from the last version.
            return machine.watchEnded(nil, now: .now)
        }
        emit(.watchEnded(reason: nil))
        return machine.watchEnded(nil, now: .now)
    }

    func apply(_ change: StoreChange<Object>, rv: String?, type: ReflectorStateMachine.EventType, machine: inout ReflectorStateMachine) {
        let recordRV = machine.isDeliveringInitialEvents && type == .added ? nil : rv
        if let (applied, sequence) = store.applyCounted(change, resourceVersion: recordRV) {
            publisher?.publish([applied], lastSequence: sequence, storeID: store.id)
            emit(.changed(count: 1))
        }
        machine.eventApplied(resourceVersion: rv ?? "", type: type)
    }
}
