import Foundation
import PromClient
import Testing

/// Credentials, configuration and errors as values: Kiali's file rule, and no secret in any description.
@Suite struct ConfigurationTests {
    @Test func kialiCredentialRule() {
        #expect(Credential(configValue: "/kiali-override-secrets/prom/token") == .file("/kiali-override-secrets/prom/token"))
        #expect(Credential(configValue: "/kiali-override-secrets/prom/token").filePath == "/kiali-override-secrets/prom/token")
        #expect(Credential(configValue: "s3cret") == .value("s3cret"))
        #expect(Credential(configValue: "s3cret").filePath == nil)
        #expect(Credential(configValue: "") == .value(""))
        #expect(Credential(configValue: "relative/path") == .value("relative/path"))
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let secret = Credential.value("hunter2-secret")
        for text in [secret.description, secret.debugDescription, String(describing: secret), String(reflecting: secret), dumped(secret)] {
            #expect(!text.contains("hunter2"))
        }
        #expect(Credential.file("/etc/token").description == "file /etc/token")
    }

    @Test func configurationNeverPrintsASecret() {
        let configuration = PrometheusClient.Configuration(
            url: "https://admin:url-password@prom.example:9090/prefix/",
            auth: .basic(username: .value("admin-user"), password: .value("basic-password")),
            customHeaders: ["Authorization": "Bearer header-token", "X-Scope-OrgID": "tenant-1"],
            caFile: "/etc/ca.pem",
            queryScope: ["mesh_id": "mesh1"]
        )
        let bearer = PrometheusClient.Configuration(url: "http://p:9090", auth: .bearer(token: .value("bearer-token")))
        for text in [
            configuration.description, configuration.debugDescription, String(reflecting: configuration), dumped(configuration),
            bearer.description, String(reflecting: bearer), dumped(bearer), String(describing: bearer.auth), String(reflecting: bearer.auth),
        ] {
            for secret in ["url-password", "basic-password", "admin-user", "header-token", "tenant-1", "bearer-token"] {
                #expect(!text.contains(secret), "\(secret) shows in \(text)")
            }
        }
        #expect(configuration.description.contains("https://prom.example:9090/prefix"))
        #expect(configuration.description.contains("X-Scope-OrgID"))
        #expect(configuration.description.contains("mesh_id: mesh1"))
    }

    @Test func defaults() {
        let configuration = PrometheusClient.Configuration(url: "http://p:9090")
        #expect(configuration.auth == .none)
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.method == .post)
        #expect(configuration.customHeaders.isEmpty)
        #expect(configuration.queryScope.isEmpty)
        #expect(!configuration.insecureSkipVerify)
        #expect(configuration.caFile == nil && configuration.caPEM == nil)
    }

    @Test func theURLLosesUserInfoAndTrailingSlashes() async throws {
        let client = try PrometheusClient(configuration: .init(url: "http://user:pa%40ss@127.0.0.1:9090/prom//"))
        #expect(client.url == "http://127.0.0.1:9090/prom")
        try await client.shutdown()
    }

    @Test func badURLsAreConfigurationErrors() {
        for url in ["ftp://prom:21", "not a url", "http://"] {
            let error = #expect(throws: PrometheusError.self) { try PrometheusClient(configuration: .init(url: url)) }
            #expect(error?.kind == .configuration, "\(url)")
        }
    }

    @Test func unreadableCAIsAConfigurationError() throws {
        let missing = #expect(throws: PrometheusError.self) {
            try PrometheusClient(configuration: .init(url: "https://127.0.0.1:9", caFile: "/nonexistent/ca.pem"))
        }
        #expect(missing?.kind == .configuration)
        #expect(missing?.description.contains("/nonexistent/ca.pem") == true)
        let garbage = #expect(throws: PrometheusError.self) {
            try PrometheusClient(configuration: .init(url: "https://127.0.0.1:9", caPEM: "not a certificate"))
        }
        #expect(garbage?.kind == .configuration)
    }

    @Test func errorDescriptionsNameTheEndpointAndReason() {
        let error = PrometheusError(url: "http://prom:9090", path: "/api/v1/query", kind: .unauthorized, httpStatus: 401, message: "Unauthorized")
        #expect(error.endpoint == "http://prom:9090/api/v1/query")
        #expect(error.description == "Prometheus at http://prom:9090/api/v1/query refused the credentials: authentication failed (HTTP 401): Unauthorized")
        let query = PrometheusError(url: "http://prom:9090", path: "/api/v1/query", kind: .query("bad_data"), httpStatus: 400, message: "parse error")
        #expect(query.description == "Prometheus at http://prom:9090/api/v1/query rejected the query (bad_data): parse error")
    }

    private func dumped<T>(_ value: T) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
