import Foundation
import NIOSSL

extension PrometheusClient {
    /// How to reach one Prometheus-compatible endpoint: Kiali's `external_services.prometheus` block (`backend.md`
    /// §3.5) as far as the HTTP client is concerned.
    ///
    /// Nothing secret shows in `description`, `debugDescription` or reflection: credentials print as
    /// `<redacted>` or their file path, custom headers by name only, and user info in the URL is dropped.
    ///
    /// ```swift
    /// let configuration = PrometheusClient.Configuration(
    ///     url: "https://prometheus.istio-system:9090",
    ///     auth: .bearer(token: Credential(configValue: "/kiali-override-secrets/prom/token")),
    ///     caFile: "/kiali-cabundle/additional-ca-bundle.pem",
    ///     queryScope: ["mesh_id": "mesh1"]
    /// )
    /// let client = try PrometheusClient(configuration: configuration)
    /// defer { Task { try? await client.shutdown() } }
    /// ```
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// How requests authenticate (`auth.type`). OAuth 2 and `use_kiali_token` are not handled here: for the
        /// latter, pass the service-account token file as a bearer ``Credential``.
        public enum Auth: Sendable, Hashable, CustomStringConvertible {
            /// No `Authorization` header (`auth.type: none`). User info in the URL, if any, is sent as basic auth,
            /// as Go's HTTP client does.
            case none
            /// `Authorization: Basic base64(username:password)` (`auth.type: basic`, `auth.username`,
            /// `auth.password`).
            case basic(username: Credential, password: Credential)
            /// `Authorization: Bearer <token>` (`auth.type: bearer`, `auth.token`).
            case bearer(token: Credential)

            /// `none`, `basic(username: …, password: <redacted>)`, `bearer(token: file /path)`: never a secret.
            public var description: String {
                switch self {
                case .none: "none"
                case .basic(let username, let password): "basic(username: \(username), password: \(password))"
                case .bearer(let token): "bearer(token: \(token))"
                }
            }
        }

        /// The HTTP method of instant and range queries.
        public enum Method: String, Sendable, Hashable, CaseIterable {
            /// A form-encoded POST, falling back to GET when the server answers 405 or 501 (Kiali's Go client does
            /// the same). Queries can be long, so this is the default.
            case post
            /// Always GET, with the query in the URL (for proxies that refuse POST without saying 405).
            case get
        }

        /// The base URL (`url`), for example `http://prometheus.istio-system:9090`; a path prefix is kept, trailing
        /// slashes are dropped. User info (`http://user:password@host`) is taken out of the URL: it is sent as basic
        /// auth when ``auth`` is ``Auth/none`` and never appears in errors or descriptions.
        public var url: String
        /// How requests authenticate (`auth`). Default ``Auth/none``.
        public var auth: Auth
        /// Headers sent with every request (`custom_headers`), for example `X-Scope-OrgID` for Mimir or Thanos
        /// tenancy. Default empty.
        ///
        /// A custom header replaces a header of the same name (compared case-insensitively) that the client would
        /// otherwise send, and is never sent twice. That includes `Authorization`: a custom `Authorization` header
        /// wins over the one built from ``auth`` (Kiali's behaviour, whose custom-header transport runs after the
        /// auth transport). `Content-Type` of a form POST and a per-call `X-Request-Id` are the exceptions: they
        /// are always the client's.
        public var customHeaders: [String: String]
        /// A PEM file of CA certificates added to the system trust roots (`auth.ca_file`). Read once, when the
        /// client is created. Default `nil`.
        public var caFile: String?
        /// PEM text of CA certificates added to the system trust roots, for callers that hold the bundle in
        /// memory. Used together with ``caFile`` when both are set. Default `nil`.
        public var caPEM: String?
        /// Skip the verification of the server's certificate (`auth.insecure_skip_verify`). Default `false`.
        public var insecureSkipVerify: Bool
        /// Label matchers the caller adds to every query (`query_scope`), for example `["mesh_id": "mesh1"]`.
        /// Default empty.
        ///
        /// The client does **not** apply it by itself: the graph engine applies it before wrapping a query in
        /// `round(…)`, with ``PromQL/applyingScope(_:to:)`` or ``PrometheusClient/scoped(_:)``.
        public var queryScope: [String: String]
        /// How long one call may take, connection set-up and a GET fallback included, unless the call gives its own
        /// timeout. Default 30 seconds.
        public var timeout: Duration
        /// The HTTP method of instant and range queries. Default ``Method/post``.
        public var method: Method

        /// Creates a configuration; every setting but the URL has Kiali's default.
        /// - Parameters:
        ///   - url: The base URL (`url`).
        ///   - auth: How requests authenticate (`auth`); default none.
        ///   - customHeaders: Headers for every request (`custom_headers`); default none.
        ///   - caFile: A PEM file of extra CA certificates (`auth.ca_file`); default none.
        ///   - caPEM: PEM text of extra CA certificates; default none.
        ///   - insecureSkipVerify: Skip server certificate verification (`auth.insecure_skip_verify`); default `false`.
        ///   - queryScope: Label matchers for callers to add to queries (`query_scope`); default none.
        ///   - timeout: The default time limit of one call; default 30 seconds.
        ///   - method: The method of queries; default POST with GET fallback.
        public init(
            url: String,
            auth: Auth = .none,
            customHeaders: [String: String] = [:],
            caFile: String? = nil,
            caPEM: String? = nil,
            insecureSkipVerify: Bool = false,
            queryScope: [String: String] = [:],
            timeout: Duration = .seconds(30),
            method: Method = .post
        ) {
            self.url = url
            self.auth = auth
            self.customHeaders = customHeaders
            self.caFile = caFile
            self.caPEM = caPEM
            self.insecureSkipVerify = insecureSkipVerify
            self.queryScope = queryScope
            self.timeout = timeout
            self.method = method
        }

        /// Every setting, with credentials redacted, custom headers by name only and the URL without user info.
        public var description: String {
            var parts = ["url: \(PrometheusEndpoint(url).base)", "auth: \(auth)"]
            if !customHeaders.isEmpty { parts.append("customHeaders: [\(customHeaders.keys.sorted().joined(separator: ", "))]") }
            if let caFile { parts.append("caFile: \(caFile)") }
            if caPEM != nil { parts.append("caPEM: <\(caPEM?.utf8.count ?? 0) bytes>") }
            if insecureSkipVerify { parts.append("insecureSkipVerify: true") }
            if !queryScope.isEmpty {
                parts.append("queryScope: [\(queryScope.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))]")
            }
            parts.append("timeout: \(timeout)")
            parts.append("method: \(method.rawValue)")
            return "PrometheusClient.Configuration(\(parts.joined(separator: ", ")))"
        }

        /// The same as ``description``.
        public var debugDescription: String { description }

        /// Reflection shows the same as ``description``, so `dump` and test failure messages hold no secret.
        public var customMirror: Mirror {
            Mirror(self, children: ["description": description])
        }

        /// The TLS settings for the CA and verification options, or `nil` when the defaults apply.
        /// - Throws: ``PrometheusError`` of kind ``PrometheusError/Kind/configuration`` when the CA file cannot be
        ///   read or holds no PEM certificate.
        func makeTLSConfiguration() throws(PrometheusError) -> TLSConfiguration? {
            guard caFile != nil || caPEM != nil || insecureSkipVerify else { return nil }
            let endpoint = PrometheusEndpoint(url).base
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            var roots: [NIOSSLCertificate] = []
            if let caFile {
                let bytes: [UInt8]
                do {
                    bytes = Array(try Data(contentsOf: URL(fileURLWithPath: caFile)))
                } catch {
                    throw PrometheusError(url: endpoint, kind: .configuration, message: "cannot read ca_file \(caFile): \(error.localizedDescription)")
                }
                let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
                guard let certificates, !certificates.isEmpty else {
                    throw PrometheusError(url: endpoint, kind: .configuration, message: "ca_file \(caFile) holds no PEM certificate")
                }
                roots += certificates
            }
            if let caPEM {
                let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8))
                guard let certificates, !certificates.isEmpty else {
                    throw PrometheusError(url: endpoint, kind: .configuration, message: "the CA bundle (caPEM) holds no PEM certificate")
                }
                roots += certificates
            }
            if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
            if insecureSkipVerify { tls.certificateVerification = .none }
            return tls
        }
    }
}
