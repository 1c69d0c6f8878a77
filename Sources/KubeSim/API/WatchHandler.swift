import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import SkoposModel

/// Serves a watch as kube-apiserver does: newline-delimited JSON events, synthetic ADDED events when no
/// resourceVersion is given, resumption from a resourceVersion within the event window, `410 Expired` as an
/// ERROR event beyond it, selector transitions (an object leaving the selection is DELETED), bookmarks,
/// `sendInitialEvents`, and `timeoutSeconds`.
struct WatchHandler {
    let cluster: SimCluster
    let request: APIRequest
    let fault: SimFault.Action?

    var info: RequestInfo { request.info }

    func response() async throws -> Response {
        guard let type = cluster.catalog.lookup(group: info.group, version: info.version, resource: info.resource) else {
            throw APIError.notFoundPath()
        }
        var selection = try Selection(request: request, type: type)
        if !info.name.isEmpty {
            // `GET .../pods/NAME?watch=1` watches one object.
            selection.fields.requirements.append(FieldSelector.Requirement(field: "metadata.name", op: .equals, value: info.name))
        }
        let finalSelection = selection
        let namespace: String? = type.namespaced && !info.namespace.isEmpty ? info.namespace : nil
        let rvParam = request.query["resourceVersion"] ?? ""
        let sendInitial = request.query["sendInitialEvents"] == "true"
        let allowBookmarks = request.query["allowWatchBookmarks"] == "true"
        let timeout = try request.queryInt("timeoutSeconds") ?? 1800
        let start: ClusterStorage.WatchStart
        if rvParam.isEmpty || rvParam == "0" || sendInitial {
            start = .current
        } else {
            guard let rv = Int(rvParam) else { throw APIError.badRequest("invalid resource version: \(rvParam)") }
            start = .after(rv)
        }
        if sendInitial && !allowBookmarks {
            throw APIError.invalid(kind: "ListOptions", group: "meta.k8s.io", name: "", causes: [(field: "allowWatchBookmarks", message: "Required value: sendInitialEvents requires setting allowWatchBookmarks to true")])
        }

        var subscription: (backlog: [StorageEvent], queue: WatchQueue, id: Int, resourceVersion: Int)?
        var expiredMessage: String?
        let deadline = ContinuousClock.now + .seconds(3)
        while subscription == nil && expiredMessage == nil {
            do {
                subscription = try cluster.storage.subscribe(type.groupResource, namespace: namespace, from: start)
            } catch {
                switch error {
                case .expired(let requested, let oldest):
                    expiredMessage = "too old resource version: \(requested) (\(oldest))"
                case .tooLarge(let requested, let current):
                    if ContinuousClock.now >= deadline { throw APIError.tooLargeResourceVersion(requested: requested, current: current) }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }

        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        let version = info.version
        let wantsTable = request.wantsTable
        let includeObject = request.query["includeObject"] ?? "Metadata"
        let bookmarkInterval = cluster.options.bookmarkInterval
        let fault = self.fault
        let storage = cluster.storage

        if let expiredMessage {
            let line = Self.line(type: "ERROR", object: APIError.gone(expiredMessage).status.json)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: line)))
        }
        guard let subscription else { throw APIError.internalError("watch did not start") }

        let body = ResponseBody { writer in
            let queue = subscription.queue
            defer { storage.unsubscribe(subscription.id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try? await Task.sleep(for: .seconds(timeout))
                    queue.finish()
                }
                if allowBookmarks {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: bookmarkInterval)
                            queue.tick()
                        }
                    }
                }
                var written = 0
                var lastRV = subscription.resourceVersion
                var sentColumns = false
                // Lines not yet written: everything taken in one batch goes out in one write.
                var pending: [UInt8] = []

                func flush() async throws {
                    guard !pending.isEmpty else { return }
                    try await writer.write(ByteBuffer(bytes: pending))
                    pending.removeAll(keepingCapacity: true)
                }

                let wantedAPIVersion = JSONValue.string(type.apiVersion(version))
                func emit(_ typeName: String, _ object: JSONValue, encoded: [UInt8]? = nil) async throws -> Bool {
                    let line: [UInt8]
                    if let encoded, !wantsTable, object["apiVersion"] == wantedAPIVersion, object["kind"] != nil {
                        // The stored encoding is the answer: no re-serialising per watcher.
                        line = Self.line(type: typeName, encodedObject: encoded)
                    } else {
                        var payload = ResourceHandler.convert(object, type, to: version)
                        if wantsTable && typeName != "BOOKMARK" && typeName != "ERROR" {
                            var table = TableConverter.table(type: type, objects: [payload], includeObject: includeObject, listMetadata: ["resourceVersion": payload[path: ["metadata", "resourceVersion"]] ?? ""])
                            if sentColumns { table["columnDefinitions"] = [] }
                            sentColumns = true
                            payload = table
                        }
                        line = Self.line(type: typeName, object: payload)
                    }
                    switch fault {
                    case .splitWatchEvents(let pause):
                        try await flush()
                        let half = line.count / 2
                        try await writer.write(ByteBuffer(bytes: line[..<half]))
                        try await Task.sleep(for: pause)
                        try await writer.write(ByteBuffer(bytes: line[half...]))
                    default:
                        pending += line
                        if pending.count > 256 * 1024 { try await flush() }
                    }
                    written += 1
                    switch fault {
                    case .closeWatchAfter(let n) where written >= n:
                        return false
                    case .watchGoneAfter(let n) where written >= n:
                        pending += Self.line(type: "ERROR", object: APIError.gone("too old resource version: \(lastRV) (\(lastRV + 1))").status.json)
                        return false
                    default:
                        return true
                    }
                }

                func deliver(_ event: StorageEvent) async throws -> Bool {
                    lastRV = max(lastRV, event.resourceVersion)
                    let now = finalSelection.matches(event.object.object)
                    let before = event.previous.map(finalSelection.matches) ?? false
                    let o = event.object.object
                    let json = event.object.json
                    switch event.type {
                    case .added:
                        return now ? try await emit("ADDED", o, encoded: json) : true
                    case .modified:
                        if now && before { return try await emit("MODIFIED", o, encoded: json) }
                        if now { return try await emit("ADDED", o, encoded: json) }
                        if before { return try await emit("DELETED", o, encoded: json) }
                        return true
                    case .deleted:
                        return before || now ? try await emit("DELETED", o, encoded: json) : true
                    }
                }

                var open = true
                for event in subscription.backlog where open {
                    open = try await deliver(event)
                }
                if open && sendInitial {
                    open = try await emit("BOOKMARK", Self.bookmark(type, version, rv: subscription.resourceVersion, initialEnd: true))
                }
                try await flush()
                while open {
                    let batch = await queue.next()
                    for event in batch.events where open {
                        open = try await deliver(event)
                    }
                    if open && batch.tick {
                        open = try await emit("BOOKMARK", Self.bookmark(type, version, rv: lastRV, initialEnd: false))
                    }
                    try await flush()
                    if batch.finished { break }
                    // Under load, let events gather for a moment: one write then carries many. An event after a
                    // quiet spell still goes out at once.
                    if !batch.events.isEmpty { try? await Task.sleep(for: Self.coalescing) }
                }
                queue.finish()
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// How long a busy watch waits after a write before taking the next batch.
    static let coalescing: Duration = .milliseconds(10)

    static func bookmark(_ type: ResourceType, _ version: String, rv: Int, initialEnd: Bool) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(rv)), "creationTimestamp": .null]
        if initialEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        return ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion(version)), "metadata": .object(metadata)]
    }

    /// A watch event line around an object's stored encoding.
    static func line(type: String, encodedObject: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedObject.count + 32)
        out += Array("{\"type\":".utf8)
        JSONWriter.writeString(type, into: &out)
        out += Array(",\"object\":".utf8)
        out += encodedObject
        out += Array("}\n".utf8)
        return out
    }

    static func line(type: String, object: JSONValue) -> [UInt8] {
        var out = Array("{\"type\":".utf8)
        JSONWriter.writeString(type, into: &out)
        out += Array(",\"object\":".utf8)
        JSONWriter.write(object, into: &out)
        out += Array("}\n".utf8)
        return out
    }
}
