import Foundation
import HTTPTypes
import Hummingbird
import KubeClient
import KubeTypes
import Logging
import NIOCore
import SkoposModel

/// Kiali's authentication routes (`backend.md` §2.3, §4): `/api/authenticate`, `/api/auth/info`, `/api/logout`, and
/// for the `openshift` strategy the per-cluster `/api/auth/redirect[/{cluster}]` and `/api/auth/callback[/{cluster}]`.
/// None needs a session. Logins and callbacks are rate limited per client address (429).
enum AuthRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.post("\(prefix)api/authenticate") { request, context in await authenticate(console, request, context) }
        router.get("\(prefix)api/authenticate") { request, context in await authenticate(console, request, context) }
        router.get("\(prefix)api/auth/info") { request, _ in await info(console, request) }
        router.get("\(prefix)api/logout") { request, _ in await logout(console, request) }
        guard console.config.auth.strategy == .openshift else { return }
        router.get("\(prefix)api/auth/redirect") { request, _ in await redirect(console, request, cluster: nil) }
        router.get("\(prefix)api/auth/redirect/:cluster") { request, context in
            await redirect(console, request, cluster: pathCluster(context))
        }
        router.get("\(prefix)api/auth/callback") { request, context in await callback(console, request, context, cluster: nil) }
        router.get("\(prefix)api/auth/callback/:cluster") { request, context in
            await callback(console, request, context, cluster: pathCluster(context))
        }
    }

    static func webRoot(_ console: Console) -> String {
        var root = console.config.server.webRoot
        if !root.hasSuffix("/") { root += "/" }
        return root
    }

    /// The `{cluster}` path part, percent-decoded (links carry `PercentEncoding.encode(name)`); empty when it does not
    /// decode, which no cluster is called.
    static func pathCluster(_ context: ConsoleContext) -> String? {
        context.parameters.get("cluster").map { $0.removingPercentEncoding ?? "" }
    }

    /// A value from the request made safe for one log line: control characters escaped, at most 200 characters.
    static func loggable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(200) {
            if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// A request that changes state and names an `Origin` must come from the console's own (`backend.md` §4.9):
    /// another site cannot post a login form that plants its session in the user's browser.
    static func foreignOrigin(_ console: Console, _ request: Request) -> Bool {
        guard let origin = request.headers[HTTPField.Name("Origin")!], !origin.isEmpty else { return false }
        guard let o = URLComponents(string: origin), let host = o.host else { return true }
        let base = URLComponents(string: publicBase(console, request))
        let originPort = o.port ?? (o.scheme == "https" ? 443 : 80)
        let basePort = base?.port ?? (base?.scheme == "https" ? 443 : 80)
        return host.lowercased() != base?.host?.lowercased() || originPort != basePort
    }

    static func tooMany() -> Response {
        var r = ErrorResponse.json(.tooManyRequests, "too many login attempts")
        r.headers[.retryAfter] = "60"
        return r
    }

    // MARK: /api/authenticate

    static func authenticate(_ console: Console, _ request: Request, _ context: ConsoleContext) async -> Response {
        let auth = console.authenticator
        switch console.config.auth.strategy {
        case .anonymous:
            return Response(status: .ok)
        case .openshift, .openid:
            return ErrorResponse.json(.internalServerError, "the implicit flow is removed; log in through /api/auth/redirect")
        case .header:
            let outcome = await auth.authenticate(request)
            guard case .success(.user(let user)) = outcome.result else { return ErrorResponse.json(.unauthorized, "token is not valid or is expired") }
            return loginAnswer(expiresOn: user.expiresOn, username: user.username)
        case .token:
            break
        }
        guard request.method == .post else { return ErrorResponse.json(.internalServerError, "Internal server error") }
        guard !foreignOrigin(console, request) else { return ErrorResponse.json(.forbidden, "the login was not sent from this console's own pages") }
        guard console.loginLimiter.allows(context.clientAddress) else { return tooMany() }
        let form = APIForm.parse((try? await request.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? "")
        let token = form["token"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !token.isEmpty else { return ErrorResponse.json(.internalServerError, "Internal server error") }
        guard Authenticator.isUsableToken(token) else {
            console.loginLimiter.recordFailure(context.clientAddress)
            return ErrorResponse.json(.unauthorized, "token is not valid or is expired")
        }
        // Skopos's opt-in (backend.md §4.1 [FIX]): `cluster=` stores a session for that cluster.
        let clusterName = form["cluster"].flatMap { $0.isEmpty ? nil : $0 } ?? auth.home?.name ?? ""
        guard let cluster = console.registry.cluster(clusterName) else {
            return ErrorResponse.json(.badRequest, "cluster [\(clusterName)] is not known to this console")
        }
        let names: Set<String>
        do {
            names = try await auth.access.namespaces(cluster: cluster, token: token) { cluster.snapshot().namespaces.map(\.metadata.name) }
        } catch {
            switch error {
            case .unauthorized:
                console.loginLimiter.recordFailure(context.clientAddress)
                console.logger.info(
                    "login refused",
                    metadata: [
                        "skopos.cluster": "\(loggable(clusterName))", "skopos.client": "\(context.clientAddress)",
                        "skopos.token": "\(Authenticator.fingerprint(token))",
                    ])
                return ErrorResponse.json(.unauthorized, "token is not valid or is expired")
            case .unavailable:
                return ErrorResponse.json(.serviceUnavailable, "cluster [\(clusterName)] is unreachable; try again when it answers")
            }
        }
        guard !names.isEmpty else {
            console.loginLimiter.recordFailure(context.clientAddress)
            return ErrorResponse.json(.unauthorized, "not enough privileges to login")
        }
        let expires = Date().addingTimeInterval(TimeInterval(console.config.loginToken.expirationSeconds))
        let username = Authenticator.subject(ofJWT: token) ?? "token"
        let session = SessionData(cluster: clusterName, expiresOn: expires, token: token, sessionID: UUID().uuidString.lowercased(), strategy: "token")
        guard let cookies = auth.storeSession(session, existing: SessionCookies.all(in: request.headers), cookies: auth.cookies(for: request)) else {
            return ErrorResponse.json(.internalServerError, "the session key cannot be read")
        }
        console.logger.info(
            "login",
            metadata: [
                "skopos.user": "\(loggable(username))", "skopos.cluster": "\(loggable(clusterName))", "skopos.client": "\(context.clientAddress)",
                "skopos.token": "\(Authenticator.fingerprint(token))",
            ])
        var response = loginAnswer(expiresOn: expires, username: username)
        for c in cookies { response.headers.append(HTTPField(name: .setCookie, value: c)) }
        return response
    }

    static func loginAnswer(expiresOn: Date, username: String) -> Response {
        var w = GoJSONWriter()
        w.beginObject()
        w.member("expiresOn", RFC3339.string(expiresOn))
        w.member("username", username)
        w.endObject()
        return ErrorResponse.bytes(w.bytes)
    }

    // MARK: /api/auth/info

    static func info(_ console: Console, _ request: Request) async -> Response {
        let auth = console.authenticator
        let strategy = console.config.auth.strategy
        let base = publicBase(console, request)
        var perCluster: [(String, String)] = []
        if strategy == .openshift {
            let clusters = console.registry.clusters
            perCluster = await withTaskGroup(of: (String, String)?.self) { group in
                for cluster in clusters {
                    group.addTask {
                        guard case .success = await auth.oauth.setup(for: cluster) else { return nil }
                        return (cluster.name, base + "api/auth/redirect/" + PercentEncoding.encode(cluster.name))
                    }
                }
                var out: [(String, String)] = []
                for await entry in group { if let entry { out.append(entry) } }
                return out.sorted { $0.0 < $1.0 }
            }
        }
        var user: UserSession?
        var setCookies: [String] = []
        if strategy != .anonymous {
            let outcome = await auth.authenticate(request)
            if case .success(.user(let u)) = outcome.result { user = u }
            setCookies = outcome.setCookies
        }
        var w = GoJSONWriter()
        w.beginObject()
        if strategy == .openshift {
            w.member("authorizationEndpoint", base + "api/auth/redirect")
            w.key("authorizationEndpointPerCluster")
            w.beginObject()
            for (name, url) in perCluster { w.member(name, url) }
            w.endObject()
        }
        w.key("sessionInfo")
        w.beginObject()
        if let user {
            w.key("clusterInfo")
            w.beginObject()
            for (name, credential) in user.clusters.sorted(by: { $0.key < $1.key }) {
                w.key(name)
                w.beginObject()
                w.member("name", name)
                w.member("expiresOn", RFC3339.string(credential.expiresOn))
                w.endObject()
            }
            w.endObject()
            w.member("expiresOn", rfc1123(user.expiresOn))
            w.member("username", user.username)
        }
        w.endObject()
        w.member("strategy", strategy.rawValue)
        w.endObject()
        var response = ErrorResponse.bytes(w.bytes)
        for c in setCookies { response.headers.append(HTTPField(name: .setCookie, value: c)) }
        return response
    }

    /// RFC 1123 with a numeric zone, as Kiali writes `sessionInfo.expiresOn`.
    static func rfc1123(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// The console's public URL with the web root and a trailing slash: `server.web_schema`, `web_fqdn` and
    /// `web_port` where set, else what the request came to (`X-Forwarded-*`, then `Host`).
    static func publicBase(_ console: Console, _ request: Request) -> String {
        let server = console.config.server
        let forwardedProto = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var scheme = console.config.identity.servesHTTPS ? "https" : "http"
        if let forwardedProto, forwardedProto == "http" || forwardedProto == "https" { scheme = forwardedProto }
        if !server.webSchema.isEmpty { scheme = server.webSchema }
        var host = request.headers[HTTPField.Name("X-Forwarded-Host")!]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? request.head.authority ?? "localhost"
        // Only `host[:port]`: a header cannot turn the advertised login links into something else.
        if !host.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-.:[]".unicodeScalars.contains($0) }) || host.isEmpty {
            host = request.head.authority ?? "localhost"
        }
        if !server.webFQDN.isEmpty {
            host = server.webFQDN + (server.webPort.isEmpty ? "" : ":\(server.webPort)")
        }
        return "\(scheme)://\(host)\(webRoot(console))"
    }

    // MARK: /api/logout

    static func logout(_ console: Console, _ request: Request) async -> Response {
        let auth = console.authenticator
        let existing = SessionCookies.all(in: request.headers)
        let (sessions, stale) = auth.sessions(in: request.headers)
        var failures: [String] = []
        for (name, session) in sessions {
            await auth.access.forget(cluster: name, token: session.token)
            await auth.oauth.forget(cluster: name, token: session.token)
            guard console.config.auth.strategy == .openshift, let cluster = console.registry.cluster(name) else { continue }
            do {
                try await OpenShiftOAuth.deleteToken(session.token, connection: cluster.connection)
            } catch {
                failures.append("\(name): \(error.message)")
            }
        }
        var deletions = stale
        let cookies = auth.cookies(for: request)
        for name in sessions.keys { deletions += cookies.deleteSession(cluster: name, existing: existing) }
        if !sessions.isEmpty { console.logger.info("logout", metadata: ["skopos.clusters": "\(sessions.keys.sorted().map(loggable).joined(separator: ","))"]) }
        var response =
            failures.isEmpty
            ? Response(status: .noContent)
            : ErrorResponse.json(.internalServerError, "Could not log out of OpenShift: " + failures.sorted().joined(separator: "; "))
        for c in deletions { response.headers.append(HTTPField(name: .setCookie, value: c)) }
        return response
    }

    // MARK: OpenShift login flow

    /// `GET /api/auth/redirect[/{cluster}]`: to the cluster's authorize endpoint with a PKCE challenge and a state;
    /// the verifier (sealed) and the state wait in the cluster's flow cookies.
    static func redirect(_ console: Console, _ request: Request, cluster name: String?) async -> Response {
        let auth = console.authenticator
        let clusterName = name ?? auth.home?.name ?? ""
        guard let cluster = console.registry.cluster(clusterName) else {
            return ErrorResponse.json(.notFound, "cluster [\(clusterName)] is not known to this console")
        }
        let setup: OpenShiftOAuth.Setup
        switch await auth.oauth.setup(for: cluster) {
        case .success(let s): setup = s
        case .failure(let e): return ErrorResponse.json(.serviceUnavailable, "cannot log in to cluster [\(clusterName)]: \(e.description)")
        }
        guard let cipher = auth.signingKey.cipher() else { return ErrorResponse.json(.internalServerError, "the session key cannot be read") }
        let (verifier, challenge) = OpenShiftOAuth.pkce()
        let state = Base64URL.encode((0..<24).map { _ in UInt8.random(in: 0...255) })
        let query = [
            ("client_id", setup.clientID), ("redirect_uri", setup.redirectURI), ("response_type", "code"), ("scope", "user:full"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("state", state),
        ].map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        var response = Response(status: .found, headers: [.location: setup.authorizeURL + (setup.authorizeURL.contains("?") ? "&" : "?") + query])
        let lifetime: TimeInterval = 600
        let cookies = auth.cookies(for: request)
        response.headers.append(HTTPField(name: .setCookie, value: cookies.flow(clusterName, .pkce, cipher.seal(Array(verifier.utf8)), lifetime: lifetime)))
        response.headers.append(HTTPField(name: .setCookie, value: cookies.flow(clusterName, .nonce, state, lifetime: lifetime)))
        return response
    }

    /// `GET /api/auth/callback[/{cluster}]?code=&state=`: checks the state, exchanges the code with the verifier at
    /// that cluster's token endpoint, checks the token with the cluster, stores the session, and returns to the
    /// console; failures return with `?openshift_error=<message>&cluster=<cluster>`.
    static func callback(_ console: Console, _ request: Request, _ context: ConsoleContext, cluster name: String?) async -> Response {
        let auth = console.authenticator
        let clusterName = name ?? auth.home?.name ?? ""
        let existing = SessionCookies.all(in: request.headers)
        let cookies = auth.cookies(for: request)
        var flowDeletions = [cookies.delete(SessionCookies.name(clusterName, .nonce)), cookies.delete(SessionCookies.name(clusterName, .pkce))]
        func fail(_ message: String) -> Response {
            console.loginLimiter.recordFailure(context.clientAddress)
            console.logger.info(
                "login failed",
                metadata: ["skopos.cluster": "\(loggable(clusterName))", "skopos.client": "\(context.clientAddress)", "error.type": "\(loggable(message))"])
            let location = webRoot(console) + "?openshift_error=" + PercentEncoding.encode(message) + "&cluster=" + PercentEncoding.encode(clusterName)
            var r = Response(status: .found, headers: [.location: location])
            for c in flowDeletions { r.headers.append(HTTPField(name: .setCookie, value: c)) }
            return r
        }
        guard console.loginLimiter.allows(context.clientAddress) else { return tooMany() }
        let query = request.uri.queryParameters
        if let error = query.get("error") {
            return fail("the OAuth server of cluster \(clusterName) answered: \(query.get("error_description") ?? error)")
        }
        guard let cluster = console.registry.cluster(clusterName) else { return fail("cluster \(clusterName) is not known to this console") }
        guard let code = query.get("code"), !code.isEmpty else { return fail("the callback has no authorization code") }
        guard let cipher = auth.signingKey.cipher() else { return fail("the session key cannot be read") }
        guard let state = existing[SessionCookies.name(clusterName, .nonce)], !state.isEmpty, query.get("state") == state,
            let sealed = existing[SessionCookies.name(clusterName, .pkce)], let verifierBytes = cipher.open(sealed)
        else {
            return fail("the login to cluster \(clusterName) was not started here or took too long; log in again")
        }
        guard case .success(let setup) = await auth.oauth.setup(for: cluster) else { return fail("cluster \(clusterName) is not set up for login") }
        let token: String
        let expiresIn: Int
        do {
            (token, expiresIn) = try await OpenShiftOAuth.exchange(
                code: code, verifier: String(decoding: verifierBytes, as: UTF8.self), setup: setup, connection: cluster.connection)
        } catch {
            return fail(error.description)
        }
        let username: String
        do {
            username = try await auth.oauth.username(token: token, connection: cluster.connection)
        } catch {
            return fail("cluster \(clusterName) does not accept the new token: \(error.message)")
        }
        let session = SessionData(
            cluster: clusterName, expiresOn: Date().addingTimeInterval(TimeInterval(expiresIn)), token: token, sessionID: UUID().uuidString.lowercased(),
            strategy: "openshift")
        guard let sessionCookies = auth.storeSession(session, existing: existing, cookies: cookies) else { return fail("the session key cannot be read") }
        console.logger.info(
            "login",
            metadata: [
                "skopos.user": "\(loggable(username))", "skopos.cluster": "\(loggable(clusterName))", "skopos.client": "\(context.clientAddress)",
                "skopos.token": "\(Authenticator.fingerprint(token))",
            ])
        flowDeletions += sessionCookies
        var response = Response(status: .found, headers: [.location: webRoot(console)])
        for c in flowDeletions { response.headers.append(HTTPField(name: .setCookie, value: c)) }
        return response
    }
}

/// A form body or query string (`a=1&b=2`), `+` as space, percent-decoded; the last of repeated names wins.
enum APIForm {
    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }
}
