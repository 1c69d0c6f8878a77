extension KialiConfig {
    /// `server` (backend.md §3.2).
    public struct Server: Sendable, Equatable, Decodable {
        /// `web_history_mode`.
        public enum HistoryMode: String, Sendable, CaseIterable {
            case browser, hash
        }

        /// `address` (default `""`): the listen address; empty means `SKOPOS_BIND_ADDRESS`, then every interface
        /// (``BindAddress``).
        public var address = ""
        /// `port` (default `20001`), 0–65535; 0 picks a free port.
        public var port = 20001
        /// `web_root` (default `/`): the path prefix of every route. Starts with `/`, has no trailing `/` (except `/`
        /// itself), no `/../`, and only URL path characters.
        public var webRoot = "/"
        /// `web_fqdn` (default `""`): public host name for OAuth/OIDC redirects and the cookie `Secure` flag.
        public var webFQDN = ""
        /// `web_port` (default `""`): public port, as a string.
        public var webPort = ""
        /// `web_schema` (default `""`): `http`, `https` or empty.
        public var webSchema = ""
        /// `web_history_mode` (default `browser`): `browser` or `hash`.
        public var webHistoryMode = HistoryMode.browser
        /// `gzip_enabled` (default `true`).
        public var gzipEnabled = true
        /// `cors_allow_all` (default `false`): adds `Access-Control-Allow-Origin: *`.
        public var corsAllowAll = false
        /// `write_timeout` (default 30 s): an integer of seconds, or a Go duration string.
        public var writeTimeout: Duration = .seconds(30)
        /// `audit_log` (default `true`): log write operations.
        public var auditLog = true
        /// `require_auth` (default `false`): `true` protects `GET /api` too.
        public var requireAuth = false
        /// `profiler.enabled` (default `false`): `/debug/pprof/*` upstream.
        public var profilerEnabled = false
        /// `observability`: the console's own metrics and traces.
        public var observability = Observability()
        /// `strict_query_params` (default `false`, Skopos extension, backend.md §1.4): answer 400 to unknown query
        /// parameters as upstream does, instead of ignoring them.
        public var strictQueryParams = false

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case address, port, profiler, observability
            case webRoot = "web_root"
            case webFQDN = "web_fqdn"
            case webPort = "web_port"
            case webSchema = "web_schema"
            case webHistoryMode = "web_history_mode"
            case gzipEnabled = "gzip_enabled"
            case corsAllowAll = "cors_allow_all"
            case writeTimeout = "write_timeout"
            case auditLog = "audit_log"
            case requireAuth = "require_auth"
            case strictQueryParams = "strict_query_params"
        }

        private enum ProfilerKeys: String, CodingKey {
            case enabled
        }

        /// Reads the keys listed on the properties. `node_port` (operator only) is accepted and ignored.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            decoder.acceptKeys(["node_port"])
            address = try c.decode(.address, default: address)
            port = try c.decodeInt(.port, in: 0...65535, default: port)
            webRoot = try c.decode(.webRoot, default: webRoot)
            if let problem = Self.webRootProblem(webRoot) { throw c.invalid(.webRoot, problem) }
            webFQDN = try c.decode(.webFQDN, default: webFQDN)
            webPort = try c.decode(.webPort, default: webPort)
            if !webPort.isEmpty, Int(webPort).map({ (1...65535).contains($0) }) != true {
                throw c.invalid(.webPort, "expected a port number from 1 to 65535 or empty, got \(ConfigDecoder.quoted(webPort))")
            }
            webSchema = try c.decode(.webSchema, default: webSchema)
            if !["", "http", "https"].contains(webSchema) {
                throw c.invalid(.webSchema, "unknown schema \(ConfigDecoder.quoted(webSchema)); expected http, https or empty")
            }
            webHistoryMode = try c.decodeChoice(.webHistoryMode, default: webHistoryMode, noun: "history mode")
            gzipEnabled = try c.decode(.gzipEnabled, default: gzipEnabled)
            corsAllowAll = try c.decode(.corsAllowAll, default: corsAllowAll)
            writeTimeout = try c.decodeSeconds(.writeTimeout, default: writeTimeout)
            auditLog = try c.decode(.auditLog, default: auditLog)
            requireAuth = try c.decode(.requireAuth, default: requireAuth)
            if c.contains(.profiler) {
                let profiler = try c.nestedContainer(keyedBy: ProfilerKeys.self, forKey: .profiler)
                profilerEnabled = try profiler.decode(.enabled, default: profilerEnabled)
            }
            observability = try c.decode(.observability, default: observability)
            strictQueryParams = try c.decode(.strictQueryParams, default: strictQueryParams)
        }

        /// Why a `web_root` is refused (Kiali's `config.Validate`), or `nil`.
        static func webRootProblem(_ webRoot: String) -> String? {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%/")
            guard webRoot.hasPrefix("/"), webRoot == "/" || !webRoot.hasSuffix("/") else {
                return "must start with \"/\" and not end with \"/\", got \(ConfigDecoder.quoted(webRoot))"
            }
            guard webRoot.allSatisfy(allowed.contains) else {
                return "must contain only URL path characters, got \(ConfigDecoder.quoted(webRoot))"
            }
            guard !webRoot.contains("/../"), !webRoot.hasSuffix("/..") else {
                return "must not contain \"/../\", got \(ConfigDecoder.quoted(webRoot))"
            }
            return nil
        }
    }
}

extension KialiConfig.Server {
    /// `server.observability`: the console's own metrics endpoint and self-tracing.
    public struct Observability: Sendable, Equatable, Decodable {
        /// `metrics`.
        public var metrics = Metrics()
        /// `tracing`.
        public var tracing = Tracing()

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case metrics, tracing
        }

        /// Reads `metrics` and `tracing`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            metrics = try c.decode(.metrics, default: metrics)
            tracing = try c.decode(.tracing, default: tracing)
        }
    }
}

extension KialiConfig.Server.Observability {
    /// `server.observability.metrics`: the console's `/metrics` listener.
    public struct Metrics: Sendable, Equatable, Decodable {
        /// `enabled` (default `true`).
        public var enabled = true
        /// `port` (default `9090`), 0–65535; 0 picks a free port.
        public var port = 9090
        /// `health_status.enabled` (default `false`).
        public var healthStatusEnabled = false
        /// `health_status.max_consecutive_na` (default `3`), 1 or more.
        public var healthStatusMaxConsecutiveNA = 3

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case enabled, port
            case healthStatus = "health_status"
        }

        private enum HealthStatusKeys: String, CodingKey {
            case enabled
            case maxConsecutiveNA = "max_consecutive_na"
        }

        /// Reads the keys listed on the properties.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decode(.enabled, default: enabled)
            port = try c.decodeInt(.port, in: 0...65535, default: port)
            if c.contains(.healthStatus) {
                let h = try c.nestedContainer(keyedBy: HealthStatusKeys.self, forKey: .healthStatus)
                healthStatusEnabled = try h.decode(.enabled, default: healthStatusEnabled)
                healthStatusMaxConsecutiveNA = try h.decodeInt(.maxConsecutiveNA, in: 1...Int.max, default: healthStatusMaxConsecutiveNA)
            }
        }
    }

    /// `server.observability.tracing`: traces of the console itself (OpenTelemetry).
    public struct Tracing: Sendable, Equatable, Decodable {
        /// `enabled` (default `false`).
        public var enabled = false
        /// `collector_type` (default `otel`, the only value).
        public var collectorType = "otel"
        /// `collector_url` (default `jaeger-collector.istio-system:4318`).
        public var collectorURL = "jaeger-collector.istio-system:4318"
        /// `sampling_rate` (default `0.5`): 1 or more always samples, 0 or less never.
        public var samplingRate = 0.5
        /// `otel.protocol` (default `http`): `http`, `https` or `grpc`.
        public var otelProtocol = "http"
        /// `otel.tls_enabled` (default `false`).
        public var otelTLSEnabled = false
        /// `otel.skip_verify` (default `false`).
        public var otelSkipVerify = false
        /// `otel.ca_name` (default `""`).
        public var otelCAName = ""

        /// Kiali's defaults.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case enabled, otel
            case collectorType = "collector_type"
            case collectorURL = "collector_url"
            case samplingRate = "sampling_rate"
        }

        private enum OtelKeys: String, CodingKey {
            case `protocol`
            case tlsEnabled = "tls_enabled"
            case skipVerify = "skip_verify"
            case caName = "ca_name"
        }

        /// Reads the keys listed on the properties. A `collector_type` other than `otel` is refused.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decode(.enabled, default: enabled)
            collectorType = try c.decode(.collectorType, default: collectorType)
            if collectorType.isEmpty { collectorType = "otel" }
            guard collectorType == "otel" else {
                throw c.invalid(.collectorType, "unknown collector type \(ConfigDecoder.quoted(collectorType)); expected otel")
            }
            collectorURL = try c.decode(.collectorURL, default: collectorURL)
            samplingRate = try c.decodeDouble(.samplingRate, default: samplingRate)
            if c.contains(.otel) {
                let o = try c.nestedContainer(keyedBy: OtelKeys.self, forKey: .otel)
                otelProtocol = try o.decode(.protocol, default: otelProtocol)
                if !["http", "https", "grpc"].contains(otelProtocol) {
                    throw o.invalid(.protocol, "unknown protocol \(ConfigDecoder.quoted(otelProtocol)); expected one of http, https, grpc")
                }
                otelTLSEnabled = try o.decode(.tlsEnabled, default: otelTLSEnabled)
                otelSkipVerify = try o.decode(.skipVerify, default: otelSkipVerify)
                otelCAName = try o.decode(.caName, default: otelCAName)
            }
        }
    }
}
