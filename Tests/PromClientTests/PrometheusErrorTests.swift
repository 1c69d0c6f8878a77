import Foundation
import PromClient
import Testing

/// Failures name the endpoint and say why, and never show a credential.
@Suite struct PrometheusErrorTests {
    /// Runs one query against a fake answering `canned`, and returns the error.
    func failure(_ canned: CannedResponse, auth: PrometheusClient.Configuration.Auth = .none) async throws -> (PrometheusError?, String) {
        try await withFakePrometheus(handler: { _ in canned }) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: auth)) { client in
                let error = await #expect(throws: PrometheusError.self) { try await client.query("up") }
                return (error, fake.url)
            }
        }
    }

    @Test func unreachablePort() async throws {
        // A port that was just free: the fake is gone by the time the client connects.
        let url = try await withFakePrometheus { fake in fake.url }
        let configuration = PrometheusClient.Configuration(url: url.replacingOccurrences(of: "://", with: "://user:url-secret@"), auth: .none)
        try await PrometheusClient.withClient(configuration: configuration) { client in
            let thrown = await #expect(throws: PrometheusError.self) { try await client.query("up") }
            let error = try #require(thrown)
            #expect(error.kind == .unreachable)
            #expect(error.url == url)
            #expect(error.httpStatus == nil)
            #expect(error.description.hasPrefix("Prometheus at \(url)/api/v1/query is unreachable: connection refused"))
            #expect(!error.description.contains("url-secret"))
            #expect(await !client.isReady())
        }
    }

    @Test func unauthorized() async throws {
        let (error, url) = try await failure(CannedResponse(status: 401, body: "Unauthorized\n", contentType: "text/plain"), auth: .bearer(token: .value("tok-secret")))
        let e = try #require(error)
        #expect(e.kind == .unauthorized)
        #expect(e.httpStatus == 401)
        #expect(e.description == "Prometheus at \(url)/api/v1/query refused the credentials: authentication failed (HTTP 401): Unauthorized")
        #expect(!e.description.contains("tok-secret"))
    }

    @Test func forbidden() async throws {
        let (error, url) = try await failure(CannedResponse(status: 403, body: #"{"status":"error","errorType":"forbidden","error":"tenant denied"}"#))
        let e = try #require(error)
        #expect(e.kind == .forbidden)
        #expect(e.description == "Prometheus at \(url)/api/v1/query denied access: authorization failed (HTTP 403): tenant denied")
    }

    @Test func notJSON() async throws {
        let (error, url) = try await failure(CannedResponse(status: 200, body: "<html><body>Sign in</body></html>", contentType: "text/html"))
        let e = try #require(error)
        #expect(e.kind == .badResponse)
        #expect(e.description == "Prometheus at \(url)/api/v1/query answered something unexpected: not a Prometheus API answer: HTTP 200: <html><body>Sign in</body></html>")
    }

    @Test func proxyErrorPage() async throws {
        let (error, _) = try await failure(CannedResponse(status: 502, body: "Bad Gateway", contentType: "text/plain"))
        let e = try #require(error)
        #expect(e.kind == .badResponse)
        #expect(e.httpStatus == 502)
        #expect(e.description.contains("HTTP 502: Bad Gateway"))
    }

    @Test func redirectIsNotFollowed() async throws {
        let (error, _) = try await withFakePrometheus(handler: { request in
            request.path == "/elsewhere/api/v1/query" ? await FakePrometheus.standard(request) : CannedResponse(status: 302, body: "")
        }) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("tok")))) { client in
                let error = await #expect(throws: PrometheusError.self) { try await client.query("up") }
                #expect(fake.requests.count == 1)
                return (error, fake.url)
            }
        }
        #expect(error?.kind == .badResponse)
        #expect(error?.httpStatus == 302)
    }

    @Test(arguments: [(400, "bad_data", "1:4: parse error: unexpected end of input"), (422, "execution", "query processing would load too many samples")])
    func prometheusAPIError(status: Int, errorType: String, message: String) async throws {
        let body = #"{"status":"error","errorType":"\#(errorType)","error":"\#(message)"}"#
        let (error, url) = try await failure(CannedResponse(status: status, body: body))
        let e = try #require(error)
        #expect(e.kind == .query(errorType))
        #expect(e.httpStatus == status)
        #expect(e.message == message)
        #expect(e.description == "Prometheus at \(url)/api/v1/query rejected the query (\(errorType)): \(message)")
    }

    @Test func unexpectedDataShape() async throws {
        let (error, _) = try await failure(CannedResponse(status: 200, body: #"{"status":"success","data":{"resultType":"histogram","result":[]}}"#))
        let e = try #require(error)
        #expect(e.kind == .badResponse)
        #expect(e.description.contains("unexpected data"))
    }

    @Test func timeout() async throws {
        let slow: FakePrometheus.Handler = { request in
            // Ends early when the server stops (the task is cancelled).
            try? await Task.sleep(for: .seconds(30))
            return await FakePrometheus.standard(request)
        }
        try await withFakePrometheus(handler: slow) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, timeout: .seconds(30))) { client in
                let thrown = await #expect(throws: PrometheusError.self) { try await client.query("up", timeout: .milliseconds(300)) }
                let error = try #require(thrown)
                #expect(error.kind == .timeout)
                #expect(error.description.hasPrefix("Prometheus at \(fake.url)/api/v1/query did not answer in time: no answer within 0.3 seconds"))
            }
        }
    }

    @Test func configuredTimeoutApplies() async throws {
        let slow: FakePrometheus.Handler = { request in
            try? await Task.sleep(for: .seconds(30))
            return await FakePrometheus.standard(request)
        }
        try await withFakePrometheus(handler: slow) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, timeout: .milliseconds(300))) { client in
                let error = await #expect(throws: PrometheusError.self) { try await client.buildInfo() }
                #expect(error?.kind == .timeout)
            }
        }
    }

    @Test func cancellation() async throws {
        let slow: FakePrometheus.Handler = { request in
            try? await Task.sleep(for: .seconds(30))
            return await FakePrometheus.standard(request)
        }
        try await withFakePrometheus(handler: slow) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                let task = Task { try await client.query("up") }
                // Cancel once the request has reached the server.
                while fake.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                task.cancel()
                let result = await task.result
                guard case .failure(let error) = result else { Issue.record("the query was not cancelled"); return }
                #expect((error as? PrometheusError)?.kind == .cancelled)
            }
        }
    }
}
