import AsyncHTTPClient
import Foundation
import KubeTypes
import NIOCore
import NIOHTTP1
import NIOSSL
public import SkoposModel

/// A raw HTTPS client for the simulator's API, trusting the cluster's CA, for tests that check the protocol itself.
public final class SimHTTPClient: Sendable {
    let client: HTTPClient
    public let baseURL: String
    public let token: String?

    public init(baseURL: String, caPEM: String, token: String?) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
        self.token = token
    }

    public func shutdown() async throws { try await client.shutdown() }

    public struct Reply: Sendable {
        public var status: Int
        public var body: String
        public var contentType: String
        /// Response headers by lower-cased and original name.
        public var headers: [String: String]
        public var json: JSONValue? { try? JSONParser.parse(body) }
    }

    /// One request; the whole body is read.
    public func request(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json", headers: [String: String] = [:]) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (k, v) in headers { request.headers.replaceOrAdd(name: k, value: v) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        var headers: [String: String] = [:]
        for h in response.headers {
            headers[h.name] = h.value
            headers[h.name.lowercased()] = h.value
        }
        return Reply(status: Int(response.status.code), body: String(buffer: bytes), contentType: response.headers.first(name: "Content-Type") ?? "", headers: headers)
    }

    /// Opens a watch and returns its events, one `JSONValue` per line, as they arrive. Lines are split by newline,
    /// never by network chunk.
    public func watch(_ path: String) async throws -> (status: Int, events: AsyncThrowingStream<JSONValue, any Error>) {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .seconds(120))
        let status = Int(response.status.code)
        let (stream, continuation) = AsyncThrowingStream<JSONValue, any Error>.makeStream(bufferingPolicy: .bufferingOldest(10_000))
        let task = Task {
            var pending: [UInt8] = []
            do {
                for try await chunk in response.body {
                    pending += Array(chunk.readableBytesView)
                    while let newline = pending.firstIndex(of: 0x0A) {
                        let line = Array(pending[..<newline])
                        pending.removeFirst(newline + 1)
                        continuation.yield(try JSONParser.parse(line))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return (status, stream)
    }

    /// A watch whose events are only counted, not decoded (for load tests, where decoding would cost more than
    /// serving): calls `onLine` with each complete line's event type (`ADDED`, `MODIFIED`, ...).
    public func watchCountingTypes(_ path: String, onLine: @Sendable (Substring) -> Bool) async throws {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .seconds(300))
        var partial: [UInt8] = []
        let prefix = Array(#"{"type":""#.utf8)
        for try await chunk in response.body {
            var bytes = chunk.readableBytesView[...]
            while let newline = bytes.firstIndex(of: 0x0A) {
                let line = partial.isEmpty ? Array(bytes[..<newline]) : partial + bytes[..<newline]
                partial.removeAll(keepingCapacity: true)
                bytes = bytes[(newline + 1)...]
                guard line.starts(with: prefix), let end = line[prefix.count...].firstIndex(of: UInt8(ascii: "\"")) else { continue }
                if !onLine(Substring(decoding: line[prefix.count..<end], as: UTF8.self)) { return }
            }
            partial += bytes
        }
    }
}
