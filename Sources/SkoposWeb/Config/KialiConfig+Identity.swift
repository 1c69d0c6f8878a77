extension KialiConfig {
    /// `identity` (top level, as in Kiali): the certificate the main port serves. With both files set, the main port
    /// speaks HTTPS (conventions §5); the paths are read under the ``MountRoot``.
    public struct Identity: Sendable, Equatable, Decodable {
        /// `cert_file` (default `""`; the operator sets `/kiali-cert/tls.crt` on OpenShift): PEM certificate chain.
        public var certFile = ""
        /// `private_key_file` (default `""`; operator: `/kiali-cert/tls.key` on OpenShift): PEM private key.
        public var privateKeyFile = ""

        /// No certificate: plain HTTP.
        public init() {}

        /// `true` when both files are set: the main port serves HTTPS.
        public var servesHTTPS: Bool { !certFile.isEmpty && !privateKeyFile.isEmpty }

        private enum CodingKeys: String, CodingKey {
            case certFile = "cert_file"
            case privateKeyFile = "private_key_file"
        }

        /// Reads `cert_file` and `private_key_file`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            certFile = try c.decode(.certFile, default: certFile)
            privateKeyFile = try c.decode(.privateKeyFile, default: privateKeyFile)
        }
    }
}
