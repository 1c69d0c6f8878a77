import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import KubeClient
public import Logging
import NIOCore
import PromClient
public import ServiceLifecycle
import SkoposBusiness
import SkoposGraph
import SkoposModel
import UnixSignals

/// `skopos serve`: the console server. Loads Kiali's `config.yaml`, connects to the home cluster and the remote ones,
/// and serves Kiali's API (HTTPS with `identity` set) on `server.port`, and its own metrics on the metrics port.
public struct SkoposServer: Sendable {
    /// The services to run, in order: the clusters, the certificate watcher, the graph cache's refresher, the
    /// listeners.
    public let services: [any Service]
    /// The clusters, for callers that wait on them.
    public let registry: ClusterRegistry
    /// Start-up warnings (unknown configuration keys, ...).
    public let warnings: [String]
    /// Where the main listener binds and with which scheme.
    public let mainAddress: (host: String, port: Int, https: Bool)
    /// Called with the bound main port once it listens (port 0 binds a free one).
    let bound: AsyncStream<Int>

    /// The Skopos version reported as Kiali's.
    public static let version = "v2.28.0-skopos"

    /// Prepares the server from its command line.
    /// - Throws: ``ServeError`` or `ConfigError` naming the setting or file that is wrong.
    public static func prepare(_ options: ServeOptions, logger: Logger = Logger(label: "skopos.web")) async throws -> SkoposServer {
        let root = MountRoot.resolve(option: options.mountRoot, environment: options.environment, workingDirectory: FileManager.default.currentDirectoryPath)
        let loaded = try KialiConfig.load(file: options.configPath, mountRoot: root)
        let config = loaded.config
        for w in loaded.warnings { logger.warning("\(w)") }
        guard config.auth.strategy != .openid else {
            throw ServeError(
                "auth.strategy: \"openid\" is not supported yet; use openshift, token, header or anonymous (docs/serve.md, \"Login\")")
        }
        try config.validateSecrets(under: root)
        let access = try config.accessScope()
        let healthRates = try HealthRates.from(config.unmodelled["health_config"])

        // The home cluster: the pod's service account in a pod, else the kubeconfig.
        let home: ResolvedCluster
        var serviceAccountTokenFile: String?
        do {
            if options.kubeconfig == nil, let host = options.environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty {
                let dir = root.resolve(KubeconfigLoader.defaultServiceAccountDirectory)
                home = try KubeconfigLoader.inCluster(environment: options.environment, serviceAccountDirectory: dir).resolve(context: nil)
                serviceAccountTokenFile = dir + "/token"
            } else {
                let path = options.kubeconfig.map { root.resolve($0) }
                home = try KubeconfigLoader.loadDefault(environment: options.environment, explicitPath: path).resolve(context: options.context)
            }
        } catch {
            throw ServeError("home cluster: \(error)")
        }
        let homeName = config.kubernetesConfig.clusterName.isEmpty ? nil : config.kubernetesConfig.clusterName
        let registry = ClusterRegistry(
            home: home, homeName: homeName, directory: RemoteSecretsDirectory(path: root.resolve(options.remoteSecretsDirectory)), access: access,
            logger: Logger(label: "skopos.kube"))

        // The main port's TLS profile (only with HTTPS): `tls_config.source: auto` asks the home cluster.
        var tlsProfile = TLSProfile.fromConfig(config.deployment.tlsConfig)
        var startWarnings = loaded.warnings
        if config.identity.servesHTTPS && config.deployment.tlsConfig.source == .auto {
            let connection = try? KubeConnection(cluster: home, name: homeName ?? home.name)
            let (profile, warning) = await TLSProfile.resolve(config, home: connection, logger: logger)
            try? await connection?.shutdown()
            tlsProfile = profile
            if let warning {
                logger.warning("\(warning)")
                startWarnings.append(warning)
            }
            logger.info("TLS profile", metadata: ["skopos.source": "\(profile.source)", "skopos.min_version": "\(profile.minVersion)"])
        }
        if config.auth.strategy == .openshift && config.auth.openshift.impersonationEnabled {
            let warning = "auth.openshift.impersonation.enabled is not supported yet: every cluster is read with the user's own login to it"
            logger.warning("\(warning)")
            startWarnings.append(warning)
        }
        let promConfig = try config.externalServices.prometheus.clientConfiguration(mountRoot: root, serviceAccountTokenFile: serviceAccountTokenFile)
        let prometheus: PrometheusClient
        do {
            prometheus = try PrometheusClient(configuration: promConfig)
        } catch {
            throw ServeError("external_services.prometheus: \(error)")
        }
        // The client owns an HTTP client: if start-up fails from here on, close it before reporting.
        do {
            return try finishPreparing(
                config: config, warnings: startWarnings, root: root, options: options, registry: registry, prometheus: prometheus,
                healthRates: healthRates, tlsProfile: tlsProfile, logger: logger)
        } catch {
            let client = prometheus
            Task { try? await client.shutdown() }
            throw error
        }
    }

    private static func finishPreparing(
        config: KialiConfig, warnings: [String], root: MountRoot, options: ServeOptions, registry: ClusterRegistry, prometheus: PrometheusClient,
        healthRates: [HealthRate], tlsProfile: TLSProfile, logger: Logger
    ) throws -> SkoposServer {
        var settings = GraphSettings()
        settings.healthRates = healthRates
        settings.controlPlaneNamespaces = [config.deployment.namespace, "istio-system"]
        if !config.externalServices.istio.istioIdentityDomain.isEmpty { settings.identityDomain = config.externalServices.istio.istioIdentityDomain }
        let engine = GraphEngine(settings: settings, metrics: .prometheus(prometheus, queryScope: config.externalServices.prometheus.queryScope))
        let gc = config.kialiInternal.graphCache
        let cache = GraphCache(
            settings: .init(enabled: gc.enabled, refreshInterval: gc.refreshInterval, inactivityTimeout: gc.inactivityTimeout, maxBytes: gc.maxCacheMemoryMB * 1024 * 1024))
        let visibility = NamespaceVisibility(
            defaultSelectors: config.deployment.discoverySelectors.default, overrides: config.deployment.discoverySelectors.overrides,
            controlPlaneNamespaces: [config.deployment.namespace])
        let signingKey = config.loginToken.signingKey
        let authenticator = Authenticator(
            strategy: config.auth.strategy, registry: registry, signingKey: SigningKey { try signingKey.read(under: root) },
            cookies: SessionCookies(path: webRootPath(config.server.webRoot), secure: config.identity.servesHTTPS || config.server.webSchema == "https"),
            oauthClientName: "\(config.deployment.instanceName)-\(config.deployment.namespace)", logger: logger)
        let compute = config.unmodelled["health_config"]?["compute"]
        func seconds(_ key: String, _ fallback: Duration) throws(ServeError) -> Duration {
            guard let text = compute?[key]?.stringValue else { return fallback }
            do {
                return try GoDuration.parse(text)
            } catch {
                throw ServeError("health_config.compute.\(key): \(error)")
            }
        }
        let health = HealthCache(
            settings: .init(
                duration: HealthWindow.computeDuration(compute?["duration"]?.stringValue ?? "5m"), refreshInterval: try seconds("refresh_interval", .seconds(180)),
                timeout: try seconds("timeout", .seconds(600))),
            rates: healthRates, queryScope: config.externalServices.prometheus.queryScope, metrics: .prometheus(prometheus),
            logger: Logger(label: "skopos.health"),
            generation: { [registry] in
                // Changes when a cluster syncs or its namespaces change.
                var hasher = Hasher()
                for c in registry.snapshot().clusters {
                    hasher.combine(c.name)
                    hasher.combine(c.status.synced)
                    hasher.combine(c.namespaces.count)
                }
                return hasher.finalize()
            }
        ) { [registry] in HealthInventory.snapshot(registry.snapshot()) }
        let console = Console(
            config: config, registry: registry, prometheus: prometheus, engine: engine, graphCache: cache, visibility: visibility,
            authenticator: authenticator, health: health, logger: logger, version: version, warnings: warnings)

        var webRoot = config.server.webRoot
        if !webRoot.hasSuffix("/") { webRoot += "/" }
        let prefix = String(webRoot.dropFirst())
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeaders(tls: config.identity.servesHTTPS))
        StatusRoutes.addOpen(to: router, console: console, prefix: prefix)
        AuthRoutes.add(to: router, console: console, prefix: prefix)
        // Everything else needs a session (backend.md §2.1 "Auth").
        let guarded = router.group().add(middleware: AuthMiddleware(authenticator: authenticator))
        StatusRoutes.add(to: guarded, console: console, prefix: prefix)
        GraphRoutes.add(to: guarded, console: console, prefix: prefix)
        NamespaceRoutes.add(to: guarded, console: console, prefix: prefix)
        ClusterRoutes.add(to: guarded, console: console, prefix: prefix)
        ConfigRoutes.add(to: guarded, console: console, prefix: prefix)
        IstioStatusRoutes.add(to: guarded, console: console, prefix: prefix)
        HealthRoutes.add(to: guarded, console: console, prefix: prefix)
        InventoryRoutes.add(to: guarded, console: console, prefix: prefix)
        MeshRoutes.add(to: guarded, console: console, prefix: prefix)
        MetricsRoutes.add(to: guarded, console: console, prefix: prefix)
        IstioConfigRoutes.add(to: guarded, console: console, prefix: prefix)
        if webRoot != "/" {
            let location = webRoot
            router.get("/") { _, _ in Response(status: .found, headers: [.location: location]) }
        }

        let bind = BindAddress.resolve(serverAddress: config.server.address, environment: options.environment)
        var services: [any Service] = [registry, ClientCloser(prometheus: prometheus), CacheRefresher(cache: cache)]
        if config.kialiInternal.healthCacheEnabled { services.append(health) }
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let appConfiguration = ApplicationConfiguration(address: .hostname(bind.host, port: config.server.port), serverName: nil)
        let onRunning: @Sendable (any Channel) async -> Void = { channel in
            boundContinuation.yield(channel.localAddress?.port ?? 0)
            logger.info("listening", metadata: ["skopos.address": "\(bind.host):\(channel.localAddress?.port ?? 0)"])
        }
        if config.identity.servesHTTPS {
            let identity = try ServingIdentity(
                certificatePath: root.resolve(config.identity.certFile), keyPath: root.resolve(config.identity.privateKeyFile), profile: tlsProfile,
                logger: logger)
            services.append(identity)
            let server: HTTPServerBuilder = try .tls(.http1(), tlsConfiguration: identity.tlsConfiguration)
            services.append(Application(router: router, server: server, configuration: appConfiguration, onServerRunning: onRunning, logger: logger))
        } else {
            services.append(Application(router: router, configuration: appConfiguration, onServerRunning: onRunning, logger: logger))
        }
        if config.server.observability.metrics.enabled {
            services.append(MetricsListener.application(console: console, host: bind.host, port: config.server.observability.metrics.port, logger: logger))
        }
        return SkoposServer(
            services: services, registry: registry, warnings: warnings, mainAddress: (bind.host, config.server.port, config.identity.servesHTTPS),
            bound: bound)
    }

    /// The cookie path for a web root: the root without its trailing slash, `/` for `/`.
    static func webRootPath(_ webRoot: String) -> String {
        var path = webRoot
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path.isEmpty ? "/" : path
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    public func run(logger: Logger = Logger(label: "skopos.web")) async throws {
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The main port once it listens.
    public func boundPort() async -> Int? {
        for await port in bound { return port }
        return nil
    }
}
