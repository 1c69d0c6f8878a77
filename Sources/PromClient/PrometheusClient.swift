public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SkoposModel

/// A client of Prometheus' HTTP API (`/api/v1/...`). Works the same with any Prometheus-compatible endpoint
/// (Thanos, Mimir, a federating Prometheus).
///
/// **Ownership of the HTTP client.** A client made with ``init(configuration:)`` creates and owns its `HTTPClient`:
/// call ``shutdown()`` once when done (on any copy; copies share the connection pool), or use
/// ``withClient(configuration:isolation:_:)``. A client made with ``init(url:httpClient:)`` or
/// ``init(configuration:httpClient:)`` borrows the caller's `HTTPClient`, which the caller shuts down;
/// ``shutdown()`` does nothing then.
///
/// Requests carry the configured `Authorization` and custom headers, credentials files are read on every request,
/// and failures are ``PrometheusError``s naming the endpoint and the reason.
public struct PrometheusClient: Sendable {
    /// The base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept), without user info or trailing slash.
    public let url: String
    /// The settings the client was made with.
    public let configuration: Configuration
    let httpClient: HTTPClient
    let ownsHTTPClient: Bool
    let endpoint: PrometheusEndpoint
    /// TLS settings sent with each request when the HTTP client is borrowed (the owned one has them built in).
    let requestTLS: TLSConfiguration?

    /// A client of `url` on the caller's HTTP client, with default settings (no auth, POST with GET fallback,
    /// 30 s timeout). The caller keeps ownership of `httpClient`.
    /// - Parameters:
    ///   - url: The base URL; user info in it is sent as basic auth.
    ///   - httpClient: The HTTP client to send requests with.
    public init(url: String, httpClient: HTTPClient) {
        let configuration = Configuration(url: url)
        self.endpoint = PrometheusEndpoint(url)
        self.url = endpoint.base
        self.configuration = configuration
        self.httpClient = httpClient
        self.ownsHTTPClient = false
        self.requestTLS = nil
    }

    /// A client on the caller's HTTP client; the CA and `insecureSkipVerify` settings travel with each request.
    /// The caller keeps ownership of `httpClient`.
    /// - Parameters:
    ///   - configuration: The endpoint's settings.
    ///   - httpClient: The HTTP client to send requests with.
    /// - Throws: ``PrometheusError`` of kind ``PrometheusError/Kind/configuration`` for a URL that is not http(s)
    ///   or a CA that cannot be read.
    public init(configuration: Configuration, httpClient: HTTPClient) throws(PrometheusError) {
        let endpoint = PrometheusEndpoint(configuration.url)
        if let problem = endpoint.validate() {
            throw PrometheusError(url: endpoint.base, kind: .configuration, message: problem)
        }
        self.endpoint = endpoint
        self.url = endpoint.base
        self.configuration = configuration
        self.httpClient = httpClient
        self.ownsHTTPClient = false
        self.requestTLS = try configuration.makeTLSConfiguration()
    }

    /// A client with an `HTTPClient` of its own, set up for the configuration's TLS settings (extra CA
    /// certificates, `insecureSkipVerify`; TLS 1.2 or later). Redirects are not followed (credentials must not go
    /// elsewhere), and a failed connection fails the call at once instead of being retried until the timeout.
    ///
    /// Call ``shutdown()`` when done.
    /// - Parameter configuration: The endpoint's settings.
    /// - Throws: ``PrometheusError`` of kind ``PrometheusError/Kind/configuration`` for a URL that is not http(s)
    ///   or a CA that cannot be read.
    public init(configuration: Configuration) throws(PrometheusError) {
        let endpoint = PrometheusEndpoint(configuration.url)
        if let problem = endpoint.validate() {
            throw PrometheusError(url: endpoint.base, kind: .configuration, message: problem)
        }
        let tls = try configuration.makeTLSConfiguration()
        var http = HTTPClient.Configuration(tlsConfiguration: tls ?? Self.defaultTLS)
        http.redirectConfiguration = .disallow
        http.timeout = .init(connect: .seconds(10), read: nil)
        http.connectionPool.retryConnectionEstablishment = false
        self.endpoint = endpoint
        self.url = endpoint.base
        self.configuration = configuration
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        self.ownsHTTPClient = true
        self.requestTLS = nil
    }

    /// Runs `body` with a client made by ``init(configuration:)`` and shuts the client down afterwards, also when
    /// `body` throws.
    /// - Parameters:
    ///   - configuration: The endpoint's settings.
    ///   - isolation: The caller's isolation, inherited by `body`.
    ///   - body: What to do with the client.
    /// - Returns: What `body` returns.
    /// - Throws: ``PrometheusError`` from creating the client, or what `body` throws.
    public static func withClient<Value>(
        configuration: Configuration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PrometheusClient) async throws -> Value
    ) async throws -> Value {
        let client = try PrometheusClient(configuration: configuration)
        let result: Value
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Closes the connection pool of an owned HTTP client; does nothing when the HTTP client is borrowed. Call it
    /// once: a second call on an owned client throws AsyncHTTPClient's `alreadyShutdown`.
    public func shutdown() async throws {
        guard ownsHTTPClient else { return }
        try await httpClient.shutdown()
    }

    /// The configured `query_scope`, for callers that add it to their queries.
    public var queryScope: [String: String] { configuration.queryScope }

    /// `query` with the configured `query_scope` added (``PromQL/applyingScope(_:to:)``). The client never does
    /// this by itself.
    /// - Parameter query: PromQL text.
    /// - Returns: The scoped text.
    public func scoped(_ query: String) -> String {
        PromQL.applyingScope(configuration.queryScope, to: query)
    }

    /// Whether `/-/ready` answers 200 within `timeout`, with the configured credentials and headers.
    /// - Parameter timeout: The time limit; default 2 seconds.
    /// - Returns: `true` when Prometheus is ready.
    public func isReady(timeout: Duration = .seconds(2)) async -> Bool {
        do {
            try await checkReady(timeout: timeout)
            return true
        } catch {
            return false
        }
    }

    /// Asks `/-/ready` and says why Prometheus is not ready.
    /// - Parameters:
    ///   - timeout: The time limit; default 2 seconds.
    ///   - requestID: Sent as `X-Request-Id` when given.
    /// - Throws: ``PrometheusError``: unreachable, TLS, timeout, 401/403, or ``PrometheusError/Kind/badResponse``
    ///   with the status when the answer is not 200 (503 while Prometheus starts).
    public func checkReady(timeout: Duration = .seconds(2), requestID: String? = nil) async throws(PrometheusError) {
        let path = "/-/ready"
        let answer = try await send(.GET, path, form: [], deadline: .now() + TimeAmount(timeout), timeout: timeout, requestID: requestID)
        if answer.status == .ok { return }
        try Self.throwIfDenied(answer, url: url, path: path)
        throw PrometheusError(url: url, path: path, kind: .badResponse, httpStatus: Int(answer.status.code), message: "not ready: \(answer.describe())")
    }

    /// An instant query (`/api/v1/query`), evaluated at `time`.
    ///
    /// Sent as a form-encoded POST that falls back to GET on 405 or 501, or as GET when the configuration says so.
    /// The query text is sent as given: ``Configuration/queryScope`` is not applied.
    /// - Parameters:
    ///   - promql: The query.
    ///   - time: Unix seconds; now (Prometheus' clock) when `nil`.
    ///   - timeout: The time limit of the call; the configuration's when `nil`.
    ///   - requestID: Sent as `X-Request-Id` when given.
    /// - Returns: The result.
    /// - Throws: ``PrometheusError`` naming the endpoint and the reason.
    public func query(_ promql: String, time: Double? = nil, timeout: Duration? = nil, requestID: String? = nil) async throws(PrometheusError)
        -> QueryResult
    {
        var form = [("query", promql)]
        if let time { form.append(("time", Self.format(time))) }
        return try await call("/api/v1/query", form: form, method: configuration.method, timeout: timeout ?? configuration.timeout, requestID: requestID)
    }

    /// A range query (`/api/v1/query_range`) from `start` to `end` every `step` seconds; sent like ``query(_:time:timeout:requestID:)``.
    /// - Parameters:
    ///   - promql: The query.
    ///   - start: Unix seconds.
    ///   - end: Unix seconds.
    ///   - step: Seconds between points.
    ///   - timeout: The time limit of the call; the configuration's when `nil`.
    ///   - requestID: Sent as `X-Request-Id` when given.
    /// - Returns: The result (a matrix).
    /// - Throws: ``PrometheusError`` naming the endpoint and the reason.
    public func queryRange(
        _ promql: String,
        start: Double,
        end: Double,
        step: Double,
        timeout: Duration? = nil,
        requestID: String? = nil
    ) async throws(PrometheusError) -> QueryResult {
        try await call(
            "/api/v1/query_range",
            form: [("query", promql), ("start", Self.format(start)), ("end", Self.format(end)), ("step", Self.format(step))],
            method: configuration.method,
            timeout: timeout ?? configuration.timeout,
            requestID: requestID
        )
    }

    static func format(_ time: Double) -> String {
        time == time.rounded() ? String(Int64(time)) : String(time)
    }

    static let defaultTLS: TLSConfiguration = {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        return tls
    }()
}
