import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

extension SimCluster {
    /// Serves the cluster until the task is cancelled or a graceful shutdown is triggered: the HTTPS API server,
    /// on OpenShift the router, the controllers and, with `--state`, the persistence of objects.
    /// - Parameter onReady: called once every listener is bound, with the URLs.
    /// - Throws: the servers' error when they fail on their own (a port already in use), after the cluster has
    ///   shut down and saved its state.
    public func run(onReady: @escaping @Sendable (SimEndpoints) async -> Void = { _ in }) async throws {
        let controllers = ClusterControllers(cluster: self)
        storage.addListener { event in controllers.observe(event) }
        // Queue a first pass over existing objects (bootstrap, restored state).
        for type in catalog.types {
            for item in storage.list(type.groupResource).items {
                controllers.observe(StorageEvent(type: .added, resource: type.groupResource, object: item, previous: nil))
            }
        }
        if let dir = options.stateDirectory { try StatePersistence.saveIdentity(identity, directory: dir) }

        let apiPort = options.apiPort != 0 ? options.apiPort : identity.apiPort
        let routerPort = options.routerPort != 0 ? options.routerPort : identity.routerPort
        let bound = BoundPorts()
        let (readyStream, readyContinuation) = AsyncStream<Void>.makeStream()

        var serverLogger = Logger(label: "skopos.sim.\(name).http")
        // Cancelling a test's cluster makes the server log benign shutdown errors; LOG_LEVEL shows them.
        serverLogger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let api = Application(
            responder: APIResponder(cluster: self),
            server: try .tls(.http1(configuration: .init(idleTimeout: .nanoseconds(options.idleTimeout.nanosecondsForNIO))), tlsConfiguration: identity.apiServing.serverTLSConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: apiPort), serverName: nil),
            onServerRunning: { channel in
                bound.set("api", channel.localAddress?.port)
                readyContinuation.yield()
            },
            logger: serverLogger
        )
        var services: [any Service] = [api]
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(certificateVerification: .none, timeout: .init(connect: .seconds(5), read: .seconds(60)))
        )
        let reencryptClients = ReencryptClients(serviceCAPEM: serviceCA.certificatePEM)
        if flavor == .openshift {
            // TLS-terminating listener on an internal port; the public port reads SNI and relays to it or, for
            // passthrough Routes, to the pod.
            let router = Application(
                responder: RouterResponder(cluster: self, httpClient: httpClient, reencryptClients: reencryptClients, publicPort: { bound.get("router") }),
                server: try .tls(
                    .http1(configuration: .init(idleTimeout: .nanoseconds(options.idleTimeout.nanosecondsForNIO))), tlsConfiguration: identity.routerServing.serverTLSConfiguration()),
                configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                onServerRunning: { channel in
                    bound.set("routerTLS", channel.localAddress?.port)
                    readyContinuation.yield()
                },
                logger: serverLogger
            )
            services.append(router)
            services.append(
                RouterFrontend(cluster: self, port: routerPort, terminatingPort: { bound.get("routerTLS") }) { port in
                    bound.set("router", port)
                    readyContinuation.yield()
                })
        }
        let expected = services.count
        // Created last: nothing may throw between its creation and its shutdown below.
        let kubelet = Kubelet(cluster: self)
        setKubelet(kubelet)
        let group = ServiceGroup(configuration: .init(services: services, logger: serverLogger))
        // How the servers ended, if they end before we stop them (a port already in use).
        let (serversEnded, serversEndedContinuation) = AsyncStream<Result<Void, any Error>>.makeStream()

        let failure: (any Error)? = await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    try await group.run()
                    serversEndedContinuation.yield(.success(()))
                } catch {
                    serversEndedContinuation.yield(.failure(error))
                }
                serversEndedContinuation.finish()
            }
            tasks.addTask { await controllers.run() }
            if let dir = options.stateDirectory {
                tasks.addTask { [storage, wal] in
                    // The log makes every write durable; a snapshot only bounds the log (and the replay at start),
                    // so it is taken when the log has grown or every 30 s, not on every change.
                    var last = ContinuousClock.now
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(500))
                        let backlog = wal?.backlog ?? (records: 0, bytes: 0)
                        let due = backlog.records >= 20_000 || backlog.bytes >= 16 * 1024 * 1024 || ContinuousClock.now - last >= .seconds(30) || wal == nil
                        guard due else { continue }
                        last = ContinuousClock.now
                        if let snap = storage.snapshotIfDirty() {
                            if (try? StatePersistence.saveObjects(snap.objects, resourceVersion: snap.resourceVersion, directory: dir)) != nil {
                                await wal?.compact(upTo: snap.resourceVersion)
                            }
                        }
                    }
                }
            }
            tasks.addTask { [self] in
                var seen = 0
                for await _ in readyStream {
                    seen += 1
                    if seen == expected { break }
                }
                let apiPort = bound.get("api") ?? 0
                let routerPort = bound.get("router")
                let apiURL = "https://127.0.0.1:\(apiPort)"
                let endpoints = SimEndpoints(apiURL: apiURL, oauthURL: flavor == .openshift ? apiURL : nil, routerURL: routerPort.map { "https://127.0.0.1:\($0)" })
                setEndpoints(endpoints)
                if let dir = options.stateDirectory {
                    var id = identity
                    id.apiPort = apiPort
                    id.routerPort = routerPort ?? 0
                    try? StatePersistence.saveIdentity(id, directory: dir)
                }
                await onReady(endpoints)
            }
            // Serve until cancelled or shut down gracefully, or until the servers stop on their own.
            let ended: Result<Void, any Error>? = await withTaskCancellationOrGracefulShutdownHandler {
                for await result in serversEnded { return result }
                return nil
            } onCancelOrGracefulShutdown: {
                serversEndedContinuation.finish()
            }
            // Shutting down: end watches so the servers can drain, save state, stop everything.
            storage.closeAllWatches()
            controllers.shutdown()
            // The servers first: clients whose watches just ended reconnect at once, and a connection accepted
            // while the servers wait is dropped in a way NIO refuses. Then the pods' processes.
            await group.triggerGracefulShutdown()
            await kubelet.shutdown()
            if let dir = options.stateDirectory, let snap = storage.snapshotIfDirty(force: true) {
                try? StatePersistence.saveObjects(snap.objects, resourceVersion: snap.resourceVersion, directory: dir)
            }
            tasks.cancelAll()
            // A server that failed before anyone asked it to stop is this run's failure.
            if case .failure(let error)? = ended, !Task.isCancelled { return error }
            return nil
        }
        try? await httpClient.shutdown()
        await reencryptClients.shutdown()
        setKubelet(nil)
        if let failure { throw failure }
    }
}

/// Ports reported by the listeners once bound.
final class BoundPorts: Sendable {
    private let ports = Mutex<[String: Int]>([:])

    func set(_ name: String, _ port: Int?) {
        ports.withLock { $0[name] = port }
    }

    func get(_ name: String) -> Int? {
        ports.withLock { $0[name] }
    }
}

extension Duration {
    /// The duration in nanoseconds, for NIO's `TimeAmount`.
    var nanosecondsForNIO: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
