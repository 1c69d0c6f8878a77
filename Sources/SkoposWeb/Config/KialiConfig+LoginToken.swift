extension KialiConfig {
    /// `login_token` (backend.md §3.3): the key sessions are encrypted with, and their lifetime.
    public struct LoginToken: Sendable, Equatable, Decodable {
        /// `signing_key` (default `kiali`): the raw AES key, exactly 16, 24 or 32 bytes unless `auth.strategy` is
        /// `anonymous`. Kiali's default fails that check, so `token`, `openshift`, `openid` and `header` set it; the
        /// operator generates Secret `kiali-signing-key` and writes `secret:kiali-signing-key:key`. A credential
        /// (override directory `login-token-signing-key`).
        public var signingKey = ConfigCredential("kiali", overrideName: LoginToken.signingKeyOverride)
        /// `expiration_seconds` (default `86400`): session lifetime for `token` and `header`, 1 or more.
        public var expirationSeconds = 86400

        static let signingKeyOverride = "login-token-signing-key"

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case signingKey = "signing_key"
            case expirationSeconds = "expiration_seconds"
        }

        /// Reads `signing_key` and `expiration_seconds`. The key length is checked by ``KialiConfig/validate()``
        /// (inline keys) and ``KialiConfig/validateSecrets(under:)`` (keys in files), since it depends on the strategy.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            signingKey = try c.decodeCredential(.signingKey, overrideName: Self.signingKeyOverride, acceptsSecretReference: true, default: "kiali")
            expirationSeconds = try c.decodeInt(.expirationSeconds, in: 1...Int.max, default: expirationSeconds)
        }
    }
}
