import AsyncHTTPClient
import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import NIOCore
import NIOHTTP1
import SkoposModel

/// `GET /api/istio/status` (`backend.md` §2.2): each control plane and gateway of each cluster the viewer has a
/// session for, and the add-ons (home cluster only). Raw data is kept per cluster (the probe's 20 s); the answer is
/// filtered per viewer, never one viewer's answer served to another.
enum IstioStatusRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/istio/status") { _, context -> Response in
            let access = await console.access(for: context.viewer)
            let entries = await status(console, access: access)
            var w = GoJSONWriter()
            w.beginArray()
            for e in entries {
                w.beginObject()
                w.member("cluster", e.cluster)
                w.member("name", e.name)
                w.member("status", e.status)
                w.key("isCore")
                w.bool(e.isCore)
                w.endObject()
            }
            w.endArray()
            return ErrorResponse.bytes(w.bytes)
        }
    }

    struct Entry: Sendable, Equatable {
        var cluster: String
        var name: String
        var status: String
        var isCore: Bool
    }

    /// Healthy when every desired replica is current and available; NotReady with none desired; else Unhealthy.
    static func replicaStatus(_ d: Deployment) -> String {
        let desired = d.spec.replicas
        if desired == 0 { return "NotReady" }
        return desired == d.status.availableReplicas && desired == d.status.replicas ? "Healthy" : "Unhealthy"
    }

    static func status(_ console: Console, access: ViewerAccess) async -> [Entry] {
        let clusters = console.registry.clusters.filter { access.covers(cluster: $0.name) }
        let versions = await console.controlPlanes.versions(clusters.filter(\.status.reachable))
        var out: [Entry] = []
        for cluster in clusters.sorted(by: { ($0.isHome ? 0 : 1, $0.name) < ($1.isHome ? 0 : 1, $1.name) }) {
            let snapshot = cluster.snapshot()
            let istiods = ControlPlaneProbe.istiods(snapshot)
            if !cluster.status.reachable {
                out.append(Entry(cluster: cluster.name, name: istiods.first?.metadata.name ?? "istiod", status: "Unreachable", isCore: true))
                continue
            }
            if istiods.isEmpty && access.namespaces == nil { out.append(Entry(cluster: cluster.name, name: "istiod", status: "NotFound", isCore: true)) }
            // Only what lives in namespaces the viewer may see (backend.md §4.8 [FIX]).
            func sees(_ d: Deployment) -> Bool {
                guard let ns = d.metadata.namespace, let object = snapshot.namespace(ns) else { return false }
                return console.isVisible(access, cluster: cluster.name, namespace: object)
            }
            for istiod in istiods.sorted(by: { $0.metadata.name < $1.metadata.name }) where sees(istiod) {
                var status = replicaStatus(istiod)
                let key = ControlPlaneProbe.Key(cluster: cluster.name, namespace: istiod.metadata.namespace ?? "", name: istiod.metadata.name)
                if status == "Healthy", versions[key]?.version == nil { status = "Unhealthy" }
                out.append(Entry(cluster: cluster.name, name: istiod.metadata.name, status: status, isCore: true))
            }
            let gateways = snapshot.list(.deployments).filter { ["ingressgateway", "egressgateway"].contains($0.metadata.labels["istio"] ?? "") }
            for g in gateways.sorted(by: { $0.metadata.name < $1.metadata.name }) where sees(g) {
                out.append(Entry(cluster: cluster.name, name: g.metadata.name, status: replicaStatus(g), isCore: false))
            }
        }
        // Add-ons, checked from the home cluster's console only.
        if let home = console.registry.clusters.first(where: \.isHome), access.covers(cluster: home.name) {
            out += await console.addOnStatus.entries(console, home: home.name)
        }
        return out
    }
}

/// Whether Prometheus, Grafana and tracing answer (10 s each, in parallel), kept 30 s.
actor AddOnStatus {
    private var cached: (entries: [IstioStatusRoutes.Entry], at: ContinuousClock.Instant)?

    func entries(_ console: Console, home: String) async -> [IstioStatusRoutes.Entry] {
        if let cached, ContinuousClock.now - cached.at < .seconds(30) { return cached.entries }
        let services = console.config.externalServices
        var checks: [(name: String, url: String, isCore: Bool)] = []
        if services.prometheus.enabled {
            let url = services.prometheus.healthCheckURL.isEmpty ? trimSlash(services.prometheus.url) + "/-/healthy" : services.prometheus.healthCheckURL
            checks.append(("prometheus", url, services.prometheus.isCore))
        }
        if services.tracing.enabled {
            let base = services.tracing.internalURL.isEmpty ? services.tracing.externalURL : services.tracing.internalURL
            checks.append(("tracing", services.tracing.healthCheckURL.isEmpty ? base : services.tracing.healthCheckURL, services.tracing.isCore))
        }
        let http = console.httpClient
        let entries = await withTaskGroup(of: IstioStatusRoutes.Entry.self) { group in
            for check in checks {
                group.addTask {
                    let ok: Bool
                    do {
                        let response = try await http.execute(HTTPClientRequest(url: check.url), timeout: .seconds(10))
                        ok = response.status.code < 400
                    } catch {
                        ok = false
                    }
                    return IstioStatusRoutes.Entry(cluster: home, name: check.name, status: ok ? "Healthy" : "Unreachable", isCore: check.isCore)
                }
            }
            var out: [IstioStatusRoutes.Entry] = []
            for await e in group { out.append(e) }
            return out.sorted { $0.name < $1.name }
        }
        cached = (entries, .now)
        return entries
    }

    func trimSlash(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
}
