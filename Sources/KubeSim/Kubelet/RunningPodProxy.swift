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
        let (scheme, name, port) = Self.split(request.info.name)
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
        let (scheme, name, portName) = Self.splitService(request.info.name)
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
        for subset in endpoints?["subsets"]?.arrayValue ?? [] {
            for address in subset["addresses"]?.arrayValue ?? [] {
                guard let ip = address["ip"]?.stringValue, LoopbackPodNetwork.isLoopback(ip) else { continue }
                let subsetPorts = subset["ports"]?.arrayValue ?? []
                let port = subsetPorts.first { $0["name"] == servicePort["name"] }?["port"]?.intValue
                    ?? EndpointsController.resolveTargetPort(servicePort, pods: [])
                return await forward(to: "\(scheme ?? "http")://\(ip):\(port)", path: PodProxy.proxiedPath(request.path, name: request.info.name), kubelet: kubelet)
            }
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

    /// `NAME`, `NAME:PORT` or `SCHEME:NAME:PORT` of a pod.
    static func split(_ s: String) -> (scheme: String?, name: String, port: Int?) {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 2: return (nil, parts[0], Int(parts[1]))
        case 3: return (parts[0].isEmpty ? nil : parts[0], parts[1], Int(parts[2]))
        default: return (nil, s, nil)
        }
    }

    /// `NAME`, `NAME:PORTNAME` or `SCHEME:NAME:PORTNAME` of a Service.
    static func splitService(_ s: String) -> (scheme: String?, name: String, port: String?) {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 2: return (nil, parts[0], parts[1].isEmpty ? nil : parts[1])
        case 3: return (parts[0].isEmpty ? nil : parts[0], parts[1], parts[2].isEmpty ? nil : parts[2])
        default: return (nil, s, nil)
        }
    }
}

/// `pods/log`: a running pod's container output (`container`, `previous`, `tailLines`, `limitBytes`,
/// `sinceSeconds` is accepted); simulated pods answer with a line saying they are simulated.
struct PodLogs {
    let cluster: SimCluster
    let request: APIRequest

    func response() throws -> Response {
        let key = ObjectKey(namespace: request.info.namespace, name: request.info.name)
        guard let pod = cluster.storage.get(.pods, key) else { throw APIError.notFound(.pods, request.info.name) }
        let containers = (pod.object[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let container: String
        if let asked = request.query["container"], !asked.isEmpty {
            guard containers.contains(asked) else {
                throw APIError.badRequest("container \(asked) is not valid for pod \(request.info.name)")
            }
            container = asked
        } else if containers.count == 1 {
            container = containers[0]
        } else {
            throw APIError.badRequest(
                "a container name must be specified for pod \(request.info.name), choose one of: [\(containers.joined(separator: " "))]")
        }
        let previous = request.query["previous"] == "true"
        let tail = try request.queryInt("tailLines")
        let limit = try request.queryInt("limitBytes")
        if let tail, tail < 0 { throw APIError.badRequest("tailLines: Invalid value: \(tail): must be greater than or equal to 0") }
        if let limit, limit < 1 { throw APIError.badRequest("limitBytes: Invalid value: \(limit): must be greater than 0") }
        guard let worker = cluster.kubelet?.worker(for: key), worker.uid == pod.uid else {
            return APIResponder.text("simulated log of \(request.info.namespace)/\(request.info.name) container \(container)\n")
        }
        guard let file = worker.logFile(container: container, previous: previous), let data = FileManager.default.contents(atPath: file) else {
            if previous {
                throw APIError.badRequest("previous terminated container \"\(container)\" in pod \"\(request.info.name)\" not found")
            }
            return APIResponder.text("")
        }
        var bytes = [UInt8](data)
        if request.query["follow"] == "true" && !previous {
            return follow(file: file, from: tail.map { Self.tail(bytes, $0) } ?? bytes, offset: bytes.count, worker: worker, container: container)
        }
        if let tail { bytes = Self.tail(bytes, tail) }
        if let limit, bytes.count > limit { bytes = Array(bytes.prefix(limit)) }
        return APIResponder.bytes(bytes, contentType: "text/plain")
    }

    /// The last `n` lines.
    static func tail(_ bytes: [UInt8], _ n: Int) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var out = Array(lines.suffix(n).joined(separator: [0x0A]))
        if !out.isEmpty { out.append(0x0A) }
        return out
    }

    /// `follow=true`: what is there, then what the container writes, until it stops or restarts (as `kubectl logs -f`
    /// ends) or the client goes away.
    func follow(file: String, from initial: [UInt8], offset: Int, worker: PodWorker, container: String) -> Response {
        let body = ResponseBody { writer in
            if !initial.isEmpty { try await writer.write(ByteBuffer(bytes: initial)) }
            guard let handle = FileHandle(forReadingAtPath: file) else {
                try await writer.finish(nil)
                return
            }
            defer { try? handle.close() }
            // Right after what was read: nothing written in between is lost.
            try? handle.seek(toOffset: UInt64(offset))
            while !Task.isCancelled {
                if let more = try? handle.readToEnd(), !more.isEmpty {
                    try await writer.write(ByteBuffer(bytes: [UInt8](more)))
                    continue
                }
                if worker.isStopping || worker.logFile(container: container, previous: false) != file { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: .ok, headers: headers, body: body)
    }
}
