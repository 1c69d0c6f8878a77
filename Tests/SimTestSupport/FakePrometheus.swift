import Foundation
import Hummingbird
import Logging
import NIOCore
public import SkoposModel
import Synchronization

/// A Prometheus HTTP API on a loopback port that answers instant queries from canned vectors, matched on the exact
/// query text (as Kiali's `PromAPIMock` does), and counts every query it is asked.
public final class FakePrometheus: Sendable {
    /// Canned answers: query text → the `result` array of a vector answer.
    private let answers: Mutex<[String: JSONValue]>
    private let asked = Mutex<[String]>([])
    private let unmatchedQueries = Mutex<[String]>([])
    private let failingFlag = Mutex<Bool>(false)
    /// Answer every query with an error instead (for 503 tests).
    public var failing: Bool {
        get { failingFlag.withLock { $0 } }
        set { failingFlag.withLock { $0 = newValue } }
    }

    /// The answer to queries with no canned answer; `nil` answers them with an error (and records them).
    private let fallback: JSONValue?

    public init(answers: [String: JSONValue] = [:], unmatchedAnswer: JSONValue? = nil) {
        self.answers = Mutex(answers)
        self.fallback = unmatchedAnswer
    }

    /// Adds or replaces a canned answer.
    public func answer(_ query: String, with result: JSONValue) {
        answers.withLock { $0[query] = result }
    }

    /// Every query asked, in order.
    public var queries: [String] { asked.withLock { $0 } }
    /// Queries asked that had no canned answer.
    public var unmatched: [String] { unmatchedQueries.withLock { $0 } }

    /// Starts the server, runs `body` with its URL, then stops it.
    public func run<T: Sendable>(_ body: @Sendable (_ url: String) async throws -> T) async throws -> T {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            var form: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { form[String(k)] = String(v) }
            if request.method == .post {
                let body = try await request.body.collect(upTo: 16 * 1024 * 1024)
                for pair in String(buffer: body).split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    let key = Self.formDecode(parts[0])
                    form[key] = parts.count > 1 ? Self.formDecode(parts[1]) : ""
                }
            }
            let query = form["query"] ?? ""
            asked.withLock { $0.append(query) }
            if failingFlag.withLock({ $0 }) {
                return Self.json(#"{"status":"error","errorType":"execution","error":"fake failure"}"#, status: .unprocessableContent)
            }
            guard let result = answers.withLock({ $0[query] }) ?? fallback else {
                unmatchedQueries.withLock { $0.append(query) }
                return Self.json(#"{"status":"error","errorType":"bad_data","error":"no canned answer for this query"}"#, status: .badRequest)
            }
            let data: JSONValue = ["resultType": "vector", "result": result]
            let envelope: JSONValue = ["status": "success", "data": data]
            return Self.json(JSONWriter.string(envelope), status: .ok)
        }
        router.post("api/v1/query", use: handler)
        router.get("api/v1/query", use: handler)
        router.get("api/v1/status/buildinfo") { _, _ in
            Self.json(#"{"status":"success","data":{"version":"2.45.0-fake"}}"#, status: .ok)
        }
        router.get("-/ready") { _, _ in Response(status: .ok) }
        router.get("-/healthy") { _, _ in Response(status: .ok) }
        var logger = Logger(label: "skopos.fake-prometheus")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        defer { task.cancel() }
        var port = 0
        for await p in ports {
            port = p
            break
        }
        let result = try await body("http://127.0.0.1:\(port)")
        task.cancel()
        _ = await task.result
        return result
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func formDecode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}
