import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import NIOHTTP1
import SkoposModel

/// OpenShift's router: a request whose `Host` is a Route's host is proxied to an endpoint of the Route's Service
/// (plain HTTP to the endpoint, as edge termination does).
struct RouterResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let cluster: SimCluster
    let httpClient: HTTPClient

    func respond(to request: Request, context: Context) async throws -> Response {
        let host = (request.head.authority ?? "").split(separator: ":").first.map(String.init) ?? ""
        guard let backend = backend(forHost: host, path: request.uri.path) else {
            return APIResponder.text(
                "Application is not available: no Route for host \"\(host)\" on cluster \(cluster.name)\n", status: 503,
                contentType: "text/plain; charset=utf-8")
        }
        var outbound = HTTPClientRequest(url: "http://\(backend)\(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")")
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where field.name.canonicalName != "host" && field.name != .connection {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        outbound.headers.replaceOrAdd(name: "Host", value: host)
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Host", value: host)
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
        var req = request
        let body = try await req.collectBody(upTo: 16 * 1024 * 1024)
        if body.readableBytes > 0 { outbound.body = .bytes(body) }
        do {
            let response = try await httpClient.execute(outbound, timeout: .seconds(60))
            var headers = HTTPFields()
            for h in response.headers where !["transfer-encoding", "connection", "content-length"].contains(h.name.lowercased()) {
                if let name = HTTPField.Name(h.name) { headers.append(HTTPField(name: name, value: h.value)) }
            }
            let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: bytes))
        } catch {
            return APIResponder.text("Application is not available: the backend \(backend) did not answer\n", status: 502)
        }
    }

    /// `ip:port` of a ready endpoint of the Route's Service, for the longest matching path.
    func backend(forHost host: String, path: String) -> String? {
        let routes = cluster.storage.list(GroupResource(group: "route.openshift.io", resource: "routes")).items.map(\.object)
        let candidates = routes.filter { r in
            let h = r[path: ["spec", "host"]]?.stringValue ?? r[path: ["status", "ingress"]]?.arrayValue?.first?["host"]?.stringValue
            return h == host && path.hasPrefix(r[path: ["spec", "path"]]?.stringValue ?? "")
        }.sorted { ($0[path: ["spec", "path"]]?.stringValue ?? "").count > ($1[path: ["spec", "path"]]?.stringValue ?? "").count }
        guard let route = candidates.first, let ns = route[path: ["metadata", "namespace"]]?.stringValue,
            let serviceName = route[path: ["spec", "to", "name"]]?.stringValue
        else { return nil }
        guard let service = cluster.storage.get(GroupResource.services, ObjectKey(namespace: ns, name: serviceName))?.object,
            let endpoints = cluster.storage.get(GroupResource.endpoints, ObjectKey(namespace: ns, name: serviceName))?.object
        else { return nil }
        let target = route[path: ["spec", "port", "targetPort"]]
        let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
        let servicePort = ports.first { p in
            guard let target else { return true }
            return p["name"] == target || p["targetPort"] == target || p["port"] == target
        } ?? ports.first
        for subset in endpoints["subsets"]?.arrayValue ?? [] {
            guard let ip = subset["addresses"]?.arrayValue?.first?["ip"]?.stringValue else { continue }
            let subsetPorts = subset["ports"]?.arrayValue ?? []
            let port = subsetPorts.first { servicePort?["name"] != nil && $0["name"] == servicePort?["name"] }?["port"]?.intValue
                ?? (subsetPorts.count == 1 ? subsetPorts[0]["port"]?.intValue : nil)
                ?? EndpointsController.resolveTargetPort(servicePort ?? [:], pods: [])
            return "\(ip):\(port)"
        }
        return nil
    }
}
