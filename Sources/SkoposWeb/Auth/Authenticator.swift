import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import KubeClient
import KubeTypes
import Logging
import SkoposModel

/// Finds who is asking (`backend.md` §4.3): for `anonymous` nobody needs to; for `token` and `openshift` the session
/// cookies, each opened, checked for its strategy and expiry, and checked with its own cluster; for `header` the
/// trusted proxy's bearer token. Answers with the viewer and the cookies to delete.
final class Authenticator: Sendable {
    let strategy: KialiConfig.Auth.Strategy
    let registry: ClusterRegistry
    let signingKey: SigningKey
    let cookies: SessionCookies
    let access: NamespaceAccess
    let oauth: OpenShiftOAuth
    let logger: Logger

    init(
        strategy: KialiConfig.Auth.Strategy, registry: ClusterRegistry, signingKey: SigningKey, cookies: SessionCookies, oauthClientName: String,
        logger: Logger
    ) {
        self.strategy = strategy
        self.registry = registry
        self.signingKey = signingKey
        self.cookies = cookies
        self.access = NamespaceAccess()
        self.oauth = OpenShiftOAuth(clientName: oauthClientName, logger: logger)
        self.logger = logger
    }

    /// What authentication found.
    struct Outcome: Sendable {
        /// The viewer, or the status to answer with (401, 403, 500).
        var result: Result<Viewer, Refusal>
        /// `Set-Cookie` values for the response: deletions of sessions that are expired, altered or refused.
        var setCookies: [String]
    }

    struct Refusal: Error, Sendable {
        var status: HTTPResponse.Status
        var reason: String
    }

    var home: ClusterCache? { registry.clusters.first(where: \.isHome) }

    /// The sessions in a request's cookies that open with the current key, match the strategy and have not expired,
    /// by cluster; and the cookies to delete (expired or of another strategy). Cookies that do not open are skipped,
    /// not deleted, since they may belong to another console on the same host.
    func sessions(in headers: HTTPFields, now: Date = Date()) -> (valid: [String: SessionData], delete: [String]) {
        let all = SessionCookies.all(in: headers)
        guard let cipher = signingKey.cipher() else { return ([:], []) }
        var valid: [String: SessionData] = [:]
        var delete: [String] = []
        for (cluster, sealed) in SessionCookies.sessions(in: all) {
            guard let plain = cipher.open(sealed), let session = SessionData.decode(plain), session.cluster == cluster else { continue }
            guard session.strategy == strategy.rawValue, session.expiresOn > now else {
                delete += cookies.deleteSession(cluster: cluster, existing: all)
                continue
            }
            valid[cluster] = session
        }
        return (valid, delete)
    }

    func authenticate(_ request: Request) async -> Outcome {
        switch strategy {
        case .anonymous:
            return Outcome(result: .success(.anonymous), setCookies: [])
        case .header:
            return await authenticateHeader(request)
        case .token, .openshift, .openid:
            return await authenticateSessions(request)
        }
    }

    private func unauthorized(_ reason: String, delete: [String]) -> Outcome {
        Outcome(result: .failure(Refusal(status: .unauthorized, reason: reason)), setCookies: delete)
    }

    /// `header`: the proxy's `Authorization: Bearer` on every request, for the home cluster, acting as the user and
    /// groups of its `Impersonate-User` and `Impersonate-Group` headers when it sends them (`backend.md` §4.4).
    private func authenticateHeader(_ request: Request) async -> Outcome {
        guard let token = Self.bearer(request.headers), let home else { return unauthorized("no bearer token", delete: []) }
        let user = request.headers[HTTPField.Name("Impersonate-User")!].flatMap { $0.isEmpty ? nil : $0 }
        // Repeated headers, or one a proxy joined with commas.
        let groups = request.headers[values: HTTPField.Name("Impersonate-Group")!].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let credential = ClusterCredential(token: token, expiresOn: Date().addingTimeInterval(3600), impersonate: user.map { ($0, groups) })
        guard Self.isUsableToken(token), (user ?? "").utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
            return unauthorized("the token or the impersonated user holds characters they cannot", delete: [])
        }
        do {
            let names = try await access.namespaces(cluster: home, credentials: credential.requestCredentials) {
                home.snapshot().namespaces.map(\.metadata.name)
            }
            if user != nil && names.isEmpty {
                return Outcome(result: .failure(Refusal(status: .forbidden, reason: "the impersonated user may see no namespace")), setCookies: [])
            }
        } catch {
            switch error {
            case .unauthorized: return unauthorized("cluster \(home.name) refused the token", delete: [])
            case .unavailable:
                return Outcome(result: .failure(Refusal(status: .serviceUnavailable, reason: "cluster \(home.name) cannot check the token now")), setCookies: [])
            }
        }
        let name = user ?? Self.subject(ofJWT: token) ?? "header"
        return Outcome(
            result: .success(.user(UserSession(username: name, sessionID: "", expiresOn: credential.expiresOn, clusters: [home.name: credential]))),
            setCookies: [])
    }

    /// `token` and `openshift`: a valid home session is required; other clusters' sessions count where their cluster
    /// still accepts them, and are deleted where it refuses them (that cluster only). OpenShift also takes a bearer
    /// token (header or `oauth_token` parameter) for the home cluster, without a cookie.
    private func authenticateSessions(_ request: Request) async -> Outcome {
        guard let home else { return unauthorized("no home cluster", delete: []) }
        if strategy == .openshift, let token = Self.bearer(request.headers) ?? request.uri.queryParameters.get("oauth_token").flatMap({ $0.isEmpty ? nil : $0 }) {
            switch await check(token: token, on: home, strict: true) {
            case .success(let name):
                let far = Date().addingTimeInterval(3600)
                return Outcome(
                    result: .success(.user(UserSession(username: name, sessionID: "", expiresOn: far, clusters: [home.name: ClusterCredential(token: token, expiresOn: far)]))),
                    setCookies: [])
            case .failure(let refusal):
                return Outcome(result: .failure(refusal), setCookies: [])
            }
        }
        let existing = SessionCookies.all(in: request.headers)
        var (sessions, delete) = sessions(in: request.headers)
        guard let homeSession = sessions[home.name] else {
            return unauthorized("no valid session for the home cluster \(home.name)", delete: delete)
        }
        // Check each cluster's session with its cluster, in parallel.
        let clusters = sessions.keys.compactMap { registry.cluster($0) }
        let checks = await withTaskGroup(of: (String, Result<String, Refusal>).self) { group in
            for cluster in clusters {
                let token = sessions[cluster.name]!.token
                group.addTask { (cluster.name, await self.check(token: token, on: cluster)) }
            }
            var out: [String: Result<String, Refusal>] = [:]
            for await (name, result) in group { out[name] = result }
            return out
        }
        var credentials: [String: ClusterCredential] = [:]
        var username = ""
        for (name, result) in checks {
            let session = sessions[name]!
            switch result {
            case .success(let user):
                credentials[name] = ClusterCredential(token: session.token, expiresOn: session.expiresOn)
                if name == home.name { username = user }
            case .failure(let refusal) where refusal.status == .unauthorized:
                delete += cookies.deleteSession(cluster: name, existing: existing)
                sessions[name] = nil
                if name == home.name { return unauthorized(refusal.reason, delete: delete) }
            case .failure(let refusal):
                if name == home.name { return Outcome(result: .failure(refusal), setCookies: delete) }
            }
        }
        let user = UserSession(username: username, sessionID: homeSession.sessionID, expiresOn: homeSession.expiresOn, clusters: credentials)
        return Outcome(result: .success(.user(user)), setCookies: delete)
    }

    /// Whether a cluster accepts a token, and whose it is. OpenShift asks `users/~`; the other strategies list the
    /// namespaces the token may see (Kiali's check) and name the user after the token's subject.
    ///
    /// A session this console sealed after the cluster accepted it keeps counting while its cluster does not answer
    /// (the cluster cannot refuse it, and shows nothing meanwhile). A token that arrives in the request itself
    /// (`strict`: a bearer header, `oauth_token`, the `header` strategy) counts only when the cluster says yes: any
    /// other answer is a 503, never a login.
    func check(token: String, on cluster: ClusterCache, strict: Bool = false) async -> Result<String, Refusal> {
        guard Self.isUsableToken(token) else { return .failure(Refusal(status: .unauthorized, reason: "the token holds characters a token cannot")) }
        func unavailable(_ why: String) -> Refusal {
            Refusal(status: .serviceUnavailable, reason: "cluster \(cluster.name) cannot check the token now: \(why)")
        }
        if strategy == .openshift {
            do {
                return .success(try await oauth.username(token: token, connection: cluster.connection))
            } catch {
                switch error.kind {
                case .unauthorized: return .failure(Refusal(status: .unauthorized, reason: "cluster \(cluster.name) refused the session's token"))
                case .forbidden: return .failure(Refusal(status: .forbidden, reason: "cluster \(cluster.name) forbids the token to read its user"))
                default: return strict ? .failure(unavailable(error.kind.description)) : .success("")
                }
            }
        }
        do {
            _ = try await access.namespaces(cluster: cluster, token: token) { cluster.snapshot().namespaces.map(\.metadata.name) }
        } catch {
            switch error {
            case .unauthorized: return .failure(Refusal(status: .unauthorized, reason: "cluster \(cluster.name) refused the token"))
            case .unavailable: if strict { return .failure(unavailable("no answer")) }
            }
        }
        return .success(Self.subject(ofJWT: token) ?? "token")
    }

    /// Tokens are visible ASCII (RFC 6750 `b64token` and more); anything else is refused before it reaches a header.
    static func isUsableToken(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 16 * 1024 && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// `Authorization: Bearer <token>`.
    static func bearer(_ headers: HTTPFields) -> String? {
        guard let value = headers[.authorization], value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
        let token = value.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// A JWT's `sub` without `system:serviceaccount:` (Kiali's user name for a token); `nil` for other tokens.
    static func subject(ofJWT token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])), let claims = try? JSONParser.parse(payload),
            let sub = claims["sub"]?.stringValue
        else { return nil }
        return sub.hasPrefix("system:serviceaccount:") ? String(sub.dropFirst("system:serviceaccount:".count)) : sub
    }

    /// The cookie settings for one request: `Secure` also when a TLS-terminating proxy in front says the browser used
    /// HTTPS (`X-Forwarded-Proto: https`), so session cookies never travel in clear text afterwards.
    func cookies(for request: Request) -> SessionCookies {
        var c = cookies
        let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces)
        if proto?.lowercased() == "https" { c.secure = true }
        return c
    }

    /// Seals a session into `Set-Cookie` values.
    func storeSession(_ session: SessionData, existing: [String: String], cookies: SessionCookies) -> [String]? {
        guard let cipher = signingKey.cipher() else { return nil }
        return cookies.store(cipher.seal(session.encoded()), cluster: session.cluster, expires: session.expiresOn, existing: existing)
    }

    /// The first 16 hex characters of a token's SHA-256, for audit lines (never the token).
    static func fingerprint(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
