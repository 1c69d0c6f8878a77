import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import KubeTypes
import NIOCore
import SkoposModel

/// Why an OAuth request was refused.
struct OAuthError: Error {
    var message: String
}

/// OpenShift's OAuth server, as far as a console needs it: server metadata, the authorize endpoint with a login
/// form (or Basic credentials for challenging clients), authorization codes with PKCE, implicit tokens, and the token
/// endpoint. Clients are `OAuthClient` objects; tokens are stored as `OAuthAccessToken` objects.
struct OAuthServer {
    let cluster: SimCluster

    var baseURL: String { cluster.endpoints?.oauthURL ?? cluster.endpoints?.apiURL ?? "https://127.0.0.1" }

    func metadata() -> JSONValue {
        [
            "issuer": .string(baseURL),
            "authorization_endpoint": .string(baseURL + "/oauth/authorize"),
            "token_endpoint": .string(baseURL + "/oauth/token"),
            "scopes_supported": ["user:check-access", "user:full", "user:info", "user:list-projects", "user:list-scoped-projects"],
            "response_types_supported": ["code", "token"],
            "grant_types_supported": ["authorization_code", "implicit"],
            "code_challenge_methods_supported": ["plain", "S256"],
        ]
    }

    func handle(method: String, path: String, query: [String: String], headers: HTTPFields, body: [UInt8]) -> Response {
        switch (method, path) {
        case ("GET", "/oauth/authorize"):
            return authorize(query, headers: headers)
        case ("POST", "/login"), ("POST", "/oauth/authorize"):
            let form = APIRequest.parseQuery(String(decoding: body, as: UTF8.self))
            return login(form, headers: headers)
        case ("POST", "/oauth/token"):
            let form = APIRequest.parseQuery(String(decoding: body, as: UTF8.self))
            return token(form, headers: headers)
        case ("GET", "/oauth/token/request"):
            return html(status: 200, "<p>Use <code>oc login</code> with a username and password against this simulated cluster.</p>")
        default:
            return APIResponder.error(.notFoundPath())
        }
    }

    // MARK: authorize

    struct AuthorizeRequest {
        var clientID: String
        var redirectURI: String
        var responseType: String
        var state: String
        var scope: String
        var codeChallenge: String
        var codeChallengeMethod: String

        init(_ q: [String: String]) {
            clientID = q["client_id"] ?? ""
            redirectURI = q["redirect_uri"] ?? ""
            responseType = q["response_type"] ?? "code"
            state = q["state"] ?? ""
            scope = q["scope"] ?? "user:full"
            codeChallenge = q["code_challenge"] ?? ""
            codeChallengeMethod = q["code_challenge_method"] ?? (q["code_challenge"] == nil ? "" : "plain")
        }

        var fields: [(String, String)] {
            [
                ("client_id", clientID), ("redirect_uri", redirectURI), ("response_type", responseType), ("state", state),
                ("scope", scope), ("code_challenge", codeChallenge), ("code_challenge_method", codeChallengeMethod),
            ]
        }
    }

    /// The stored client, when the request names a known client and an allowed redirect URI.
    func validate(_ a: AuthorizeRequest) -> Result<JSONValue, OAuthError> {
        guard !a.clientID.isEmpty else { return .failure(OAuthError(message: "client_id is required")) }
        guard let client = cluster.storage.get(GroupResource(group: "oauth.openshift.io", resource: "oauthclients"), ObjectKey(namespace: "", name: a.clientID)) else {
            return .failure(OAuthError(message: "the OAuth client \"\(a.clientID)\" is not registered on cluster \(cluster.name)"))
        }
        guard a.responseType == "code" || a.responseType == "token" else {
            return .failure(OAuthError(message: "unsupported response_type \"\(a.responseType)\""))
        }
        if a.responseType == "code" && a.redirectURI.isEmpty { return .failure(OAuthError(message: "redirect_uri is required")) }
        let allowed = client.object["redirectURIs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !a.redirectURI.isEmpty && !allowed.contains(where: { Self.redirectMatches(a.redirectURI, allowed: $0) }) {
            return .failure(OAuthError(message: "the redirect_uri \"\(a.redirectURI)\" is not allowed for client \"\(a.clientID)\""))
        }
        if let bad = a.scope.split(separator: " ").map(String.init).first(where: { !Self.validScope($0) }) {
            return .failure(OAuthError(message: "the scope \"\(bad)\" is not supported (supported: user:full, user:info, user:check-access, user:list-projects, user:list-scoped-projects, role:<role>:<namespace>)"))
        }
        return .success(client.object)
    }

    /// OpenShift's rule: the same scheme, host and port (default ports made explicit), and the requested path, with
    /// its dot segments resolved, equal to the allowed path or under it (`/cb` allows `/cb` and `/cb/east`, not
    /// `/cbx` or `/cb/../evil`). No user info.
    static func redirectMatches(_ requested: String, allowed: String) -> Bool {
        guard let r = URLComponents(string: requested), let a = URLComponents(string: allowed), r.user == nil, r.password == nil else { return false }
        guard let rs = r.scheme?.lowercased(), rs == a.scheme?.lowercased(), let rh = r.host?.lowercased(), rh == a.host?.lowercased() else { return false }
        func port(_ c: URLComponents, _ scheme: String) -> Int? { c.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil) }
        guard port(r, rs) == port(a, rs) else { return false }
        let requestedPath = resolveDotSegments(r.percentEncodedPath)
        let allowedPath = resolveDotSegments(a.percentEncodedPath)
        if allowedPath.isEmpty || allowedPath == "/" { return true }
        if requestedPath == allowedPath { return true }
        let prefix = allowedPath.hasSuffix("/") ? allowedPath : allowedPath + "/"
        return requestedPath.hasPrefix(prefix)
    }

    /// RFC 3986 §5.2.4 on a path (percent-encoded dots count as dots).
    static func resolveDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let decodedDots = path.replacingOccurrences(of: "%2e", with: ".", options: .caseInsensitive)
        for segment in decodedDots.split(separator: "/", omittingEmptySubsequences: false) {
            if segment == "." { continue }
            if segment == ".." {
                if out.count > 1 { out.removeLast() }
                continue
            }
            out.append(segment)
        }
        return out.joined(separator: "/")
    }

    /// The scopes OpenShift's OAuth server grants: the `user:` scopes and `role:<role>:<namespace>[:!]`.
    static func validScope(_ scope: String) -> Bool {
        if ["user:full", "user:info", "user:check-access", "user:list-projects", "user:list-scoped-projects"].contains(scope) { return true }
        let parts = scope.split(separator: ":", omittingEmptySubsequences: false)
        return parts.first == "role" && (parts.count == 3 || (parts.count == 4 && parts[3] == "!")) && !parts[1].isEmpty && !parts[2].isEmpty
    }

    func authorize(_ q: [String: String], headers: HTTPFields) -> Response {
        let a = AuthorizeRequest(q)
        if case .failure(let failure) = validate(a) {
            let message = failure.message
            return html(status: 400, "<h1>Error</h1><p class=\"error\">\(escape(message))</p>")
        }
        if let parts = Self.basicCredentials(headers) {
            // OpenShift's challenge flow: Basic credentials count only with an X-CSRF-Token header, which a browser
            // cannot be made to send across sites.
            guard let csrf = headers[Self.csrfHeader], !csrf.isEmpty else {
                return html(status: 400, "<h1>Error</h1><p class=\"error\">Basic credentials need an X-CSRF-Token header at /oauth/authorize</p>")
            }
            if let throttled = throttle(parts.first ?? "") { return throttled }
            if parts.count == 2, let user = checkCredentials(parts[0], parts[1]) {
                return grant(a, user: user)
            }
            var h = HTTPFields()
            h[.wwwAuthenticate] = "Basic realm=\"openshift\""
            return Response(status: .unauthorized, headers: h, body: .init())
        }
        return loginForm(a, error: nil)
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let csrfCookie = "skopos-oauth-csrf"

    /// 429 while a user is locked out after repeated wrong passwords; `nil` otherwise.
    func throttle(_ user: String) -> Response? {
        guard let wait = cluster.oauth.lockout(user: user) else { return nil }
        let seconds = Int(wait.rounded(.up))
        var h = HTTPFields()
        h[.retryAfter] = String(seconds)
        h[.contentType] = "text/html; charset=utf-8"
        return Response(
            status: .tooManyRequests, headers: h,
            body: .init(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><p class=\"error\">Too many failed logins for this user; try again in \(seconds) s.</p>")))
    }

    func login(_ form: [String: String], headers: HTTPFields) -> Response {
        let a = AuthorizeRequest(form)
        if case .failure(let failure) = validate(a) {
            let message = failure.message
            return html(status: 400, "<h1>Error</h1><p class=\"error\">\(escape(message))</p>")
        }
        // The form's token must be the one in the cookie set with the form (double submit): another site cannot
        // post this form for the user.
        let cookie = Self.cookie(Self.csrfCookie, in: headers)
        guard let token = form["csrf"], !token.isEmpty, let cookie, Array(SHA256.hash(data: Data(token.utf8))) == Array(SHA256.hash(data: Data(cookie.utf8))) else {
            return html(status: 403, "<h1>Error</h1><p class=\"error\">The login form has expired or was not sent from this server; reload the login page.</p>")
        }
        let name = form["username"] ?? ""
        if let throttled = throttle(name) { return throttled }
        guard let user = checkCredentials(name, form["password"] ?? "") else {
            return loginForm(a, error: "Invalid login or password. Please try again.")
        }
        return grant(a, user: user)
    }

    /// A cookie's value from the `Cookie` headers.
    static func cookie(_ name: String, in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2, kv[0] == name { return kv[1] }
            }
        }
        return nil
    }

    /// The `user:password` of a Basic `Authorization` header, split at the first colon; `nil` without one.
    static func basicCredentials(_ headers: HTTPFields) -> [String]? {
        guard let basic = headers[.authorization], basic.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) })
        else { return nil }
        return decoded.split(separator: ":", maxSplits: 1).map(String.init)
    }

    func checkCredentials(_ name: String, _ password: String) -> String? {
        guard let user = cluster.options.users.first(where: { $0.name == name }) else {
            cluster.oauth.recordFailure(user: name)
            return nil
        }
        let a = Array(SHA256.hash(data: Data(user.password.utf8)))
        let b = Array(SHA256.hash(data: Data(password.utf8)))
        guard a == b else {
            cluster.oauth.recordFailure(user: name)
            return nil
        }
        cluster.oauth.recordSuccess(user: name)
        return user.name
    }

    /// Redirects back to the client with a code (or, for `response_type=token`, a token in the fragment).
    func grant(_ a: AuthorizeRequest, user: String) -> Response {
        var target: String
        if a.responseType == "token" {
            let (token, expiresIn) = issueToken(user: user, clientID: a.clientID, scope: a.scope, redirectURI: a.redirectURI)
            target = a.redirectURI + "#" + formEncode([("access_token", token), ("token_type", "Bearer"), ("expires_in", String(expiresIn)), ("scope", a.scope), ("state", a.state)])
        } else {
            let code = cluster.oauth.issueCode(
                .init(user: user, clientID: a.clientID, redirectURI: a.redirectURI, codeChallenge: a.codeChallenge, codeChallengeMethod: a.codeChallengeMethod, expires: Date().addingTimeInterval(300))
            )
            target = a.redirectURI + (a.redirectURI.contains("?") ? "&" : "?") + formEncode([("code", code), ("state", a.state)])
        }
        var h = HTTPFields()
        h[.location] = target
        return Response(status: .found, headers: h, body: .init())
    }

    func issueToken(user: String, clientID: String, scope: String, redirectURI: String) -> (String, Int) {
        let token = "sha256~" + randomToken(bytes: 32)
        let client = cluster.storage.get(GroupResource(group: "oauth.openshift.io", resource: "oauthclients"), ObjectKey(namespace: "", name: clientID))?.object
        let expiresIn = client?["accessTokenMaxAgeSeconds"]?.intValue ?? 86400
        let object: JSONValue = [
            "apiVersion": "oauth.openshift.io/v1", "kind": "OAuthAccessToken",
            "metadata": ["name": .string(OAuthState.objectName(forToken: token))],
            "clientName": .string(clientID), "userName": .string(user),
            "userUID": .string(cluster.storage.get(GroupResource(group: "user.openshift.io", resource: "users"), ObjectKey(namespace: "", name: user))?.uid ?? ""),
            "expiresIn": .int(expiresIn), "scopes": .array(scope.split(separator: " ").map { .string(String($0)) }), "redirectURI": .string(redirectURI),
        ]
        let key = ObjectKey(namespace: "", name: OAuthState.objectName(forToken: token))
        _ = try? cluster.storage.modify(GroupResource(group: "oauth.openshift.io", resource: "oauthaccesstokens"), key) { _ in .put(object) }
        return (token, expiresIn)
    }

    // MARK: token

    func token(_ form: [String: String], headers: HTTPFields) -> Response {
        func fail(_ error: String, _ description: String, status: Int = 400) -> Response {
            APIResponder.json(["error": .string(error), "error_description": .string(description)], status: status)
        }
        var clientID = form["client_id"] ?? ""
        var clientSecret = form["client_secret"] ?? ""
        if let parts = Self.basicCredentials(headers), parts.count == 2 {
            clientID = parts[0].removingPercentEncoding ?? parts[0]
            clientSecret = parts[1].removingPercentEncoding ?? parts[1]
        }
        guard form["grant_type"] == "authorization_code" else {
            return fail("unsupported_grant_type", "only the authorization_code grant is supported")
        }
        guard let client = cluster.storage.get(GroupResource(group: "oauth.openshift.io", resource: "oauthclients"), ObjectKey(namespace: "", name: clientID)) else {
            return fail("invalid_client", "unknown client \"\(clientID)\"", status: 401)
        }
        if let secret = client.object["secret"]?.stringValue, !secret.isEmpty, secret != clientSecret {
            return fail("invalid_client", "client authentication failed", status: 401)
        }
        guard let code = form["code"], let pending = cluster.oauth.redeem(code) else {
            return fail("invalid_grant", "the authorization code is invalid, expired or already used")
        }
        guard pending.clientID == clientID else { return fail("invalid_grant", "the code was issued to another client") }
        if let redirect = form["redirect_uri"], !redirect.isEmpty, redirect != pending.redirectURI {
            return fail("invalid_grant", "redirect_uri does not match the authorization request")
        }
        if !pending.codeChallenge.isEmpty {
            let verifier = form["code_verifier"] ?? ""
            let computed = pending.codeChallengeMethod == "S256" ? Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8)))) : verifier
            guard computed == pending.codeChallenge else { return fail("invalid_grant", "code_verifier does not match the code challenge") }
        }
        let (token, expiresIn) = issueToken(user: pending.user, clientID: clientID, scope: "user:full", redirectURI: pending.redirectURI)
        return APIResponder.json(["access_token": .string(token), "token_type": "Bearer", "expires_in": .int(expiresIn), "scope": "user:full"])
    }

    // MARK: HTML

    func loginForm(_ a: AuthorizeRequest, error: String?) -> Response {
        let csrf = randomToken(bytes: 24)
        let hidden = (a.fields + [("csrf", csrf)]).map { "<input type=\"hidden\" name=\"\(escape($0.0))\" value=\"\(escape($0.1))\">" }.joined(separator: "\n")
        let errorHTML = error.map { "<p class=\"error\" id=\"error\">\(escape($0))</p>" } ?? ""
        return html(
            status: 200,
            """
            <h1>Log in to \(escape(cluster.name))</h1>
            \(errorHTML)
            <form method="POST" action="/login">
            \(hidden)
            <label>Username <input type="text" name="username" id="inputUsername" autofocus></label>
            <label>Password <input type="password" name="password" id="inputPassword"></label>
            <button type="submit" id="login">Log in</button>
            </form>
            """,
            cookie: "\(Self.csrfCookie)=\(csrf); Path=/; HttpOnly; Secure; SameSite=Strict"
        )
    }

    func html(status: Int, _ body: String, cookie: String? = nil) -> Response {
        let page = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Log in · \(escape(cluster.name))</title>
            <style>body{font-family:sans-serif;max-width:24rem;margin:4rem auto}label{display:block;margin:.5rem 0}
            .error{color:#c9190b}</style></head><body>\(body)</body></html>
            """
        var response = APIResponder.text(page, status: status, contentType: "text/html; charset=utf-8")
        if let cookie { response.headers[.setCookie] = cookie }
        return response
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
    }
}
