import KubeClient
import Logging
import NIOHTTP1
import NIOSSL
import SkoposModel

/// The TLS versions and cipher suites of the main port (`deployment.tls_config`, `backend.md` §3.4): from the
/// configuration (`source: config`), or, with `source: auto`, from OpenShift's `APIServer` `cluster`
/// `spec.tlsSecurityProfile` (Old, Intermediate — OpenShift's default —, Modern or Custom), as every OpenShift
/// component follows the cluster's profile. Where that object is not served or cannot be read, the `config` profile
/// is used and a warning says so.
struct TLSProfile: Sendable, Equatable {
    var minVersion: TLSVersion
    var maxVersion: TLSVersion?
    /// OpenSSL names of the TLS 1.2 suites; empty means the library's secure defaults. (TLS 1.3 suites are not
    /// configurable.)
    var cipherSuites: [String]
    /// Where it came from, for the start-up log.
    var source: String

    static func fromConfig(_ c: KialiConfig.Deployment.TLSConfig) -> TLSProfile {
        TLSProfile(
            minVersion: c.minVersion == .tls13 ? .tlsv13 : .tlsv12, maxVersion: c.maxVersion.map { $0 == .tls13 ? .tlsv13 : .tlsv12 },
            cipherSuites: openSSLNames(c.cipherSuites), source: "deployment.tls_config")
    }

    /// OpenShift's Intermediate profile's TLS 1.2 suites.
    static let intermediate = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ]

    /// The profile of an `APIServer` object; the warning says what was changed (TLS 1.0/1.1 are never served).
    static func fromAPIServer(_ object: JSONValue) -> (TLSProfile, warning: String?) {
        let profile = object[path: ["spec", "tlsSecurityProfile"]]
        let type = profile?["type"]?.stringValue ?? "Intermediate"
        func version(_ name: String?) -> TLSVersion? {
            switch name {
            case "VersionTLS13": .tlsv13
            case "VersionTLS12": .tlsv12
            case "VersionTLS10", "VersionTLS11": nil
            default: .tlsv12
            }
        }
        switch type {
        case "Modern":
            return (TLSProfile(minVersion: .tlsv13, maxVersion: nil, cipherSuites: [], source: "APIServer cluster (Modern)"), nil)
        case "Old":
            return (
                TLSProfile(minVersion: .tlsv12, maxVersion: nil, cipherSuites: [], source: "APIServer cluster (Old)"),
                "the cluster's TLS profile Old allows TLS 1.0; the console serves TLS 1.2 or later"
            )
        case "Custom":
            let custom = profile?["custom"]
            let minName = custom?["minTLSVersion"]?.stringValue
            let min = version(minName)
            let ciphers = openSSLNames(custom?["ciphers"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let warning = min == nil ? "the cluster's custom TLS profile allows \(minName ?? "?"); the console serves TLS 1.2 or later" : nil
            return (TLSProfile(minVersion: min ?? .tlsv12, maxVersion: nil, cipherSuites: ciphers, source: "APIServer cluster (Custom)"), warning)
        default:
            return (TLSProfile(minVersion: .tlsv12, maxVersion: nil, cipherSuites: intermediate, source: "APIServer cluster (Intermediate)"), nil)
        }
    }

    /// Reads the profile for `source: auto` from the home cluster; falls back to the `config` profile, saying why.
    static func resolve(_ config: KialiConfig, home: KubeConnection?, logger: Logger) async -> (TLSProfile, warning: String?) {
        let fallback = fromConfig(config.deployment.tlsConfig)
        guard config.deployment.tlsConfig.source == .auto else { return (fallback, nil) }
        guard let home else { return (fallback, "tls_config.source auto: no home cluster; using the config profile") }
        do {
            let bytes = try await home.send(.GET, "/apis/config.openshift.io/v1/apiservers/cluster", timeout: .seconds(5))
            let (profile, warning) = fromAPIServer(try JSONParser.parse(bytes))
            return (profile, warning.map { "tls_config.source auto: " + $0 })
        } catch {
            return (fallback, "tls_config.source auto: OpenShift's APIServer cluster cannot be read (\(error)); using the config profile")
        }
    }

    func apply(to tls: inout TLSConfiguration) {
        tls.minimumTLSVersion = minVersion
        if let maxVersion { tls.maximumTLSVersion = maxVersion }
        if !cipherSuites.isEmpty { tls.cipherSuites = cipherSuites.joined(separator: ":") }
    }

    /// IANA names (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`) of the TLS 1.2 suites translated to OpenSSL's; OpenSSL
    /// names kept; TLS 1.3 suites (`TLS_AES_128_GCM_SHA256`) dropped, as they cannot be chosen.
    static func openSSLNames(_ names: [String]) -> [String] {
        let iana = [
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": "ECDHE-RSA-AES128-GCM-SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": "ECDHE-RSA-AES256-GCM-SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": "ECDHE-ECDSA-CHACHA20-POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": "ECDHE-RSA-CHACHA20-POLY1305",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305": "ECDHE-ECDSA-CHACHA20-POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305": "ECDHE-RSA-CHACHA20-POLY1305",
        ]
        let tls13: Set<String> = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
        return names.compactMap { name in tls13.contains(name) ? nil : (iana[name] ?? name) }
    }
}
