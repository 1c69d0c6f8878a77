import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A cluster's own certificate authority: a P-256 key and a self-signed CA certificate, able to issue
/// serving certificates for loopback API servers and the router.
struct CertificateAuthority: Sendable {
    /// The CA key's raw bytes (swift-crypto's key type is not `Sendable`; its bytes are).
    let keyBytes: Data
    let certificate: Certificate

    var key: P256.Signing.PrivateKey { (try? P256.Signing.PrivateKey(rawRepresentation: keyBytes)) ?? P256.Signing.PrivateKey() }

    init(key: P256.Signing.PrivateKey, certificate: Certificate) {
        self.keyBytes = key.rawRepresentation
        self.certificate = certificate
    }

    /// The CA certificate as PEM, as it goes into a kubeconfig's `certificate-authority-data` and `ca.crt`.
    var certificatePEM: String {
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }

    /// The CA certificate's common name.
    var commonName: String {
        certificate.subject.description.split(separator: ",").first { $0.hasPrefix("CN=") }.map { String($0.dropFirst(3)) } ?? ""
    }

    /// The CA key as PEM (PKCS#8), for `--state` persistence only.
    var keyPEM: String { key.pemRepresentation }

    /// Creates a new CA named after the cluster.
    static func generate(commonName: String) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("skopos-sim")
            CommonName(commonName)
        }
        let now = Date()
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(key)
        )
        return CertificateAuthority(key: key, certificate: certificate)
    }

    /// Restores a CA from the PEM texts written by `keyPEM` and `certificatePEM`.
    static func load(keyPEM: String, certificatePEM: String) throws -> CertificateAuthority {
        CertificateAuthority(
            key: try P256.Signing.PrivateKey(pemRepresentation: keyPEM),
            certificate: try Certificate(pemEncoded: certificatePEM)
        )
    }

    /// Issues a serving certificate for the given DNS names and IP addresses.
    /// - Returns: the certificate and its key, both PEM encoded.
    func issueServingCertificate(commonName: String, dnsNames: [String], ipAddresses: [String]) throws -> ServingIdentity {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("skopos-sim")
            CommonName(commonName)
        }
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in ipAddresses {
            if let bytes = Self.ipv4Bytes(ip) { names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...]))) }
        }
        let now = Date()
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectAlternativeNames(names)
            AuthorityKeyIdentifier(keyIdentifier: try? certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        }
        let cert = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(5 * 365 * 86400),
            issuer: certificate.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(self.key)
        )
        return ServingIdentity(certificatePEM: try cert.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }

    static func ipv4Bytes(_ ip: String) -> [UInt8]? {
        let parts = ip.split(separator: ".")
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }
}

/// A serving certificate and key in PEM form, ready for NIOSSL.
struct ServingIdentity: Sendable, Codable {
    var certificatePEM: String
    var keyPEM: String

    /// A TLS server configuration presenting this identity (TLS 1.2 or later, HTTP/1.1 over ALPN).
    func serverTLSConfiguration() throws -> TLSConfiguration {
        let certs = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        var config = TLSConfiguration.makeServerConfiguration(
            certificateChain: certs.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        config.minimumTLSVersion = .tlsv12
        config.applicationProtocols = ["http/1.1"]
        return config
    }
}
