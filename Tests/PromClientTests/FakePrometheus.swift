import Hummingbird
import HummingbirdTLS
import NIOCore
import NIOSSL
import Synchronization

/// Records requests, thread-safely.
final class RequestRecorder: Sendable {
    private let storage = Mutex<[RecordedRequest]>([])

    func record(_ request: RecordedRequest) {
        storage.withLock { $0.append(request) }
    }

    var all: [RecordedRequest] {
        storage.withLock { $0 }
    }
}

/// A fake Prometheus: a Hummingbird server on `127.0.0.1`, port 0, that records every request and answers with a
/// handler's canned response.
struct FakePrometheus: Sendable {
    typealias Handler = @Sendable (RecordedRequest) async -> CannedResponse

    let port: Int
    let scheme: String
    let recorder: RequestRecorder

    /// `http(s)://127.0.0.1:<port>`.
    var url: String { "\(scheme)://127.0.0.1:\(port)" }
    /// The requests received so far, in order.
    var requests: [RecordedRequest] { recorder.all }

    static let vectorAnswer = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"fake"},"value":[1700000000,"1"]}]}}"#
    static let matrixAnswer =
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"fake"},"values":[[1700000000,"1"],[1700000060,"2"]]}]}}"#
    static let buildInfoAnswer =
        #"{"status":"success","data":{"version":"2.53.1","revision":"abc123","branch":"HEAD","buildUser":"root@host","buildDate":"20240710-10:00:00","goVersion":"go1.22.5"}}"#

    /// Answers like a healthy Prometheus: a one-sample vector for instant queries, a matrix for range queries,
    /// readiness and build information; 404 for anything else.
    static let standard: Handler = { request in
        switch request.path {
        case "/api/v1/query": CannedResponse(status: 200, body: vectorAnswer)
        case "/api/v1/query_range": CannedResponse(status: 200, body: matrixAnswer)
        case "/api/v1/status/buildinfo": CannedResponse(status: 200, body: buildInfoAnswer)
        case "/-/ready": CannedResponse(status: 200, body: "Prometheus Server is Ready.\n", contentType: "text/plain")
        default: CannedResponse(status: 404, body: "404 page not found\n", contentType: "text/plain")
        }
    }
}

/// Runs `body` with a fake Prometheus serving HTTP, or HTTPS with `tls`, and stops the server afterwards.
func withFakePrometheus<Value: Sendable>(
    tls: TLSConfiguration? = nil,
    handler: @escaping FakePrometheus.Handler = FakePrometheus.standard,
    _ body: (FakePrometheus) async throws -> Value
) async throws -> Value {
    let recorder = RequestRecorder()
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let recorded = RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: request.headers.map { RecordedRequest.HeaderField(name: $0.name.rawName, value: $0.value) },
            body: String(buffer: bytes)
        )
        recorder.record(recorded)
        let canned = await handler(recorded)
        return Response(
            status: .init(code: canned.status),
            headers: [.contentType: canned.contentType],
            body: .init(byteBuffer: ByteBuffer(string: canned.body))
        )
    }
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        responder: responder,
        server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
        configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else {
            group.cancelAll()
            throw FakeServerError(message: "the fake Prometheus did not start")
        }
        let fake = FakePrometheus(port: port, scheme: tls == nil ? "http" : "https", recorder: recorder)
        do {
            let value = try await body(fake)
            group.cancelAll()
            return value
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

struct FakeServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
