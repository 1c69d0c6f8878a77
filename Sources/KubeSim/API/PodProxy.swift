import Foundation
import KubeTypes
import SkoposModel

/// A request for a pod through the API server's proxy (`pods/NAME[:PORT]/proxy/PATH`).
public struct PodProxyRequest: Sendable {
    public var namespace: String
    public var name: String
    public var labels: [String: String]
    /// The port asked for, or the pod's first container port.
    public var port: Int
    /// The path after `/proxy`, starting with `/`.
    public var path: String
    public var method: String
}

/// What answers it.
public struct PodProxyResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Serves `pods/proxy`: the pod's port answers through the API server, as `kubectl get --raw` and consoles use it.
/// A pod answers when something serves it (a simulated control plane, a process run for its image); otherwise the
/// answer is 503 saying it does not run, and nothing outside the simulator is dialled.
enum PodProxy {
    /// Splits the `NAME`, `NAME:PORT` or `SCHEME:NAME:PORT` of a pod or Service proxy path (an empty part is `nil`).
    static func split(_ nameAndPort: String) -> (scheme: String?, name: String, port: String?) {
        let parts = nameAndPort.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let given = { (s: String) in s.isEmpty ? nil : s }
        switch parts.count {
        case 2: return (nil, parts[0], given(parts[1]))
        case 3: return (given(parts[0]), parts[1], given(parts[2]))
        default: return (nil, nameAndPort, nil)
        }
    }

    /// The path after `/proxy` in a request path.
    static func proxiedPath(_ path: String, name: String) -> String {
        guard let r = path.range(of: "/\(name)/proxy") else { return "/" }
        let rest = String(path[r.upperBound...])
        return rest.isEmpty ? "/" : rest
    }

    static func respond(cluster: SimCluster, request: APIRequest) throws(APIError) -> PodProxyResponse {
        let (_, name, portText) = split(request.info.name)
        let askedPort = portText.flatMap { Int($0) }
        guard let pod = cluster.storage.get(GroupResource.pods, ObjectKey(namespace: request.info.namespace, name: name))?.object else {
            throw APIError.notFound(GroupResource.pods, name)
        }
        let firstPort = pod[path: ["spec", "containers"]]?.arrayValue?.lazy.compactMap { $0["ports"]?.arrayValue?.first?["containerPort"]?.intValue }.first
        guard let port = askedPort ?? firstPort else {
            throw APIError.badRequest("pod \(name) declares no container port; name one: \(name):<port>")
        }
        let proxied = PodProxyRequest(
            namespace: request.info.namespace, name: name, labels: (pod[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            port: port, path: proxiedPath(request.path, name: request.info.name), method: request.method)
        if let answer = cluster.podResponder(proxied) { return answer }
        throw APIError(
            .serviceUnavailable,
            message: "pod \(name) in namespace \(request.info.namespace) does not run in the simulator: nothing serves its port \(port)")
    }
}
