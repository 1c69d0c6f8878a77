import AsyncHTTPClient
import Foundation
public import KubeTypes
public import Logging
import NIOCore
import NIOFoundationCompat
public import NIOHTTP1
import NIOSSL
public import SkoposModel

/// Credentials sent with one request: the logged-in user's token, so Skopos acts as that user; or the connection's own
/// (service account) credentials when `nil`.
public enum RequestCredentials: Sendable, Equatable {
    case bearer(String)
    /// A token that acts as another user (`Impersonate-User`, one `Impersonate-Group` per group), as a trusted proxy's
    /// requests do with Kiali's `header` strategy; the API server checks the token's `impersonate` permission.
    case impersonating(token: String, user: String, groups: [String])
}

/// A connection to one cluster's API server: TLS from the kubeconfig, one `HTTPClient`, credentials per request.
///
/// Verbs return decoded objects or raw bytes; failures are `KubeAPIError`s naming the cluster and path. Shut it down
/// when the cluster goes away.
public final class KubeConnection: Sendable {
    public let clusterName: String
    /// The API server URL as configured.
    public let server: String
    let baseURL: String
    let client: HTTPClient
    let credentials: CredentialSource
    let logger: Logger

    /// Creates a connection from a resolved kubeconfig cluster.
    /// - Throws: `KubeAPIError` of kind `.configuration` naming what is wrong (a bad CA, key or URL).
    public init(cluster: ResolvedCluster, name: String? = nil, logger: Logger = Logger(label: "skopos.kube")) throws(KubeAPIError) {
        let clusterName = name ?? cluster.name
        self.clusterName = clusterName
        self.server = cluster.server
        self.logger = logger
        func configError(_ message: String) -> KubeAPIError {
            KubeAPIError(kind: .configuration, cluster: clusterName, message: message)
        }
        guard let url = URLComponents(string: cluster.server), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
            throw configError("server \"\(cluster.server)\" is not a URL")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        // Closing a connection need not wait 5 s (NIOSSL's default) for the server's close_notify: a cancelled watch's
        // server may never send it, and stopping a cluster would take that long.
        tls.shutdownTimeout = .milliseconds(200)
        if cluster.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let ca = cluster.caPEM {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            } catch {
                throw configError("certificate-authority: not a PEM certificate: \(error)")
            }
        }
        if case .clientCertificate(let certPEM, let keyPEM) = cluster.credentials {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certPEM).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
            } catch {
                throw configError("client certificate or key could not be read: \(error)")
            }
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        configuration.redirectConfiguration = .disallow
        // Over HTTP/1.1 every watch holds a connection; AHC's default of 8 per host would queue the ninth informer's
        // requests forever. HTTP/2 servers multiplex them on one connection anyway.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        var urlHost = host.contains(":") ? "[\(host)]" : host
        if let serverName = cluster.tlsServerName, !serverName.isEmpty {
            // AHC has no SNI override: put the TLS name in the URL and map it to the real address.
            configuration.dnsOverride = [serverName: host]
            urlHost = serverName
        }
        if let proxy = cluster.proxyURL, !proxy.isEmpty {
            guard let p = URLComponents(string: proxy), let proxyHost = p.host else { throw configError("proxy-url \"\(proxy)\" is not a URL") }
            configuration.proxy = .server(host: proxyHost, port: p.port ?? (p.scheme == "https" ? 443 : 80))
        }
        let port = url.port.map { ":\($0)" } ?? ""
        var base = "\(scheme)://\(urlHost)\(port)\(url.path)"
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.credentials = CredentialSource(cluster.credentials)
    }

    /// Closes the connection pool.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: Raw requests

    func request(_ method: HTTPMethod, _ path: String, query: String, body: [UInt8]?, contentType: String, credentials: RequestCredentials?) async throws(KubeAPIError)
        -> HTTPClientRequest
    {
        var request = HTTPClientRequest(url: baseURL + path + (query.isEmpty ? "" : "?" + query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "skopos/0.1")
        switch credentials {
        case .bearer(let token)?:
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .impersonating(let token, let user, let groups)?:
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Impersonate-User", value: user)
            for group in groups { request.headers.add(name: "Impersonate-Group", value: group) }
        case nil:
            do {
                if let header = try await self.credentials.authorizationHeader() {
                    request.headers.add(name: "Authorization", value: header)
                }
            } catch {
                throw KubeAPIError(kind: .configuration, cluster: clusterName, path: path, message: "credentials: \(error)")
            }
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Sends one request and returns the body of a 2xx answer.
    /// - Throws: `KubeAPIError` with the server's Status for error answers, or of kind `.unreachable`, `.tls` or `.timeout`.
    public func send(
        _ method: HTTPMethod, _ path: String, query: String = "", body: [UInt8]? = nil, contentType: String = "application/json",
        credentials: RequestCredentials? = nil, timeout: Duration = .seconds(60)
    ) async throws(KubeAPIError) -> [UInt8] {
        let buffer = try await sendBuffer(method, path, query: query, body: body, contentType: contentType, credentials: credentials, timeout: timeout)
        return Array(buffer.readableBytesView)
    }

    /// ``send(_:_:query:body:contentType:credentials:timeout:)``, keeping the body in the buffer it arrived in.
    func sendBuffer(
        _ method: HTTPMethod, _ path: String, query: String = "", body: [UInt8]? = nil, contentType: String = "application/json",
        credentials: RequestCredentials? = nil, timeout: Duration = .seconds(60)
    ) async throws(KubeAPIError) -> ByteBuffer {
        let response = try await open(
            method, path, query: query, body: body, contentType: contentType, credentials: credentials, deadline: .now() + .init(timeout)
        )
        do {
            return try await response.body.collect(upTo: 512 * 1024 * 1024)
        } catch {
            throw Self.transportError(error, cluster: clusterName, path: path)
        }
    }

    /// POSTs a form to a URL outside the API server that trusts the same CA (the cluster's OAuth server), without
    /// the connection's credentials; returns the status and up to 1 MiB of body whatever the status.
    /// - Throws: `KubeAPIError` of kind `.unreachable`, `.tls` or `.timeout` when no answer came.
    public func postForm(url: String, form: [(String, String)], timeout: Duration = .seconds(10)) async throws(KubeAPIError) -> (status: Int, body: [UInt8]) {
        let path = URLComponents(string: url)?.path ?? ""
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "skopos/0.1")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = form.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, deadline: .now() + .init(timeout))
            let bytes = try await response.body.collect(upTo: 1024 * 1024)
            return (Int(response.status.code), Array(bytes.readableBytesView))
        } catch {
            throw Self.transportError(error, cluster: clusterName, path: path)
        }
    }

    /// Sends one request and returns the answer with its body unread, when its status is in `accepted`.
    /// - Throws: `KubeAPIError` with the server's Status (from the first MiB of the body) for any other status, or of
    ///   kind `.unreachable`, `.tls` or `.timeout` when no answer came.
    func open(
        _ method: HTTPMethod, _ path: String, query: String, body: [UInt8]? = nil, contentType: String = "application/json",
        credentials: RequestCredentials?, deadline: NIODeadline, accepted: ClosedRange<Int> = 200...299
    ) async throws(KubeAPIError) -> HTTPClientResponse {
        let request = try await request(method, path, query: query, body: body, contentType: contentType, credentials: credentials)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            throw Self.transportError(error, cluster: clusterName, path: path)
        }
        let status = Int(response.status.code)
        guard accepted.contains(status) else {
            let bytes = (try? await response.body.collect(upTo: 1024 * 1024)).map { Array($0.readableBytesView) } ?? []
            throw Self.statusError(status: status, body: bytes, cluster: clusterName, path: path)
        }
        return response
    }

    /// The error for a non-2xx answer: the server's Status when the body is one, else the status code with the start
    /// of the body.
    static func statusError(status: Int, body: [UInt8], cluster: String, path: String) -> KubeAPIError {
        var decoded = (try? JSONDecoder().decode(KubeStatus.self, from: Data(body))).flatMap { $0.code == 0 && $0.reason.isEmpty ? nil : $0 }
            ?? KubeStatus(code: status, message: String(decoding: body.prefix(300), as: UTF8.self))
        // The HTTP status is what happened; a body's code may be missing or (from a proxy) disagree.
        decoded.code = status
        return KubeAPIError(status: decoded, cluster: cluster, path: path)
    }

    /// The error for a request that got no answer: unreachable, TLS or timeout.
    static func transportError(_ error: any Error, cluster: String, path: String) -> KubeAPIError {
        let (kind, message) = TransportFailure.classify(error)
        return KubeAPIError(kind: kind, cluster: cluster, path: path, message: message)
    }

    /// Decodes a body where it lies: the decoder reads the buffer's bytes without a copy.
    func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer, path: String) throws(KubeAPIError) -> T {
        try buffer.withUnsafeReadableBytes { raw throws(KubeAPIError) in try decode(T.self, raw, decoder: JSONDecoder(), path: path) }
    }

    /// Decodes one piece of a body without copying it.
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], decoder: JSONDecoder, path: String) throws(KubeAPIError) -> T {
        // `withUnsafeBytes` rethrows untyped errors: carry the typed one out in a Result.
        try bytes.withUnsafeBytes { raw in Result { () throws(KubeAPIError) in try decode(T.self, raw, decoder: decoder, path: path) } }.get()
    }

    /// Decodes bytes in place; the `Data` handed to the decoder does not outlive the call, which the caller's
    /// closure keeps the bytes alive for.
    private func decode<T: Decodable>(_ type: T.Type, _ raw: UnsafeRawBufferPointer, decoder: JSONDecoder, path: String) throws(KubeAPIError) -> T {
        do {
            guard let base = raw.baseAddress, raw.count > 0 else { return try decoder.decode(T.self, from: Data()) }
            return try decoder.decode(T.self, from: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
        } catch {
            throw KubeAPIError(kind: .decoding, cluster: clusterName, path: path, message: "cannot decode \(T.self): \(error)")
        }
    }

    // MARK: Verbs

    /// LIST a collection.
    public func list<T: Decodable & Sendable>(
        _ type: T.Type, _ gvr: GroupVersionResource, namespace: String? = nil, options: ListOptions = ListOptions(),
        credentials: RequestCredentials? = nil
    ) async throws(KubeAPIError) -> ResourceList<T> {
        let path = gvr.path(namespace: namespace)
        let response = try await open(.GET, path, query: options.queryString, credentials: credentials, deadline: .now() + .seconds(60))
        // Items are decoded one by one as the body streams in: the whole body is never held, only the item being read.
        var splitter = ListItemSplitter()
        var list = ResourceList<T>(metadata: ListMeta(), items: [])
        let decoder = JSONDecoder()
        func take(_ pieces: [ListItemSplitter.Piece]) throws(KubeAPIError) {
            for piece in pieces {
                switch piece {
                case .item(let bytes): list.items.append(try decode(T.self, bytes, decoder: decoder, path: path))
                case .metadata(let bytes): list.metadata = try decode(ListMeta.self, bytes, decoder: decoder, path: path)
                }
            }
        }
        do {
            for try await chunk in response.body {
                try take(try splitter.append(chunk.readableBytesView))
            }
            try splitter.finish()
        } catch let error as KubeAPIError {
            throw error
        } catch let error as ListItemSplitter.Malformed {
            throw KubeAPIError(kind: .decoding, cluster: clusterName, path: path, message: error.description)
        } catch {
            var failure = Self.transportError(error, cluster: clusterName, path: path)
            failure.message = "LIST body broke off: " + failure.message
            throw failure
        }
        return list
    }

    /// GET one object.
    public func get<T: Decodable & Sendable>(
        _ type: T.Type, _ gvr: GroupVersionResource, namespace: String? = nil, name: String, credentials: RequestCredentials? = nil
    ) async throws(KubeAPIError) -> T {
        let path = gvr.path(namespace: namespace, name: name)
        return try decode(T.self, try await sendBuffer(.GET, path, credentials: credentials), path: path)
    }

    /// POST an object (JSON bytes); returns the created object as the server stored it.
    public func create(_ gvr: GroupVersionResource, namespace: String? = nil, body: [UInt8], credentials: RequestCredentials? = nil)
        async throws(KubeAPIError) -> JSONValue
    {
        let bytes = try await send(.POST, gvr.path(namespace: namespace), body: body, credentials: credentials)
        return try json(bytes, path: gvr.path(namespace: namespace))
    }

    /// PUT an object (JSON bytes).
    public func update(_ gvr: GroupVersionResource, namespace: String? = nil, name: String, subresource: String? = nil, body: [UInt8], credentials: RequestCredentials? = nil)
        async throws(KubeAPIError) -> JSONValue
    {
        let path = gvr.path(namespace: namespace, name: name, subresource: subresource)
        return try json(try await send(.PUT, path, body: body, credentials: credentials), path: path)
    }

    /// The patch formats the API accepts.
    public enum PatchType: String, Sendable {
        case merge = "application/merge-patch+json"
        case json = "application/json-patch+json"
        case strategicMerge = "application/strategic-merge-patch+json"
    }

    /// PATCH an object.
    public func patch(
        _ gvr: GroupVersionResource, namespace: String? = nil, name: String, subresource: String? = nil, type: PatchType = .merge, body: [UInt8],
        credentials: RequestCredentials? = nil
    ) async throws(KubeAPIError) -> JSONValue {
        let path = gvr.path(namespace: namespace, name: name, subresource: subresource)
        return try json(try await send(.PATCH, path, body: body, contentType: type.rawValue, credentials: credentials), path: path)
    }

    /// DELETE an object, with background propagation.
    public func delete(_ gvr: GroupVersionResource, namespace: String? = nil, name: String, credentials: RequestCredentials? = nil) async throws(KubeAPIError) {
        let body = Array(#"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}"#.utf8)
        _ = try await send(.DELETE, gvr.path(namespace: namespace, name: name), body: body, credentials: credentials)
    }

    /// Whether the caller may do `verb` on a resource (SelfSubjectAccessReview).
    public func canI(
        verb: String, group: String = "", resource: String, namespace: String? = nil, name: String? = nil, credentials: RequestCredentials? = nil
    ) async throws(KubeAPIError) -> Bool {
        var attributes: [String: JSONValue] = ["verb": .string(verb), "group": .string(group), "resource": .string(resource)]
        if let namespace { attributes["namespace"] = .string(namespace) }
        if let name { attributes["name"] = .string(name) }
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": ["resourceAttributes": .object(attributes)],
        ]
        let gvr = GroupVersionResource(group: "authorization.k8s.io", version: "v1", resource: "selfsubjectaccessreviews")
        let result = try await create(gvr, body: JSONWriter.write(review), credentials: credentials)
        return result[path: ["status", "allowed"]]?.boolValue ?? false
    }

    /// The server's `/version` `gitVersion`.
    public func serverVersion(timeout: Duration = .seconds(5)) async throws(KubeAPIError) -> String {
        let value = try json(try await send(.GET, "/version", timeout: timeout), path: "/version")
        return value["gitVersion"]?.stringValue ?? "unknown"
    }

    func json(_ bytes: [UInt8], path: String) throws(KubeAPIError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw KubeAPIError(kind: .decoding, cluster: clusterName, path: path, message: error.description)
        }
    }

    // MARK: Watch

    /// Opens a watch; events are read as they are consumed (no buffering beyond one network chunk).
    /// - Throws: `KubeAPIError` when the server refuses the watch (e.g. HTTP 410 at start).
    public func watch<T: Decodable & Sendable>(
        _ type: T.Type, _ gvr: GroupVersionResource, namespace: String? = nil, options: ListOptions, credentials: RequestCredentials? = nil
    ) async throws(KubeAPIError) -> WatchStream<T> {
        var options = options
        options.watch = true
        let path = gvr.path(namespace: namespace)
        let timeout = Int64(options.timeoutSeconds ?? 600) + 30
        let response = try await open(.GET, path, query: options.queryString, credentials: credentials, deadline: .now() + .seconds(timeout), accepted: 200...200)
        return WatchStream(body: response.body, cluster: clusterName, path: path)
    }
}

/// A LIST answer: the items and the list's metadata (resourceVersion, continue token).
public struct ResourceList<Object: Decodable & Sendable>: Decodable, Sendable {
    public var metadata: ListMeta
    public var items: [Object]

    enum CodingKeys: String, CodingKey { case metadata, items }

    /// Creates a list.
    public init(metadata: ListMeta, items: [Object]) {
        self.metadata = metadata
        self.items = items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try c.decodeIfPresent([Object].self, forKey: .items) ?? []
    }
}

/// The events of one watch, decoded line by line as they are read from the response body.
public struct WatchStream<Object: Decodable & Sendable>: AsyncSequence {
    public typealias Element = WatchEvent<Object>.Decoded
    let body: HTTPClientResponse.Body
    let cluster: String
    let path: String

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPClientResponse.Body.AsyncIterator
        var splitter = LineSplitter()
        var pending: [[UInt8]] = []
        var finished = false
        let decoder = JSONDecoder()
        let cluster: String
        let path: String

        public mutating func next() async throws -> WatchEvent<Object>.Decoded? {
            while pending.isEmpty {
                if finished { return nil }
                let chunk: ByteBuffer?
                do {
                    chunk = try await chunks.next()
                } catch {
                    var failure = KubeConnection.transportError(error, cluster: cluster, path: path)
                    failure.message = "watch stream broke: " + failure.message
                    throw failure
                }
                guard let chunk else {
                    finished = true
                    if let last = splitter.finish() { pending.append(last) }
                    continue
                }
                pending += try splitter.append(chunk.readableBytesView)
            }
            return WatchEvent<Object>.decode(line: pending.removeFirst(), decoder: decoder)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator(), cluster: cluster, path: path)
    }
}
