import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import NIOHTTP1
import SkoposModel

/// `pods/proxy` and `services/proxy` for pods that run: the request is passed to the pod's loopback address, as
/// kube-apiserver passes it to the pod network. Nothing outside 127.0.0.0/8 is ever dialled.
struct RunningPodProxy {
    let cluster: SimCluster
    let request: APIRequest

    /// Headers that belong to one hop (or to the API server's own authentication) and are not passed on.
    static let hopHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "authorization", "host",
        "impersonate-user", "impersonate-group", "impersonate-uid", "content-length",
    ]

    /// The answer of a running pod; `nil` when the kubelet does not run this pod (a simulated pod answers instead).
    func pod() async throws -> Response? {
        let (scheme, name, portText) = PodProxy.split(request.info.name)
        let port = portText.flatMap { Int($0) }
        guard let stored = cluster.storage.get(.pods, ObjectKey(namespace: request.info.namespace, name: name)) else {
            throw APIError.notFound(.pods, name)
        }
        guard let kubelet = cluster.kubelet, kubelet.worker(for: stored.key)?.uid == stored.uid else { return nil }
        guard let ip = stored.object[path: ["status", "podIP"]]?.stringValue, LoopbackPodNetwork.isLoopback(ip) else {
            throw APIError(.serviceUnavailable, message: "pod \(name) in namespace \(request.info.namespace) has no address yet")
        }
        let containers = stored.object[path: ["spec", "containers"]]?.arrayValue ?? []
        guard let target = port ?? containers.lazy.compactMap({ $0["ports"]?.arrayValue?.first?["containerPort"]?.intValue }).first else {
            throw APIError.badRequest("pod \(name) declares no container port; name one: \(name):<port>")
        }
        return await forward(to: "\(scheme ?? "http")://\(ip):\(target)", path: PodProxy.proxiedPath(request.path, name: request.info.name), kubelet: kubelet)
    }

    /// `services/NAME[:PORT]/proxy`: a ready endpoint of the Service that runs.
    func service() async throws -> Response {
        let (scheme, name, portName) = PodProxy.split(request.info.name)
        let key = ObjectKey(namespace: request.info.namespace, name: name)
        guard let service = cluster.storage.get(.services, key)?.object else { throw APIError.notFound(.services, name) }
        guard let kubelet = cluster.kubelet else { throw APIError(.serviceUnavailable, message: "the simulator is stopping") }
        let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
        let servicePort = ports.first { p in
            guard let portName else { return true }
            return p["name"]?.stringValue == portName || p["port"]?.intValue.map(String.init) == portName
        }
        guard let servicePort else { throw APIError(.serviceUnavailable, message: "no service port \"\(portName ?? "")\" on service \(name)") }
        let endpoints = cluster.storage.get(.endpoints, key)?.object
        if let target = RunningEndpoints.first(in: endpoints, servicePort: servicePort).target {
            return await forward(
                to: "\(scheme ?? "http")://\(target.ip):\(target.port)", path: PodProxy.proxiedPath(request.path, name: request.info.name), kubelet: kubelet)
        }
        throw APIError(.serviceUnavailable, message: "no endpoints available for service \"\(name)\" that run in the simulator")
    }

    private func forward(to base: String, path: String, kubelet: Kubelet) async -> Response {
        var outbound = HTTPClientRequest(url: base + path + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery))
        outbound.method = .init(rawValue: request.method)
        if !request.body.isEmpty { outbound.body = .bytes(ByteBuffer(bytes: request.body)) }
        if !request.accept.isEmpty { outbound.headers.add(name: "Accept", value: request.accept) }
        if !request.body.isEmpty { outbound.headers.add(name: "Content-Type", value: request.contentType) }
        do {
            let response = try await kubelet.httpClient.execute(outbound, timeout: .seconds(60))
            var headers = HTTPFields()
            for h in response.headers where !Self.hopHeaders.contains(h.name.lowercased()) {
                if let n = HTTPField.Name(h.name) { headers.append(HTTPField(name: n, value: h.value)) }
            }
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: body))
        } catch {
            return APIResponder.error(APIError(.serviceUnavailable, message: "error trying to reach service: \(base): \(error)"))
        }
    }
}
