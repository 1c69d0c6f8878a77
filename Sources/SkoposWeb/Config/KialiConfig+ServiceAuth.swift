extension KialiConfig {
    /// The `auth` block of an external service (backend.md §3.5): `external_services.prometheus.auth`,
    /// `tracing.auth`, `grafana.auth`, `perses.auth`, `custom_dashboards.prometheus.auth`.
    ///
    /// `username`, `password`, `token`, `cert_file`, `key_file` and `oauth2.client_secret` are credentials
    /// (``ConfigCredential``) whose override directories are `<service>-username`, `<service>-password`,
    /// `<service>-token`, `<service>-cert`, `<service>-key` and `<service>-oauth2-client-secret`.
    public struct ServiceAuth: Sendable, Equatable, Decodable {
        /// `type`.
        public enum AuthType: String, Sendable, CaseIterable {
            case none, basic, bearer, oauth2
        }

        /// `oauth2.auth_style`.
        public enum OAuth2AuthStyle: String, Sendable, CaseIterable {
            /// Client credentials in the `Authorization` header.
            case header
            /// Client credentials as form parameters.
            case params
        }

        /// `type` (default `none`; an empty value is `none`).
        public var type = AuthType.none
        /// `username` (default `""`), for `basic`.
        public var username = ConfigCredential("")
        /// `password` (default `""`), for `basic`.
        public var password = ConfigCredential("")
        /// `token` (default `""`), for `bearer`.
        public var token = ConfigCredential("")
        /// `use_kiali_token` (default `false`): send the home cluster's service-account token as bearer.
        public var useKialiToken = false
        /// `cert_file` (default `""`): client certificate (mutual TLS).
        public var certFile = ConfigCredential("")
        /// `key_file` (default `""`): client key (mutual TLS).
        public var keyFile = ConfigCredential("")
        /// `insecure_skip_verify` (default `false`): do not verify the service's certificate.
        public var insecureSkipVerify = false
        /// `ca_file` (default `""`): deprecated and ignored (CA bundles come from `/kiali-cabundle`); a non-empty value
        /// warns.
        public var caFile = ""
        /// `oauth2.client_id` (default `""`), required for `oauth2`.
        public var oauth2ClientID = ""
        /// `oauth2.client_secret` (default `""`), required for `oauth2`.
        public var oauth2ClientSecret = ConfigCredential("")
        /// `oauth2.token_url` (default `""`), required for `oauth2`; `https` unless `insecure_skip_verify`.
        public var oauth2TokenURL = ""
        /// `oauth2.scopes` (default `[]`).
        public var oauth2Scopes: [String] = []
        /// `oauth2.audience` (default `""`).
        public var oauth2Audience = ""
        /// `oauth2.auth_style` (default `header`).
        public var oauth2AuthStyle = OAuth2AuthStyle.header

        /// No authentication.
        public init() {}

        /// No authentication, with the override directories of `service` (`prometheus`, `tracing`, `grafana`,
        /// `perses`, `customdashboards-prometheus`).
        init(service: String) {
            self.init()
            self = forService(service)
        }

        /// The same settings with the credentials' override directories set for `service`.
        func forService(_ service: String) -> ServiceAuth {
            var copy = self
            copy.username = username.withOverrideName("\(service)-username")
            copy.password = password.withOverrideName("\(service)-password")
            copy.token = token.withOverrideName("\(service)-token")
            copy.certFile = certFile.withOverrideName("\(service)-cert")
            copy.keyFile = keyFile.withOverrideName("\(service)-key")
            copy.oauth2ClientSecret = oauth2ClientSecret.withOverrideName("\(service)-oauth2-client-secret")
            return copy
        }

        private enum CodingKeys: String, CodingKey {
            case type, username, password, token, oauth2
            case useKialiToken = "use_kiali_token"
            case certFile = "cert_file"
            case keyFile = "key_file"
            case insecureSkipVerify = "insecure_skip_verify"
            case caFile = "ca_file"
        }

        private enum OAuth2Keys: String, CodingKey {
            case scopes, audience
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case tokenURL = "token_url"
            case authStyle = "auth_style"
        }

        /// Reads the keys listed on the properties. `secret:` references are accepted here (the override directory is
        /// set by the section that owns the block); whether an `oauth2` block is complete is checked by
        /// ``KialiConfig/validate()``.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeChoice(.type, default: type, noun: "auth type")
            username = try c.decodeCredential(.username, overrideName: nil, acceptsSecretReference: true, default: "")
            password = try c.decodeCredential(.password, overrideName: nil, acceptsSecretReference: true, default: "")
            token = try c.decodeCredential(.token, overrideName: nil, acceptsSecretReference: true, default: "")
            useKialiToken = try c.decode(.useKialiToken, default: useKialiToken)
            certFile = try c.decodeCredential(.certFile, overrideName: nil, acceptsSecretReference: true, default: "")
            keyFile = try c.decodeCredential(.keyFile, overrideName: nil, acceptsSecretReference: true, default: "")
            insecureSkipVerify = try c.decode(.insecureSkipVerify, default: insecureSkipVerify)
            caFile = try c.decode(.caFile, default: caFile)
            if !caFile.isEmpty {
                decoder.deprecated("ca_file", because: "the value is ignored; add CAs to /kiali-cabundle/additional-ca-bundle.pem")
            }
            if c.contains(.oauth2) {
                let o = try c.nestedContainer(keyedBy: OAuth2Keys.self, forKey: .oauth2)
                oauth2ClientID = try o.decode(.clientID, default: oauth2ClientID)
                oauth2ClientSecret = try o.decodeCredential(.clientSecret, overrideName: nil, acceptsSecretReference: true, default: "")
                oauth2TokenURL = try o.decode(.tokenURL, default: oauth2TokenURL)
                oauth2Scopes = try o.decode(.scopes, default: oauth2Scopes)
                oauth2Audience = try o.decode(.audience, default: oauth2Audience)
                oauth2AuthStyle = try o.decodeChoice(.authStyle, default: oauth2AuthStyle, noun: "auth style")
            }
        }

        /// Why the block cannot be used (an incomplete or contradictory `oauth2`), with the key, or `nil`.
        /// - Parameter path: The block's key path, e.g. `external_services.prometheus.auth`.
        func problem(at path: String) -> ConfigError? {
            guard type == .oauth2 else { return nil }
            if oauth2ClientID.isEmpty { return .invalid(path + ".oauth2.client_id", "required when type is oauth2") }
            if oauth2ClientSecret.isEmpty { return .invalid(path + ".oauth2.client_secret", "required when type is oauth2") }
            if oauth2TokenURL.isEmpty { return .invalid(path + ".oauth2.token_url", "required when type is oauth2") }
            if !insecureSkipVerify, !oauth2TokenURL.lowercased().hasPrefix("https://") {
                return .invalid(path + ".oauth2.token_url", "must be an https URL unless insecure_skip_verify is true")
            }
            if useKialiToken { return .invalid(path + ".use_kiali_token", "cannot be combined with type oauth2") }
            return nil
        }
    }
}
