import AsyncHTTPClient
import Foundation
import KubeClient
import KubeTypes
import NIOCore
import NIOHTTP1
import NIOSSL

/// A minimal browser for login flows: one cookie jar per host, redirects followed by hand so each hop can be checked,
/// HTML forms read with their hidden fields. Trusts the given CAs (the simulated clusters' OAuth servers).
actor Browser {
    let client: HTTPClient
    var jars: [String: [String: String]] = [:]

    init(trusting caPEMs: [[UInt8]]) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try caPEMs.flatMap { try NIOSSLCertificate.fromPEMBytes($0) })
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async { try? await client.shutdown() }

    struct Page: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var location: String? { headers.first(name: "Location") }
    }

    static func host(_ url: String) -> String { URLComponents(string: url).map { "\($0.host ?? ""):\($0.port ?? 0)" } ?? "" }

    func cookies(for url: String) -> [String: String] { jars[Self.host(url)] ?? [:] }

    func request(_ url: String, method: HTTPMethod = .GET, form: [(String, String)]? = nil, headers: [(String, String)] = []) async throws -> Page {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let jar = jars[Self.host(url)] ?? [:]
        if !jar.isEmpty { request.headers.add(name: "Cookie", value: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.encode(form)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 24))
        var updated = jar
        for header in response.headers["Set-Cookie"] {
            let first = header.split(separator: ";").first.map(String.init) ?? ""
            guard let eq = first.firstIndex(of: "=") else { continue }
            let name = String(first[..<eq])
            let value = String(first[first.index(after: eq)...])
            let expired = header.contains("Max-Age=0") || header.contains("1970")
            if expired || value.isEmpty { updated[name] = nil } else { updated[name] = value }
        }
        jars[Self.host(url)] = updated
        return Page(status: Int(response.status.code), headers: response.headers, body: body)
    }

    /// Follows redirects from `url` until a page that is not a redirect; returns every hop.
    func follow(_ url: String, limit: Int = 10) async throws -> [(url: String, page: Page)] {
        var hops: [(String, Page)] = []
        var next = url
        for _ in 0..<limit {
            let page = try await request(next)
            hops.append((next, page))
            guard (300..<400).contains(page.status), let location = page.location else { break }
            next = URL(string: location, relativeTo: URL(string: next))!.absoluteString
        }
        return hops
    }

    /// Logs in through an OAuth login form on `page` (fetched from `pageURL`); returns the URL it redirects to.
    func submitLogin(_ page: Page, at pageURL: String, user: String, password: String) async throws -> Page {
        var fields: [(String, String)] = []
        var rest = Substring(page.body)
        while let start = rest.range(of: "<input type=\"hidden\" name=\"") {
            rest = rest[start.upperBound...]
            guard let nameEnd = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<nameEnd])
            guard let valueStart = rest.range(of: "value=\"") else { break }
            rest = rest[valueStart.upperBound...]
            guard let valueEnd = rest.firstIndex(of: "\"") else { break }
            fields.append((name, Self.unescape(String(rest[..<valueEnd]))))
        }
        fields += [("username", user), ("password", password)]
        let action = URL(string: "/login", relativeTo: URL(string: pageURL))!.absoluteString
        return try await request(action, method: .POST, form: fields)
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func encode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    /// The CA of every context of a kubeconfig.
    static func clusterCAs(kubeconfig path: String) throws -> [[UInt8]] {
        let config = try KubeconfigLoader.load(path: path)
        return try config.contexts.map { try config.resolve(context: $0.name).caPEM ?? [] }.filter { !$0.isEmpty }
    }
}

extension Browser {
    func setCookies(_ cookies: [String: String], for url: String) {
        jars[Self.host(url)] = cookies
    }
}
