import NIOSSL
import SkoposModel
import Testing

@testable import SkoposWeb

/// `deployment.tls_config` and OpenShift's cluster TLS profile for the main port.
struct TLSProfileTests {
    @Test("OpenShift's profiles: Intermediate by default, Modern is TLS 1.3, Old and Custom never go below TLS 1.2")
    func apiServerProfiles() {
        let none: JSONValue = ["spec": [:]]
        #expect(TLSProfile.fromAPIServer(none).0.minVersion == .tlsv12)
        #expect(TLSProfile.fromAPIServer(none).0.cipherSuites == TLSProfile.intermediate)
        let modern: JSONValue = ["spec": ["tlsSecurityProfile": ["type": "Modern", "modern": [:]]]]
        #expect(TLSProfile.fromAPIServer(modern).0.minVersion == .tlsv13)
        let old: JSONValue = ["spec": ["tlsSecurityProfile": ["type": "Old", "old": [:]]]]
        let (oldProfile, oldWarning) = TLSProfile.fromAPIServer(old)
        #expect(oldProfile.minVersion == .tlsv12 && oldWarning?.contains("TLS 1.2") == true)
        let custom: JSONValue = [
            "spec": [
                "tlsSecurityProfile": [
                    "type": "Custom",
                    "custom": ["minTLSVersion": "VersionTLS12", "ciphers": ["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]],
                ]
            ]
        ]
        let (customProfile, customWarning) = TLSProfile.fromAPIServer(custom)
        #expect(customWarning == nil)
        #expect(customProfile.cipherSuites == ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"])
    }

    @Test("The config profile: min and max versions, IANA cipher names translated")
    func configProfile() {
        var c = KialiConfig.Deployment.TLSConfig()
        c.minVersion = .tls12
        c.maxVersion = .tls12
        c.cipherSuites = ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"]
        let p = TLSProfile.fromConfig(c)
        #expect(p.minVersion == .tlsv12 && p.maxVersion == .tlsv12 && p.cipherSuites == ["ECDHE-ECDSA-AES128-GCM-SHA256"])
        var tls = TLSConfiguration.makeClientConfiguration()
        p.apply(to: &tls)
        #expect(tls.minimumTLSVersion == .tlsv12 && tls.maximumTLSVersion == .tlsv12 && tls.cipherSuites == "ECDHE-ECDSA-AES128-GCM-SHA256")
    }
}
