import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SkoposModel

/// A container probe (`livenessProbe`, `readinessProbe`, `startupProbe`) and how it is run: HTTP(S) GET without
/// certificate verification and TCP connects, as the kubelet runs them, to the pod's loopback address.
struct Probe: Sendable {
    enum Action: Sendable {
        case http(scheme: String, host: String?, port: JSONValue, path: String, headers: [(String, String)])
        case tcp(host: String?, port: JSONValue)
        /// The simulator does not run commands inside containers.
        case exec
        case grpc(port: Int)
    }

    var action: Action
    var initialDelay: Duration
    var period: Duration
    var timeout: Duration
    var successThreshold: Int
    var failureThreshold: Int

    init?(_ spec: JSONValue?) {
        guard let spec, spec.objectValue != nil else { return nil }
        if let get = spec["httpGet"] {
            let headers = (get["httpHeaders"]?.arrayValue ?? []).compactMap { h -> (String, String)? in
                guard let n = h["name"]?.stringValue else { return nil }
                return (n, h["value"]?.stringValue ?? "")
            }
            action = .http(
                scheme: (get["scheme"]?.stringValue ?? "HTTP").lowercased(), host: get["host"]?.stringValue, port: get["port"] ?? 80,
                path: get["path"]?.stringValue ?? "/", headers: headers)
        } else if let tcp = spec["tcpSocket"] {
            action = .tcp(host: tcp["host"]?.stringValue, port: tcp["port"] ?? 0)
        } else if let grpc = spec["grpc"] {
            action = .grpc(port: grpc["port"]?.intValue ?? 0)
        } else {
            action = .exec
        }
        initialDelay = .seconds(spec["initialDelaySeconds"]?.intValue ?? 0)
        period = .seconds(max(spec["periodSeconds"]?.intValue ?? 10, 1))
        timeout = .seconds(max(spec["timeoutSeconds"]?.intValue ?? 1, 1))
        successThreshold = max(spec["successThreshold"]?.intValue ?? 1, 1)
        failureThreshold = max(spec["failureThreshold"]?.intValue ?? 3, 1)
    }

    /// Runs the probe once against the pod's address; `nil` when it passed, else why it failed.
    func run(podIP: String, container: JSONValue, client: HTTPClient) async -> String? {
        switch action {
        case .exec:
            return "exec probes are not run by the simulator's kubelet"
        case .grpc:
            return "gRPC probes are not run by the simulator's kubelet"
        case .tcp(let host, let port):
            guard let p = Self.port(port, container: container) else { return "probe port \(port) is not a container port" }
            let target = host ?? podIP
            guard LoopbackPodNetwork.isLoopback(target) else { return "probe host \(target) is outside the simulator" }
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.nanoseconds(timeout.nanosecondsForNIO))
                    .connect(host: target, port: p).get()
                try? await channel.close()
                return nil
            } catch {
                return "dial tcp \(target):\(p): connect: connection refused"
            }
        case .http(let scheme, let host, let port, let path, let headers):
            guard let p = Self.port(port, container: container) else { return "probe port \(port) is not a container port" }
            let target = host ?? podIP
            guard LoopbackPodNetwork.isLoopback(target) else { return "probe host \(target) is outside the simulator" }
            var request = HTTPClientRequest(url: "\(scheme)://\(target):\(p)\(path.hasPrefix("/") ? path : "/" + path)")
            request.headers.add(name: "User-Agent", value: "kube-probe/1.32")
            request.headers.add(name: "Accept", value: "*/*")
            for (n, v) in headers { request.headers.replaceOrAdd(name: n, value: v) }
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanosecondsForNIO))
                _ = try? await response.body.collect(upTo: 10 * 1024)
                let code = Int(response.status.code)
                return (200..<400).contains(code) ? nil : "HTTP probe failed with statuscode: \(code)"
            } catch {
                return "Get \"\(scheme)://\(target):\(p)\(path)\": \(error)"
            }
        }
    }

    /// A numeric port, or the number of a named container port.
    static func port(_ value: JSONValue, container: JSONValue) -> Int? {
        if let n = value.intValue { return n }
        guard let name = value.stringValue else { return nil }
        if let n = Int(name) { return n }
        return (container["ports"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }?["containerPort"]?.intValue
    }
}
