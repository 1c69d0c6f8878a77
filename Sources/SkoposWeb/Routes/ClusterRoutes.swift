import Hummingbird
import KubeClient
import KubeTypes
import SkoposModel

/// `GET /api/skopos/clusters`, Skopos's one extension of Kiali's API (`docs/api.md`): each cluster the console knows,
/// home first, with whether it answers, whether its caches have synced, its last error and server version, and
/// whether the viewer has a session for it.
enum ClusterRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/skopos/clusters") { _, context -> Response in
            // The anonymous viewer needs no login: every cluster counts as having a session.
            let viewer = context.viewer
            return ErrorResponse.bytes(
                json(console.registry.statuses) { cluster in
                    guard case .user(let user) = viewer else { return true }
                    return user.clusters[cluster] != nil
                })
        }
    }

    static func json(_ statuses: [ClusterStatus], hasSession: (String) -> Bool) -> [UInt8] {
        var w = GoJSONWriter()
        w.beginArray()
        for s in statuses {
            w.beginObject()
            w.member("name", s.name)
            w.key("home")
            w.bool(s.isHome)
            w.member("apiEndpoint", s.apiEndpoint)
            if let secret = s.secretName { w.member("secretName", secret) }
            w.key("reachable")
            w.bool(s.reachable)
            w.key("synced")
            w.bool(s.synced)
            w.key("lastError")
            if let e = s.lastError { w.string(e) } else { w.null() }
            w.key("failure")
            if let f = s.lastFailureKind { w.string(f.rawValue) } else { w.null() }
            w.key("serverVersion")
            if let v = s.serverVersion { w.string(v) } else { w.null() }
            w.key("hasSession")
            w.bool(hasSession(s.name))
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }
}
