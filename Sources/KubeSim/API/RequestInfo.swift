/// What a request path and method mean, parsed the way the Kubernetes API server's request-info factory does.
struct RequestInfo: Sendable, Equatable {
    /// A resource request (`/api/...`, `/apis/...` with a resource); otherwise a non-resource path.
    var isResourceRequest: Bool
    var path: String
    var verb: String
    /// `api` or `apis`.
    var prefix = ""
    var group = ""
    var version = ""
    var namespace = ""
    var resource = ""
    var subresource = ""
    var name = ""

    static let namespaceSubresources: Set<String> = ["status", "finalize"]

    /// Parses a path such as `/apis/apps/v1/namespaces/ns/deployments/web/status`.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the request path without query.
    ///   - isWatchQuery: whether `watch=true|1` was given.
    static func parse(method: String, path: String, isWatchQuery: Bool) -> RequestInfo {
        let lowerVerb = method.lowercased()
        var info = RequestInfo(isResourceRequest: false, path: path, verb: lowerVerb)
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first, first == "api" || first == "apis" else { return info }
        info.prefix = first
        parts.removeFirst()
        if first == "apis" {
            guard parts.count >= 3 else { return info }  // discovery: /apis, /apis/g, /apis/g/v
            info.group = parts.removeFirst()
        } else {
            guard parts.count >= 2 else { return info }  // discovery: /api, /api/v1
        }
        info.version = parts.removeFirst()
        info.isResourceRequest = true

        var isWatch = false
        if parts.first == "watch" {
            isWatch = true
            parts.removeFirst()
        }
        if parts.first == "namespaces" {
            if parts.count > 1 {
                info.namespace = parts[1]
                if parts.count > 2 && !namespaceSubresources.contains(parts[2]) {
                    parts.removeFirst(2)
                }
            }
        }
        if parts.count >= 1 { info.resource = parts[0] }
        if parts.count >= 2 { info.name = parts[1] }
        if parts.count >= 3 { info.subresource = parts[2] }
        if info.resource == "namespaces" && !info.name.isEmpty {
            // `/api/v1/namespaces/foo` names the namespace itself.
            info.namespace = info.name
        }

        switch method.uppercased() {
        case "GET", "HEAD":
            if isWatch || (isWatchQuery && info.name.isEmpty) {
                info.verb = "watch"
            } else {
                info.verb = info.name.isEmpty ? "list" : "get"
            }
        case "POST": info.verb = "create"
        case "PUT": info.verb = "update"
        case "PATCH": info.verb = "patch"
        case "DELETE": info.verb = info.name.isEmpty ? "deletecollection" : "delete"
        default: info.verb = lowerVerb
        }
        return info
    }
}
