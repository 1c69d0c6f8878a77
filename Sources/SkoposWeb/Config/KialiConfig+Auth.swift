extension KialiConfig {
    /// `auth` (backend.md §3.3, §4): how users log in.
    public struct Auth: Sendable, Equatable, Decodable {
        /// `strategy`.
        public enum Strategy: String, Sendable, CaseIterable {
            case anonymous, token, openshift, openid, header
        }

        /// `strategy` (default `token`; the operator writes `openshift` on OpenShift).
        public var strategy = Strategy.token
        /// `openshift`: settings of the `openshift` strategy.
        public var openshift = OpenShift()
        /// `openid`: settings of the `openid` strategy.
        public var openid = OpenID()

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case strategy, openshift, openid
        }

        /// Reads the keys listed on the properties. An unknown strategy, including an empty one, is refused.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            strategy = try c.decodeChoice(.strategy, default: strategy, noun: "strategy", emptyIsDefault: false)
            openshift = try c.decode(.openshift, default: openshift)
            openid = try c.decode(.openid, default: openid)
        }
    }
}

extension KialiConfig.Auth {
    /// `auth.openshift`.
    public struct OpenShift: Sendable, Equatable, Decodable {
        /// `insecure_skip_verify_tls` (default `false`): do not verify the OAuth server's certificate.
        public var insecureSkipVerifyTLS = false
        /// `ca_file` (default `""`): an extra CA for the OAuth server.
        public var caFile = ""
        /// `impersonation.enabled` (default `false`): honour `Impersonate-*` headers (strategy `openshift` only).
        public var impersonationEnabled = false
        /// `impersonation.allowed_users` (default `[]`): non-empty names, not `system:…`.
        public var impersonationAllowedUsers: [String] = []
        /// `impersonation.allowed_groups` (default `[]`): non-empty names, not `system:…`.
        public var impersonationAllowedGroups: [String] = []

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case impersonation
            case insecureSkipVerifyTLS = "insecure_skip_verify_tls"
            case caFile = "ca_file"
        }

        private enum ImpersonationKeys: String, CodingKey {
            case enabled
            case allowedUsers = "allowed_users"
            case allowedGroups = "allowed_groups"
        }

        /// Reads the keys listed on the properties. The operator's `redirect_uris`, `token_inactivity_timeout` and
        /// `token_max_age` are accepted and ignored. Allowed users and groups must be non-empty and not start with
        /// `system:`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["redirect_uris", "token_inactivity_timeout", "token_max_age"])
            insecureSkipVerifyTLS = try c.decode(.insecureSkipVerifyTLS, default: insecureSkipVerifyTLS)
            caFile = try c.decode(.caFile, default: caFile)
            if c.contains(.impersonation) {
                let i = try c.nestedContainer(keyedBy: ImpersonationKeys.self, forKey: .impersonation)
                impersonationEnabled = try i.decode(.enabled, default: impersonationEnabled)
                impersonationAllowedUsers = try i.decode(.allowedUsers, default: impersonationAllowedUsers)
                impersonationAllowedGroups = try i.decode(.allowedGroups, default: impersonationAllowedGroups)
                for (key, names) in [(ImpersonationKeys.allowedUsers, impersonationAllowedUsers), (.allowedGroups, impersonationAllowedGroups)] {
                    for (index, name) in names.enumerated() {
                        let trimmed = name.trimmingPrefix(while: \.isWhitespace)
                        if trimmed.isEmpty || trimmed.hasPrefix("system:") {
                            throw ConfigError.invalid(
                                i.keyPath(key) + "[\(index)]",
                                "must be a non-empty name that does not start with \"system:\", got \(ConfigDecoder.quoted(name))"
                            )
                        }
                    }
                }
            }
        }
    }

    /// `auth.openid` (backend.md §4.5).
    public struct OpenID: Sendable, Equatable, Decodable {
        /// `api_token`.
        public enum APIToken: String, Sendable, CaseIterable {
            case idToken = "id_token"
            case accessToken = "access_token"
        }

        /// `client_id` (default `""`): required for `openid`.
        public var clientID = ""
        /// `client_secret` (default `""`): upstream reads it from `/kiali-secret/oidc-secret`. A credential.
        public var clientSecret = ConfigCredential("")
        /// `issuer_uri` (default `""`): required for `openid`.
        public var issuerURI = ""
        /// `api_token` (default `id_token`): the token sent to the Kubernetes API.
        public var apiToken = APIToken.idToken
        /// `username_claim` (default `sub`): non-empty.
        public var usernameClaim = "sub"
        /// `scopes` (default `[openid, profile, email]`); `openid` is always added on use.
        public var scopes = ["openid", "profile", "email"]
        /// `authentication_timeout` (default 300 s): lifetime of the nonce and verifier cookies; integer seconds.
        public var authenticationTimeout: Duration = .seconds(300)
        /// `disable_rbac` (default `false`): validate the ID token locally and use the console's service account.
        public var disableRBAC = false
        /// `allowed_domains` (default `[]`).
        public var allowedDomains: [String] = []
        /// `additional_request_params` (default `{}`): extra authorization-request parameters.
        public var additionalRequestParams: [String: String] = [:]
        /// `api_proxy` (default `""`).
        public var apiProxy = ""
        /// `api_proxy_ca_data` (default `""`).
        public var apiProxyCAData = ""
        /// `http_proxy` (default `""`).
        public var httpProxy = ""
        /// `https_proxy` (default `""`).
        public var httpsProxy = ""
        /// `insecure_skip_verify_tls` (default `false`).
        public var insecureSkipVerifyTLS = false
        /// `post_logout_redirect_uri` (default `""`).
        public var postLogoutRedirectURI = ""
        /// `discovery_override`: endpoints that bypass `/.well-known/openid-configuration`; empty ones are discovered.
        /// The deprecated top-level `authorization_endpoint` is copied to `discovery_override.authorization_endpoint`
        /// when that is empty.
        public var discoveryOverride: [String: String] = [:]

        static let discoveryOverrideKeys = [
            "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint",
        ]

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case scopes
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case issuerURI = "issuer_uri"
            case apiToken = "api_token"
            case usernameClaim = "username_claim"
            case authenticationTimeout = "authentication_timeout"
            case disableRBAC = "disable_rbac"
            case allowedDomains = "allowed_domains"
            case additionalRequestParams = "additional_request_params"
            case apiProxy = "api_proxy"
            case apiProxyCAData = "api_proxy_ca_data"
            case httpProxy = "http_proxy"
            case httpsProxy = "https_proxy"
            case insecureSkipVerifyTLS = "insecure_skip_verify_tls"
            case postLogoutRedirectURI = "post_logout_redirect_uri"
            case discoveryOverride = "discovery_override"
            case authorizationEndpoint = "authorization_endpoint"
        }

        /// Reads the keys listed on the properties. Whether `client_id` and `issuer_uri` are set is checked by
        /// ``KialiConfig/validate()``, since it matters only for the `openid` strategy.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            clientID = try c.decode(.clientID, default: clientID)
            clientSecret = try c.decodeCredential(.clientSecret, overrideName: nil, acceptsSecretReference: false, default: "")
            issuerURI = try c.decode(.issuerURI, default: issuerURI)
            apiToken = try c.decodeChoice(.apiToken, default: apiToken, noun: "api_token")
            usernameClaim = try c.decode(.usernameClaim, default: usernameClaim)
            scopes = try c.decode(.scopes, default: scopes)
            authenticationTimeout = try c.decodeSeconds(.authenticationTimeout, default: authenticationTimeout)
            disableRBAC = try c.decode(.disableRBAC, default: disableRBAC)
            allowedDomains = try c.decode(.allowedDomains, default: allowedDomains)
            additionalRequestParams = try c.decode(.additionalRequestParams, default: additionalRequestParams)
            apiProxy = try c.decode(.apiProxy, default: apiProxy)
            apiProxyCAData = try c.decode(.apiProxyCAData, default: apiProxyCAData)
            httpProxy = try c.decode(.httpProxy, default: httpProxy)
            httpsProxy = try c.decode(.httpsProxy, default: httpsProxy)
            insecureSkipVerifyTLS = try c.decode(.insecureSkipVerifyTLS, default: insecureSkipVerifyTLS)
            postLogoutRedirectURI = try c.decode(.postLogoutRedirectURI, default: postLogoutRedirectURI)
            if c.contains(.discoveryOverride) {
                let o = try c.nestedContainer(keyedBy: AnyConfigKey.self, forKey: .discoveryOverride)
                for name in Self.discoveryOverrideKeys {
                    if let value = try o.decodeIfPresent(String.self, forKey: AnyConfigKey(name)), !value.isEmpty {
                        discoveryOverride[name] = value
                    }
                }
            }
            let legacy = try c.decode(.authorizationEndpoint, default: "")
            if !legacy.isEmpty, discoveryOverride["authorization_endpoint"] == nil {
                decoder.deprecated("authorization_endpoint", use: "discovery_override.authorization_endpoint")
                discoveryOverride["authorization_endpoint"] = legacy
            }
        }
    }
}
