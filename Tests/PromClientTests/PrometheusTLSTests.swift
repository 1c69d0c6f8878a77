import AsyncHTTPClient
import Foundation
import PromClient
import SimTestSupport
import Testing

/// HTTPS to a Prometheus whose certificate comes from a private CA: `ca_file`, in-memory CA, `insecure_skip_verify`.
@Suite struct PrometheusTLSTests {
    @Test func caFileIsTrusted() async throws {
        let pki = try TestPKI.make()
        try await withTemporaryDirectory { directory in
            let caFile = directory + "/ca.pem"
            try pki.caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
            try await withFakePrometheus(tls: try pki.serverTLSConfiguration()) { fake in
                #expect(fake.url.hasPrefix("https://"))
                let configuration = PrometheusClient.Configuration(url: fake.url, auth: .bearer(token: .value("tok")), caFile: caFile)
                try await PrometheusClient.withClient(configuration: configuration) { client in
                    let samples = try await client.query("up").samples
                    #expect(samples.count == 1)
                    #expect(await client.isReady())
                    let info = try await client.buildInfo()
                    #expect(info.version == "2.53.1")
                }
                #expect(fake.requests.first?.header("Authorization") == "Bearer tok")
            }
        }
    }

    @Test func caPEMIsTrusted() async throws {
        let pki = try TestPKI.make()
        try await withFakePrometheus(tls: try pki.serverTLSConfiguration()) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, caPEM: pki.caPEM)) { client in
                let samples = try await client.query("up").samples
                #expect(samples.count == 1)
            }
        }
    }

    @Test func unknownCAIsATLSError() async throws {
        let pki = try TestPKI.make()
        try await withFakePrometheus(tls: try pki.serverTLSConfiguration()) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url)) { client in
                let thrown = await #expect(throws: PrometheusError.self) { try await client.query("up") }
                let error = try #require(thrown)
                #expect(error.kind == .tls)
                #expect(error.description.hasPrefix("Prometheus at \(fake.url)/api/v1/query: TLS handshake failed"))
                #expect(await !client.isReady())
            }
            // A CA that did not issue the server's certificate does not help either.
            let other = try TestPKI.make()
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, caPEM: other.caPEM)) { client in
                let error = await #expect(throws: PrometheusError.self) { try await client.query("up") }
                #expect(error?.kind == .tls)
            }
            #expect(fake.requests.isEmpty)
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyCertificate() async throws {
        let pki = try TestPKI.make()
        try await withFakePrometheus(tls: try pki.serverTLSConfiguration()) { fake in
            try await PrometheusClient.withClient(configuration: .init(url: fake.url, insecureSkipVerify: true)) { client in
                let samples = try await client.query("up").samples
                #expect(samples.count == 1)
            }
        }
    }

    @Test func borrowedHTTPClientGetsTheTLSSettingsPerRequest() async throws {
        let pki = try TestPKI.make()
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await withFakePrometheus(tls: try pki.serverTLSConfiguration()) { fake in
                let client = try PrometheusClient(configuration: .init(url: fake.url, caPEM: pki.caPEM), httpClient: httpClient)
                let samples = try await client.query("up").samples
                #expect(samples.count == 1)
            }
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}
