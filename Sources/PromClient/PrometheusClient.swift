public import AsyncHTTPClient
import Foundation
import KubeTypes
import NIOCore
import NIOHTTP1
import SkoposModel

/// A client of Prometheus' HTTP API (`/api/v1/...`). Works the same with any Prometheus-compatible endpoint
/// (Thanos, Mimir, a federating Prometheus).
public struct PrometheusClient: Sendable {
    /// The base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept).
    public let url: String
    let httpClient: HTTPClient

    public init(url: String, httpClient: HTTPClient) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.httpClient = httpClient
    }

    /// Whether `/-/ready` answers 200.
    public func isReady() async -> Bool {
        guard let response = try? await httpClient.execute(HTTPClientRequest(url: url + "/-/ready"), timeout: .seconds(2)) else { return false }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return response.status == .ok
    }

    /// An instant query, evaluated at `time` (Unix seconds; now when nil).
    public func query(_ promql: String, time: Double? = nil, timeout: Duration = .seconds(30)) async throws(PrometheusError) -> QueryResult {
        var form = [("query", promql)]
        if let time { form.append(("time", Self.format(time))) }
        return try await post("/api/v1/query", form: form, timeout: timeout)
    }

    /// A range query from `start` to `end` every `step` seconds.
    public func queryRange(_ promql: String, start: Double, end: Double, step: Double, timeout: Duration = .seconds(30)) async throws(PrometheusError) -> QueryResult {
        try await post("/api/v1/query_range", form: [("query", promql), ("start", Self.format(start)), ("end", Self.format(end)), ("step", Self.format(step))], timeout: timeout)
    }

    func post(_ path: String, form: [(String, String)], timeout: Duration) async throws(PrometheusError) -> QueryResult {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = form.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        let bytes: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            status = response.status
            bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        } catch {
            throw PrometheusError(url: url, kind: .unreachable, message: "\(error)")
        }
        let data = Data(bytes.readableBytesView)
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw PrometheusError(url: url, kind: .badResponse, message: "HTTP \(status.code), not a Prometheus API answer: \(text)")
        }
        guard envelope.status == "success", let result = envelope.data else {
            throw PrometheusError(url: url, kind: .query(envelope.errorType ?? "error"), message: envelope.error ?? "HTTP \(status.code)")
        }
        return result
    }

    static func format(_ time: Double) -> String {
        time == time.rounded() ? String(Int64(time)) : String(time)
    }

    struct Envelope: Decodable {
        var status: String
        var data: QueryResult?
        var errorType: String?
        var error: String?
    }
}

/// A Prometheus answer that could not be had: where, what kind of failure, and Prometheus' own message.
public struct PrometheusError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unreachable
        case badResponse
        /// Prometheus' `errorType`: `bad_data`, `timeout`, `execution`, ...
        case query(String)
    }
    public var url: String
    public var kind: Kind
    public var message: String

    public var description: String {
        switch kind {
        case .unreachable: return "Prometheus at \(url) is unreachable: \(message)"
        case .badResponse: return "Prometheus at \(url) answered something unexpected: \(message)"
        case .query(let type): return "Prometheus at \(url) rejected the query (\(type)): \(message)"
        }
    }
}
