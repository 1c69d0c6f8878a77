import Foundation
import Hummingbird
import KubeClient
import NIOCore
import PromClient
import SkoposModel

/// `{web_root}/healthz`, `/api` and `/api/status` (`backend.md` §2.2).
enum StatusRoutes {
    /// `/healthz` and `/api`, which need no session (`/api` does with `server.require_auth`).
    static func addOpen(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)healthz") { _, _ -> Response in
            // Ready once the home cluster has synced (Kiali does not listen before that).
            let ready = console.registry.clusters.first(where: \.isHome)?.isSynced ?? false
            return Response(status: ready ? .ok : .serviceUnavailable)
        }
        if !console.config.server.requireAuth {
            router.get("\(prefix)api") { _, _ in ErrorResponse.bytes(await statusJSON(console)) }
        }
    }

    /// `/api/status` (and `/api` with `server.require_auth`).
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        if console.config.server.requireAuth {
            router.get("\(prefix)api") { _, _ in ErrorResponse.bytes(await statusJSON(console)) }
        }
        router.get("\(prefix)api/status") { _, _ in ErrorResponse.bytes(await statusJSON(console)) }
    }

    static func statusJSON(_ console: Console) async -> [UInt8] {
        var w = GoJSONWriter()
        w.beginObject()
        w.key("status")
        w.beginObject()
        w.member("Kiali container version", console.version)
        w.member("Kiali version", console.version)
        w.member("Kiali commit hash", "unknown")
        w.member("Kiali state", "running")
        w.member("Disabled features", "")
        w.endObject()
        w.key("externalServices")
        w.beginArray()
        for cluster in console.registry.statuses {
            guard let version = cluster.serverVersion else { continue }
            w.beginObject()
            w.member("name", "Kubernetes-\(cluster.name)")
            w.member("version", version)
            w.key("tempoConfig")
            w.beginObject()
            w.endObject()
            w.endObject()
        }
        if let info = try? await console.prometheus.buildInfo(timeout: .seconds(5)) {
            w.beginObject()
            w.member("name", "Prometheus")
            w.member("version", info.version)
            w.key("tempoConfig")
            w.beginObject()
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("warningMessages")
        w.beginArray()
        var warnings = console.warnings
        if let home = console.registry.homeNameWarning { warnings.append(home) }
        warnings += console.registry.problems.map(\.description)
        for s in console.registry.statuses where !s.reachable {
            warnings.append("cluster [\(s.name)] is unreachable\(s.lastError.map { ": \($0)" } ?? "")")
        }
        for m in warnings { w.string(m) }
        w.endArray()
        w.key("istioEnvironment")
        w.beginObject()
        w.key("istioAPIEnabled")
        w.bool(console.config.externalServices.istio.istioAPIEnabled)
        w.endObject()
        w.endObject()
        return w.bytes
    }
}
