import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import NIOHTTP1
import NIOSSL
import SkoposModel
import Synchronization

/// OpenShift's router, TLS-terminating side: a request whose `Host` is a Route's host is proxied to a ready endpoint
/// of the Route's Service: plain HTTP for `edge` (and unsecured) Routes, HTTPS for `reencrypt` Routes, verifying the
/// backend as `<service>.<namespace>.svc` against the service CA (and the Route's `destinationCACertificate`).
/// `Host` is passed through; `X-Forwarded-Host`, `-Port`, `-Proto` and `-For` and `Forwarded` are set.
/// Only pods that run on the loopback network are dialled; any other backend is a 503 saying so.
struct RouterResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let cluster: SimCluster
    let httpClient: HTTPClient
    let reencryptClients: ReencryptClients
    /// The public router port, for `X-Forwarded-Port`.
    let publicPort: @Sendable () -> Int?

    func respond(to request: Request, context: Context) async throws -> Response {
        let authority = request.head.authority ?? ""
        let host = authority.split(separator: ":").first.map(String.init) ?? ""
        let backends = RouterBackends(cluster: cluster)
        guard let route = backends.route(forHost: host, path: request.uri.path) else {
            return Self.unavailable("no Route for host \"\(host)\" on cluster \(cluster.name)")
        }
        let termination = route[path: ["spec", "tls", "termination"]]?.stringValue?.lowercased()
        if termination == "passthrough" {
            return Self.unavailable("Route \(RouterBackends.name(route)) is passthrough: connect with TLS and server name \(host)")
        }
        let endpoint: RouterBackends.Endpoint
        switch backends.endpoint(for: route) {
        case .success(let e): endpoint = e
        case .failure(let reason): return Self.unavailable(reason.message)
        }
        let client: HTTPClient
        let url: String
        let target = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        if termination == "reencrypt" {
            let serverName = "\(endpoint.service).\(endpoint.namespace).svc"
            do {
                client = try reencryptClients.client(
                    serverName: serverName, address: endpoint.ip, destinationCA: route[path: ["spec", "tls", "destinationCACertificate"]]?.stringValue)
            } catch {
                return Self.unavailable("Route \(RouterBackends.name(route)): \(error)")
            }
            url = "https://\(serverName):\(endpoint.port)\(target)"
        } else {
            client = httpClient
            url = "http://\(endpoint.ip):\(endpoint.port)\(target)"
        }
        var outbound = HTTPClientRequest(url: url)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !RunningPodProxy.hopHeaders.contains(field.name.canonicalName) || field.name.canonicalName == "authorization" {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        let port = publicPort().map(String.init) ?? authority.split(separator: ":").dropFirst().first.map(String.init) ?? "443"
        outbound.headers.replaceOrAdd(name: "Host", value: authority.isEmpty ? host : authority)
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Host", value: authority.isEmpty ? host : authority)
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Port", value: port)
        outbound.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
        outbound.headers.replaceOrAdd(name: "X-Forwarded-For", value: "127.0.0.1")
        outbound.headers.replaceOrAdd(name: "Forwarded", value: "for=127.0.0.1;host=\(authority.isEmpty ? host : authority);proto=https")
        var req = request
        let body = try await req.collectBody(upTo: 16 * 1024 * 1024)
        if body.readableBytes > 0 { outbound.body = .bytes(body) }
        do {
            let response = try await client.execute(outbound, timeout: .seconds(60))
            var headers = HTTPFields()
            for h in response.headers where !["transfer-encoding", "connection", "content-length", "keep-alive"].contains(h.name.lowercased()) {
                if let name = HTTPField.Name(h.name) { headers.append(HTTPField(name: name, value: h.value)) }
            }
            let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: bytes))
        } catch {
            return APIResponder.text(
                "Application is not available: the backend \(endpoint.ip):\(endpoint.port) of Route \(RouterBackends.name(route)) did not answer: \(error)\n",
                status: 502)
        }
    }

    static func unavailable(_ reason: String) -> Response {
        APIResponder.text("Application is not available: \(reason)\n", status: 503, contentType: "text/plain; charset=utf-8")
    }
}

/// Which Route a host (and path) is, and where its Service's pods are.
struct RouterBackends {
    let cluster: SimCluster

    struct Endpoint {
        var ip: String
        var port: Int
        var service: String
        var namespace: String
    }

    struct Unavailable: Error {
        var message: String
    }

    static func name(_ route: JSONValue) -> String {
        "\(route[path: ["metadata", "namespace"]]?.stringValue ?? "")/\(route[path: ["metadata", "name"]]?.stringValue ?? "")"
    }

    /// The Route for a host with the longest matching path.
    func route(forHost host: String, path: String) -> JSONValue? {
        let routes = cluster.storage.list(GroupResource(group: "route.openshift.io", resource: "routes")).items.map(\.object)
        return routes.filter { r in
            let h = r[path: ["spec", "host"]]?.stringValue ?? r[path: ["status", "ingress"]]?.arrayValue?.first?["host"]?.stringValue
            return h == host && path.hasPrefix(r[path: ["spec", "path"]]?.stringValue ?? "")
        }.max { ($0[path: ["spec", "path"]]?.stringValue ?? "").count < ($1[path: ["spec", "path"]]?.stringValue ?? "").count }
    }

    /// Where a passthrough Route's connections go, or `nil` when the host is not one.
    func passthroughTarget(host: String) -> (host: String, port: Int)? {
        guard let route = route(forHost: host, path: "/"), route[path: ["spec", "tls", "termination"]]?.stringValue?.lowercased() == "passthrough",
            case .success(let e) = endpoint(for: route)
        else { return nil }
        return (e.ip, e.port)
    }

    /// A ready endpoint of the Route's Service that runs on the loopback network.
    func endpoint(for route: JSONValue) -> Result<Endpoint, Unavailable> {
        guard let ns = route[path: ["metadata", "namespace"]]?.stringValue, let serviceName = route[path: ["spec", "to", "name"]]?.stringValue else {
            return .failure(Unavailable(message: "Route \(Self.name(route)) names no Service"))
        }
        guard let service = cluster.storage.get(GroupResource.services, ObjectKey(namespace: ns, name: serviceName))?.object else {
            return .failure(Unavailable(message: "Service \(ns)/\(serviceName) of Route \(Self.name(route)) does not exist"))
        }
        let endpoints = cluster.storage.get(GroupResource.endpoints, ObjectKey(namespace: ns, name: serviceName))?.object
        let routePort = route[path: ["spec", "port", "targetPort"]]
        let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
        let servicePort = ports.first { p in
            guard let routePort else { return true }
            return p["name"] == routePort || p["targetPort"] == routePort || p["port"] == routePort
        } ?? ports.first
        let (target, sawAddress) = RunningEndpoints.first(in: endpoints, servicePort: servicePort)
        if let target { return .success(Endpoint(ip: target.ip, port: target.port, service: serviceName, namespace: ns)) }
        if sawAddress {
            return .failure(Unavailable(message: "the pods of Service \(ns)/\(serviceName) do not run in the simulator (their addresses are not on the loopback network)"))
        }
        return .failure(Unavailable(message: "Service \(ns)/\(serviceName) has no ready endpoints"))
    }
}

/// HTTPS clients for `reencrypt` Routes: each trusts the service CA (plus the Route's destination CA) and resolves
/// `<service>.<namespace>.svc` to the pod's loopback address, so the backend's certificate is checked for that name.
final class ReencryptClients: Sendable {
    let serviceCAPEM: String
    private let clients = Mutex<[String: HTTPClient]>([:])

    init(serviceCAPEM: String) {
        self.serviceCAPEM = serviceCAPEM
    }

    func client(serverName: String, address: String, destinationCA: String?) throws -> HTTPClient {
        let caKey = destinationCA.map { SHA256.hash(data: Data($0.utf8)).map { String(format: "%02x", $0) }.joined() } ?? "-"
        let key = "\(serverName)|\(address)|\(caKey)"
        if let existing = clients.withLock({ $0[key] }) { return existing }
        var tls = TLSConfiguration.makeClientConfiguration()
        var roots = try NIOSSLCertificate.fromPEMBytes(Array(serviceCAPEM.utf8))
        if let destinationCA { roots += try NIOSSLCertificate.fromPEMBytes(Array(destinationCA.utf8)) }
        tls.trustRoots = .certificates(roots)
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.dnsOverride = [serverName: address]
        let created = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var evicted: [HTTPClient] = []
        let client = clients.withLock { map -> HTTPClient in
            if let raced = map[key] {
                evicted.append(created)
                return raced
            }
            // Pods come and go with new addresses: keep the newest few.
            if map.count >= 32 {
                evicted.append(contentsOf: map.values)
                map.removeAll()
            }
            map[key] = created
            return created
        }
        for old in evicted { Task { try? await old.shutdown() } }
        return client
    }

    func shutdown() async {
        let all = clients.withLock { map -> [HTTPClient] in
            defer { map.removeAll() }
            return Array(map.values)
        }
        for c in all { try? await c.shutdown() }
    }
}
