import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import SkoposModel

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
