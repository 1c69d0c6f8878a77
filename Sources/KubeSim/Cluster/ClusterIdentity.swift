import SkoposModel
import Crypto
import Foundation

/// The secrets that make a cluster recognisable across restarts: its CA, serving certificates, token signing key,
/// admin token and ports. Kept in `<state>/identity.json` when `--state` is given.
struct ClusterIdentity: Codable, Sendable {
    var caKeyPEM: String
    var caCertificatePEM: String
    var apiServing: ServingIdentity
    var routerServing: ServingIdentity
    var signerKey: String
    var adminToken: String
    var apiPort: Int
    var routerPort: Int
    /// OpenShift's service CA (`openshift-service-serving-signer`), which signs the serving certificates of annotated
    /// Services; absent in state written before it existed, and then created on load.
    var serviceCAKeyPEM: String?
    var serviceCACertificatePEM: String?
    /// The loopback /24 its running pods get addresses in (`127.a.b.0/24` as `a << 8 | b`); absent until first run.
    var podNetwork: Int?

    /// A new identity for a cluster.
    static func generate(name: String) throws -> ClusterIdentity {
        let ca = try CertificateAuthority.generate(commonName: "\(name)-ca")
        let api = try ca.issueServingCertificate(
            commonName: "kube-apiserver",
            dnsNames: [
                "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "api.\(name).skopos.test",
            ],
            ipAddresses: ["127.0.0.1", "10.96.0.1"]
        )
        let router = try ca.issueServingCertificate(
            commonName: "*.apps.\(name).skopos.test",
            dnsNames: ["*.apps.\(name).skopos.test", "apps.\(name).skopos.test", "localhost"],
            ipAddresses: ["127.0.0.1"]
        )
        return ClusterIdentity(
            caKeyPEM: ca.keyPEM, caCertificatePEM: ca.certificatePEM, apiServing: api, routerServing: router,
            signerKey: P256.Signing.PrivateKey().rawRepresentation.base64EncodedString(),
            adminToken: "sha256~" + randomToken(bytes: 32), apiPort: 0, routerPort: 0
        )
    }

    /// Creates the service CA when this identity has none.
    mutating func ensureServiceCA() throws {
        guard serviceCAKeyPEM == nil || serviceCACertificatePEM == nil else { return }
        let ca = try CertificateAuthority.generate(commonName: "openshift-service-serving-signer@\(Int(Date().timeIntervalSince1970))")
        serviceCAKeyPEM = ca.keyPEM
        serviceCACertificatePEM = ca.certificatePEM
    }

    func serviceCertificateAuthority() throws -> CertificateAuthority {
        guard let key = serviceCAKeyPEM, let cert = serviceCACertificatePEM else { throw SimError.state("identity.json: no service CA") }
        return try CertificateAuthority.load(keyPEM: key, certificatePEM: cert)
    }

    func certificateAuthority() throws -> CertificateAuthority {
        try CertificateAuthority.load(keyPEM: caKeyPEM, certificatePEM: caCertificatePEM)
    }

    func tokenSigner() throws -> ServiceAccountTokenSigner {
        guard let data = Data(base64Encoded: signerKey) else {
            throw SimError.state("identity.json: signerKey is not base64")
        }
        return ServiceAccountTokenSigner(key: try P256.Signing.PrivateKey(rawRepresentation: data))
    }
}

/// A random URL-safe token of `bytes` random bytes.
func randomToken(bytes: Int) -> String {
    var g = SystemRandomNumberGenerator()
    return Base64URL.encode(Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) }))
}

/// Errors starting or running the simulator, each saying what and where.
public enum SimError: Error, CustomStringConvertible, Sendable {
    case state(String)
    case usersFile(path: String, line: Int, reason: String)
    case startup(String)

    public var description: String {
        switch self {
        case .state(let m): "state: \(m)"
        case .usersFile(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .startup(let m): m
        }
    }
}
