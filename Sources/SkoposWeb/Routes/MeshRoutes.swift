import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import NIOHTTP1
import PromClient
import SkoposBusiness
import SkoposGraph
import SkoposModel

/// The Mesh page (`backend.md` §2.8, `graph.md` §12): `GET /api/mesh/graph` and `GET /api/mesh/controlplanes`, from
/// one discovery of the mesh kept 20 s and filtered per viewer.
enum MeshRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/mesh/graph") { request, context -> Response in
            let options: MeshGraphOptions
            do {
                options = try MeshGraphOptions.parse(QueryString.parse(request.uri.query ?? ""), now: Int64(Date().timeIntervalSince1970))
            } catch let error as GraphError {
                return ErrorResponse.json(.badRequest, error.message)
            } catch {
                return ErrorResponse.json(.badRequest, "\(error)")
            }
            let access = await console.access(for: context.viewer)
            let model = await console.mesh.model(console)
            return ErrorResponse.bytes(MeshPage.graphJSON(model, options: options) { cluster, ns in visible(console, access, cluster, ns) })
        }
        router.get("\(prefix)api/mesh/controlplanes") { _, context -> Response in
            let access = await console.access(for: context.viewer)
            let model = await console.mesh.model(console)
            return ErrorResponse.bytes(MeshPage.controlPlanesJSON(model) { cluster, ns in visible(console, access, cluster, ns) })
        }
    }

    /// Whether the viewer may see a namespace; for the anonymous viewer, every namespace the console shows.
    static func visible(_ console: Console, _ access: ViewerAccess, _ cluster: String, _ namespace: String) -> Bool {
        guard access.allows(cluster: cluster, namespace: namespace) else { return false }
        guard let ns = console.registry.cluster(cluster)?.snapshot().namespace(namespace) else { return access.namespaces != nil }
        return console.visibility.isVisible(cluster: cluster, namespace: namespace, labels: ns.metadata.labels)
    }
}

/// The mesh as the Mesh page shows it, discovered at most every 20 s (Kiali's `cache_expiration.mesh`): the read
/// model plus, per istiod, its Deployment (env, args, limits: the read model keeps no container details), `/ready` on
/// 8080 and `/version` on its monitoring port through the API server's pod proxy, each cluster asked on its own with
/// 5 s limits; an unreachable cluster is not asked and shows as such.
actor MeshDiscoveryCache {
    private var cached: (model: MeshModel, at: ContinuousClock.Instant)?
    private var running: Task<MeshModel, Never>?

    func model(_ console: Console) async -> MeshModel {
        if let cached, ContinuousClock.now - cached.at < .seconds(20) { return cached.model }
        let task: Task<MeshModel, Never>
        if let running {
            task = running
        } else {
            task = Task { await Self.discover(console) }
            running = task
        }
        let model = await task.value
        running = nil
        cached = (model, .now)
        return model
    }

    static func discover(_ console: Console) async -> MeshModel {
        let snapshot = console.registry.snapshot()
        let keys = MeshPage.istiods(snapshot)
        var specs: [IstiodKey: IstiodSpec] = [:]
        var probes: [IstiodKey: IstiodProbe] = [:]
        await withTaskGroup(of: (IstiodKey, IstiodSpec?, IstiodProbe).self) { group in
            for key in keys {
                guard let cluster = console.registry.cluster(key.cluster), cluster.status.reachable else { continue }
                let pods = IstiodStatus.readyPods(key, in: snapshot)
                group.addTask { await probe(key, cluster: cluster, readyPods: pods) }
            }
            for await (key, spec, probe) in group {
                if let spec { specs[key] = spec }
                probes[key] = probe
            }
        }
        let config = console.config
        var prometheus = AddOnConfig.Prometheus()
        prometheus.enabled = config.externalServices.prometheus.enabled
        prometheus.url = config.externalServices.prometheus.url
        prometheus.queryScope = config.externalServices.prometheus.queryScope
        prometheus.healthCheckURL = config.externalServices.prometheus.healthCheckURL
        prometheus.isCore = config.externalServices.prometheus.isCore
        var tracing = AddOnConfig.Tracing()
        tracing.enabled = config.externalServices.tracing.enabled
        tracing.internalURL = config.externalServices.tracing.internalURL
        tracing.externalURL = config.externalServices.tracing.externalURL
        var grafana = AddOnConfig.Grafana()
        grafana.enabled = config.externalServices.grafana.enabled
        grafana.internalURL = config.externalServices.grafana.internalURL
        grafana.externalURL = config.externalServices.grafana.externalURL
        let home = console.registry.clusters.first(where: \.isHome)?.name ?? ""
        let addOnHealth = await console.addOnStatus.entries(console, home: home)
        func health(_ name: String) -> String? { addOnHealth.first { $0.name == name }?.status }
        let promVersion = try? await console.prometheus.buildInfo(timeout: .seconds(5)).version
        var istio = AddOnConfig.Istio()
        istio.istioAPIEnabled = config.externalServices.istio.istioAPIEnabled
        istio.istioIdentityDomain = config.externalServices.istio.istioIdentityDomain
        let kiali = MeshKiali(
            cluster: home, namespace: config.deployment.namespace, name: config.deployment.instanceName, infraData: istio.json, version: console.version,
            istioAPIEnabled: config.externalServices.istio.istioAPIEnabled)
        let addOns = [
            prometheus.addOn(health: health("prometheus"), version: promVersion), tracing.addOn(health: health("tracing"), version: nil),
            grafana.addOn(health: health("grafana"), version: nil),
        ].compactMap { $0 }
        let inputs = MeshDiscovery.Inputs(
            clusters: MeshPage.clusters(snapshot), istiodSpecs: specs, probes: probes, clusterWideAccess: config.deployment.clusterWideAccess, kiali: kiali,
            addOns: addOns)
        return MeshPage.model(snapshot, inputs: inputs)
    }

    static func probe(_ key: IstiodKey, cluster: ClusterCache, readyPods: [String]) async -> (IstiodKey, IstiodSpec?, IstiodProbe) {
        let connection = cluster.connection
        var spec: IstiodSpec?
        if let bytes = try? await connection.send(.GET, "/apis/apps/v1/namespaces/\(key.namespace)/deployments/\(key.name)", timeout: .seconds(5)),
            let json = try? JSONParser.parse(bytes)
        {
            spec = IstiodSpec(deployment: json)
        }
        guard let pod = readyPods.first else {
            return (key, spec, IstiodProbe(version: nil, status: IstiodStatus.status(readyPods: 0, readyCheckSucceeded: nil)))
        }
        let base = "/api/v1/namespaces/\(key.namespace)/pods/\(pod)"
        let ready = (try? await connection.send(.GET, base + ":8080/proxy/ready", timeout: .seconds(5))) != nil
        let port = spec?.monitoringPort ?? 15014
        let version = (try? await connection.send(.GET, base + ":\(port)/proxy/version", timeout: .seconds(5)))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        return (key, spec, IstiodProbe(version: version.flatMap { $0.isEmpty ? nil : $0 }, status: IstiodStatus.status(readyPods: readyPods.count, readyCheckSucceeded: ready)))
    }
}
