extension PrometheusClient {
    /// What `/api/v1/status/buildinfo` tells about the server; fields it leaves out are empty.
    public struct BuildInfo: Sendable, Hashable, Decodable {
        /// The version, for example `2.53.1` (what `/api/status` shows).
        public var version: String
        /// The source revision.
        public var revision: String
        /// The source branch.
        public var branch: String
        /// Who built it.
        public var buildUser: String
        /// When it was built.
        public var buildDate: String
        /// The Go version it was built with.
        public var goVersion: String

        /// Creates build information (also for test doubles).
        public init(version: String, revision: String = "", branch: String = "", buildUser: String = "", buildDate: String = "", goVersion: String = "") {
            self.version = version
            self.revision = revision
            self.branch = branch
            self.buildUser = buildUser
            self.buildDate = buildDate
            self.goVersion = goVersion
        }

        enum CodingKeys: String, CodingKey { case version, revision, branch, buildUser, buildDate, goVersion }

        /// Decodes the `data` of a buildinfo answer; missing fields become empty strings.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
            revision = try c.decodeIfPresent(String.self, forKey: .revision) ?? ""
            branch = try c.decodeIfPresent(String.self, forKey: .branch) ?? ""
            buildUser = try c.decodeIfPresent(String.self, forKey: .buildUser) ?? ""
            buildDate = try c.decodeIfPresent(String.self, forKey: .buildDate) ?? ""
            goVersion = try c.decodeIfPresent(String.self, forKey: .goVersion) ?? ""
        }
    }

    /// The server's build information from `/api/v1/status/buildinfo` (a GET), with the configured credentials and
    /// headers. Prometheus and Mimir answer it; some proxies and older Thanos versions answer 404, which is a
    /// ``PrometheusError/Kind/badResponse``.
    /// - Parameters:
    ///   - timeout: The time limit of the call; the configuration's when `nil`.
    ///   - requestID: Sent as `X-Request-Id` when given.
    /// - Returns: The build information; `.version` is the version string.
    /// - Throws: ``PrometheusError`` naming the endpoint and the reason.
    public func buildInfo(timeout: Duration? = nil, requestID: String? = nil) async throws(PrometheusError) -> BuildInfo {
        try await call("/api/v1/status/buildinfo", form: [], method: .get, timeout: timeout ?? configuration.timeout, requestID: requestID)
    }
}
