import AsyncHTTPClient
import Foundation
import PromClient
import Testing

/// What the client sends: method and fallback, form body, credentials, custom headers, request IDs.
@Suite struct PrometheusClientTests {
    @Test func instantQueryIsAFormPOST() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                let query = #"sum(rate(istio_requests_total{reporter="source"}[1m])) by (app) > 0"#
                let result = try await client.query(query, time: 1_700_000_000)
                #expect(result.samples == [VectorSample(metric: ["job": "fake"], point: SamplePoint(time: 1_700_000_000, value: 1))])
                let request = try #require(fake.requests.only)
                #expect(request.method == "POST")
                #expect(request.path == "/api/v1/query")
                #expect(request.query == "")
                #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
                #expect(request.parameters == ["query": query, "time": "1700000000"])
                #expect(request.values("Authorization").isEmpty)
            }
        }
    }

    @Test func rangeQueryIsAFormPOST() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                let result = try await client.queryRange("up", start: 100, end: 200.5, step: 15)
                guard case .matrix(let series) = result else { Issue.record("not a matrix: \(result)"); return }
                #expect(series.first?.values.count == 2)
                let request = try #require(fake.requests.only)
                #expect(request.method == "POST")
                #expect(request.path == "/api/v1/query_range")
                #expect(request.parameters == ["query": "up", "start": "100", "end": "200.5", "step": "15"])
            }
        }
    }

    @Test(arguments: [405, 501])
    func refusedPOSTFallsBackToGET(status: Int) async throws {
        let refusePOST: FakePrometheus.Handler = { request in
            request.method == "POST" ? CannedResponse(status: status, body: "no POST here", contentType: "text/plain") : await FakePrometheus.standard(request)
        }
        try await withFakePrometheus(handler: refusePOST) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("tok")))) { client in
                let query = #"up{job="a b&c"}"#
                let result = try await client.query(query, time: 42)
                #expect(result.samples.count == 1)
                let requests = fake.requests
                #expect(requests.map(\.method) == ["POST", "GET"])
                #expect(requests.map(\.path) == ["/api/v1/query", "/api/v1/query"])
                #expect(requests[1].body == "")
                #expect(requests[1].parameters == ["query": query, "time": "42"])
                #expect(requests.map { $0.header("Authorization") } == ["Bearer tok", "Bearer tok"])
            }
        }
    }

    @Test func otherErrorsDoNotFallBack() async throws {
        let failing: FakePrometheus.Handler = { _ in CannedResponse(status: 400, body: #"{"status":"error","errorType":"bad_data","error":"parse error"}"#) }
        try await withFakePrometheus(handler: failing) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                await #expect(throws: PrometheusError.self) { try await client.query("up{") }
                #expect(fake.requests.map(\.method) == ["POST"])
            }
        }
    }

    @Test func methodGETIsForced() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, method: .get)) { client in
                _ = try await client.query("up", time: 1.5)
                _ = try await client.queryRange("up", start: 1, end: 2, step: 1)
                let requests = fake.requests
                #expect(requests.map(\.method) == ["GET", "GET"])
                #expect(requests[0].parameters == ["query": "up", "time": "1.5"])
                #expect(requests[1].parameters == ["query": "up", "start": "1", "end": "2", "step": "1"])
                #expect(requests.allSatisfy { $0.values("Content-Type").isEmpty })
            }
        }
    }

    @Test func basicAuth() async throws {
        try await withFakePrometheus { fake in
            let auth = PrometheusClient.Configuration.Auth.basic(username: .value("kiali"), password: .value("p@ss:word"))
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: auth)) { client in
                _ = try await client.query("up")
                let expected = "Basic " + Data("kiali:p@ss:word".utf8).base64EncodedString()
                #expect(fake.requests.only?.values("Authorization") == [expected])
            }
        }
    }

    @Test func bearerAuth() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("abc.def")))) { client in
                _ = try await client.query("up")
                #expect(fake.requests.only?.values("Authorization") == ["Bearer abc.def"])
            }
        }
    }

    @Test func userInfoInTheURLIsBasicAuth() async throws {
        try await withFakePrometheus { fake in
            let url = fake.url.replacingOccurrences(of: "://", with: "://joe:se%2Fcret@")
            try await PrometheusClient.withClient(configuration: .init(url: url)) { client in
                #expect(client.url == fake.url)
                _ = try await client.query("up")
                #expect(fake.requests.only?.values("Authorization") == ["Basic " + Data("joe:se/cret".utf8).base64EncodedString()])
            }
        }
    }

    @Test func credentialFilesAreReadOnEveryRequest() async throws {
        try await withTemporaryDirectory { directory in
            let tokenFile = directory + "/token"
            let passwordFile = directory + "/password"
            try "first-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            try "first-password".write(toFile: passwordFile, atomically: true, encoding: .utf8)
            try await withFakePrometheus { fake in
                try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: Credential(configValue: tokenFile)))) {
                    client in
                    _ = try await client.query("up")
                    // A rotated Secret: the mounted file changes.
                    try "second-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
                    _ = try await client.query("up")
                    #expect(fake.requests.map { $0.header("Authorization") } == ["Bearer first-token", "Bearer second-token"])
                }
                let basic = PrometheusClient.Configuration.Auth.basic(username: .value("kiali"), password: .file(passwordFile))
                try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: basic)) { client in
                    _ = try await client.query("up")
                    try "second-password".write(toFile: passwordFile, atomically: true, encoding: .utf8)
                    _ = try await client.query("up")
                    let headers = fake.requests.suffix(2).map { $0.header("Authorization") }
                    #expect(headers == ["kiali:first-password", "kiali:second-password"].map { "Basic " + Data($0.utf8).base64EncodedString() })
                }
            }
        }
    }

    @Test func missingCredentialFileIsAConfigurationError() async throws {
        try await withFakePrometheus { fake in
            let configuration = PrometheusClient.Configuration(url: fake.url, auth: .bearer(token: .file("/nonexistent/token")))
            try await PrometheusClient.withClient(configuration: configuration) { client in
                let error = await #expect(throws: PrometheusError.self) { try await client.query("up") }
                #expect(error?.kind == .configuration)
                #expect(error?.description.contains("/nonexistent/token") == true)
                #expect(fake.requests.isEmpty)
            }
        }
    }

    @Test func customHeadersGoWithEveryRequest() async throws {
        try await withFakePrometheus { fake in
            let configuration = PrometheusClient.Configuration(
                url: fake.url,
                auth: .bearer(token: .value("tok")),
                customHeaders: ["X-Scope-OrgID": "tenant-a", "X-Extra": "1"]
            )
            try await PrometheusClient.withClient(configuration: configuration) { client in
                _ = try await client.query("up")
                _ = try await client.queryRange("up", start: 1, end: 2, step: 1)
                #expect(await client.isReady())
                _ = try await client.buildInfo()
                let requests = fake.requests
                #expect(requests.count == 4)
                for request in requests {
                    #expect(request.values("X-Scope-OrgID") == ["tenant-a"], "\(request.path)")
                    #expect(request.values("X-Extra") == ["1"], "\(request.path)")
                    #expect(request.values("Authorization") == ["Bearer tok"], "\(request.path)")
                }
            }
        }
    }

    @Test func customAuthorizationHeaderReplacesTheConfiguredOne() async throws {
        try await withFakePrometheus { fake in
            let configuration = PrometheusClient.Configuration(
                url: fake.url,
                auth: .bearer(token: .value("configured")),
                customHeaders: ["authorization": "Api-Key custom"]
            )
            try await PrometheusClient.withClient(configuration: configuration) { client in
                _ = try await client.query("up")
                #expect(fake.requests.only?.values("Authorization") == ["Api-Key custom"])
            }
        }
    }

    @Test func requestIDIsSentWhenGiven() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, customHeaders: ["X-Request-Id": "from-config"])) { client in
                _ = try await client.query("up", requestID: "req-1")
                _ = try await client.queryRange("up", start: 1, end: 2, step: 1, requestID: "req-2")
                _ = try await client.buildInfo(requestID: "req-3")
                _ = try await client.query("up")
                #expect(fake.requests.map { $0.values("X-Request-Id") } == [["req-1"], ["req-2"], ["req-3"], ["from-config"]])
            }
        }
    }

    @Test func buildInfo() async throws {
        try await withFakePrometheus { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                let info = try await client.buildInfo()
                #expect(info.version == "2.53.1")
                #expect(info.revision == "abc123")
                #expect(info.goVersion == "go1.22.5")
                #expect(fake.requests.only?.method == "GET")
                #expect(fake.requests.only?.path == "/api/v1/status/buildinfo")
            }
        }
    }

    @Test func readinessHonoursAuth() async throws {
        let guarded: FakePrometheus.Handler = { request in
            request.header("Authorization") == "Bearer good" ? await FakePrometheus.standard(request) : CannedResponse(status: 401, body: "Unauthorized\n", contentType: "text/plain")
        }
        try await withFakePrometheus(handler: guarded) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("good")))) { client in
                #expect(await client.isReady())
                try await client.checkReady(requestID: "ready-1")
                #expect(fake.requests.last?.header("X-Request-Id") == "ready-1")
            }
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("bad")))) { client in
                #expect(await !client.isReady())
                let error = await #expect(throws: PrometheusError.self) { try await client.checkReady() }
                #expect(error?.kind == .unauthorized)
            }
            #expect(fake.requests.allSatisfy { $0.path == "/-/ready" && $0.method == "GET" })
        }
    }

    @Test func notReadyIsReported() async throws {
        let starting: FakePrometheus.Handler = { _ in CannedResponse(status: 503, body: "Service Unavailable", contentType: "text/plain") }
        try await withFakePrometheus(handler: starting) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                #expect(await !client.isReady())
                let error = await #expect(throws: PrometheusError.self) { try await client.checkReady() }
                #expect(error?.kind == .badResponse)
                #expect(error?.httpStatus == 503)
                #expect(error?.description.contains("not ready") == true)
            }
        }
    }

    @Test func borrowedHTTPClientKeepsWorking() async throws {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await withFakePrometheus { fake in
                let client = PrometheusClient(url: fake.url + "/", httpClient: httpClient)
                #expect(client.url == fake.url)
                #expect(try await client.query("vector(1)").samples.count == 1)
                #expect(await client.isReady())
                // Borrowed: shutting the Prometheus client down leaves the caller's HTTP client usable.
                try await client.shutdown()
                #expect(try await client.query("vector(1)").samples.count == 1)

                let configured = try PrometheusClient(configuration: .init(url: fake.url, auth: .bearer(token: .value("t"))), httpClient: httpClient)
                _ = try await configured.query("up")
                #expect(fake.requests.last?.header("Authorization") == "Bearer t")
                #expect(fake.requests.first?.method == "POST")
            }
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}
