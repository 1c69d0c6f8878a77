import Crypto
import Foundation
import KubeSim
import NIOSSL
import SimTestSupport
import SkoposModel
import Testing

/// OpenShift's service CA in the simulator (issue 18, item 6): serving certificates for annotated Services, the CA
/// bundle in annotated ConfigMaps, and the `APIServer` `cluster` object.
@Suite(.serialized)
struct ServiceCATests {
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("An annotated Service gets a TLS Secret for <service>.<namespace>.svc signed by the service CA, whose bundle annotated ConfigMaps get")
    func servingCertificateAndBundle() async throws {
        try await withSimulator { sim in
            let cluster = sim.cluster("east")
            let http = try SimHTTPClient(baseURL: sim.endpoints("east").apiURL, caPEM: cluster.caCertificatePEM, token: cluster.adminToken)
            defer { Task { try? await http.shutdown() } }
            let service = #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"kiali","namespace":"default","annotations":{"service.beta.openshift.io/serving-cert-secret-name":"kiali-cert"}},"spec":{"ports":[{"port":443}]}}"#
            #expect(try await http.request("POST", "/api/v1/namespaces/default/services", body: service).status == 201)
            #expect(try await http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kiali-cabundle","annotations":{"service.beta.openshift.io/inject-cabundle":"true"}}}"#).status == 201)
            var secret: JSONValue?
            #expect(try await Self.eventually {
                secret = try await http.request("GET", "/api/v1/namespaces/default/secrets/kiali-cert").json
                return secret?["type"] == "kubernetes.io/tls"
            })
            let crt = try #require(secret?[path: ["data", "tls.crt"]]?.stringValue.flatMap { Data(base64Encoded: $0) })
            let key = try #require(secret?[path: ["data", "tls.key"]]?.stringValue.flatMap { Data(base64Encoded: $0) })
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(crt))
            #expect(chain.count == 2)
            _ = try NIOSSLPrivateKey(bytes: Array(key), format: .pem)
            #expect(String(decoding: crt, as: UTF8.self).contains("BEGIN CERTIFICATE"))
            var bundle: String?
            #expect(try await Self.eventually {
                bundle = try await http.request("GET", "/api/v1/namespaces/default/configmaps/kiali-cabundle").json?[path: ["data", "service-ca.crt"]]?.stringValue
                return bundle != nil
            })
            // The bundle is the signer of the serving certificate (the second certificate of the chain).
            let signer = try #require(try NIOSSLCertificate.fromPEMBytes(Array((bundle ?? "").utf8)).first)
            #expect(chain[1] == signer)
            // The Secret is issued again when deleted.
            #expect(try await http.request("DELETE", "/api/v1/namespaces/default/secrets/kiali-cert").status == 200)
            #expect(try await Self.eventually { try await http.request("GET", "/api/v1/namespaces/default/secrets/kiali-cert").status == 200 })
            // The API server's TLS profile is there for consoles with tls_config.source auto.
            let apiServer = try await http.request("GET", "/apis/config.openshift.io/v1/apiservers/cluster")
            #expect(apiServer.json?[path: ["spec", "tlsSecurityProfile", "type"]] == "Intermediate")
        }
    }
}
