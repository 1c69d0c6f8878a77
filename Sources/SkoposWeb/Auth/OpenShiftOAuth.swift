import Crypto
import Foundation
import KubeClient
import KubeTypes
import Logging
import NIOHTTP1
import SkoposModel

/// The OpenShift strategy's view of each cluster's OAuth server (`backend.md` §4.6): its endpoints (from the API
/// server's `/.well-known/oauth-authorization-server`), the console's OAuthClient there
/// (`<deployment.instance_name>-<deployment.namespace>`: the first `redirectURIs` entry is where that cluster sends
/// the browser back, `accessTokenMaxAgeSeconds` the session lifetime), the code exchange, who a token belongs to, and
/// token deletion on logout.
///
/// Set-up is asked for on use and kept 5 minutes; a cluster whose set-up fails is left out of the login choices and
/// asked again after 30 s, never stopping the console (`backend.md` §5.7).
actor OpenShiftOAuth {
    /// One cluster's OAuth settings.
    struct Setup: Sendable, Equatable {
        var authorizeURL: String
        var tokenURL: String
        var clientID: String
        var redirectURI: String
        var maxAgeSeconds: Int
    }

    struct SetupError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    let clientName: String
    let logger: Logger
    private var setups: [String: (result: Result<Setup, SetupError>, at: ContinuousClock.Instant)] = [:]
    private var users: [NamespaceAccess.Key: (name: String, at: ContinuousClock.Instant)] = [:]

    init(clientName: String, logger: Logger) {
        self.clientName = clientName
        self.logger = logger
    }

    /// The cluster's OAuth set-up, from memory when fresh.
    func setup(for cluster: ClusterCache) async -> Result<Setup, SetupError> {
        let now = ContinuousClock.now
        if let cached = setups[cluster.name] {
            switch cached.result {
            case .success where now - cached.at < .seconds(300): return cached.result
            case .failure where now - cached.at < .seconds(30): return cached.result
            default: break
            }
        }
        let result = await Self.discover(cluster.connection, clientName: clientName)
        if case .failure(let e) = result, (try? setups[cluster.name]?.result.get()) != nil || setups[cluster.name] == nil {
            logger.warning("OpenShift OAuth set-up failed; the cluster is not offered for login", metadata: ["skopos.cluster": "\(cluster.name)", "error.type": "\(e)"])
        }
        setups[cluster.name] = (result, now)
        return result
    }

    static func discover(_ connection: KubeConnection, clientName: String) async -> Result<Setup, SetupError> {
        let cluster = connection.clusterName
        let metadata: JSONValue
        do {
            metadata = try JSONParser.parse(try await connection.send(.GET, "/.well-known/oauth-authorization-server", timeout: .seconds(5)))
        } catch {
            return .failure(SetupError(description: "cluster \(cluster): the OAuth server metadata (/.well-known/oauth-authorization-server) cannot be read: \(error)"))
        }
        guard let authorize = metadata["authorization_endpoint"]?.stringValue, let token = metadata["token_endpoint"]?.stringValue else {
            return .failure(SetupError(description: "cluster \(cluster): the OAuth server metadata has no authorization_endpoint or token_endpoint"))
        }
        let gvr = GroupVersionResource(group: "oauth.openshift.io", version: "v1", resource: "oauthclients")
        let client: JSONValue
        do {
            client = try JSONParser.parse(try await connection.send(.GET, gvr.path(namespace: nil, name: clientName), timeout: .seconds(5)))
        } catch {
            return .failure(SetupError(description: "cluster \(cluster): the OAuthClient \(clientName) cannot be read: \(error)"))
        }
        guard let redirect = client["redirectURIs"]?.arrayValue?.first?.stringValue, !redirect.isEmpty else {
            return .failure(SetupError(description: "cluster \(cluster): the OAuthClient \(clientName) has no redirectURIs"))
        }
        let maxAge = client["accessTokenMaxAgeSeconds"]?.intValue ?? 86400
        return .success(Setup(authorizeURL: authorize, tokenURL: token, clientID: clientName, redirectURI: redirect, maxAgeSeconds: maxAge > 0 ? maxAge : 86400))
    }

    /// Exchanges an authorization code for the user's token on that cluster; returns the token and its lifetime.
    static func exchange(code: String, verifier: String, setup: Setup, connection: KubeConnection) async throws(SetupError) -> (token: String, expiresIn: Int) {
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await connection.postForm(
                url: setup.tokenURL,
                form: [
                    ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", setup.redirectURI), ("client_id", setup.clientID),
                    ("code_verifier", verifier),
                ])
        } catch {
            throw SetupError(description: "the token endpoint of cluster \(connection.clusterName) did not answer: \(error.message)")
        }
        let body = try? JSONParser.parse(answer.body)
        guard answer.status == 200, let token = body?["access_token"]?.stringValue, !token.isEmpty else {
            let reason = body?["error_description"]?.stringValue ?? body?["error"]?.stringValue ?? "HTTP \(answer.status)"
            throw SetupError(description: "cluster \(connection.clusterName) refused the authorization code: \(reason)")
        }
        let expiresIn = body?["expires_in"]?.intValue ?? setup.maxAgeSeconds
        return (token, expiresIn > 0 ? expiresIn : setup.maxAgeSeconds)
    }

    /// The user a token belongs to on a cluster (`GET /apis/user.openshift.io/v1/users/~`), remembered 30 s per
    /// (cluster, token).
    func username(token: String, connection: KubeConnection) async throws(KubeAPIError) -> String {
        let key = NamespaceAccess.key(connection.clusterName, token)
        if let cached = users[key], ContinuousClock.now - cached.at < .seconds(30) { return cached.name }
        let bytes = try await connection.send(.GET, "/apis/user.openshift.io/v1/users/~", credentials: .bearer(token), timeout: .seconds(10))
        let name = (try? JSONParser.parse(bytes))?[path: ["metadata", "name"]]?.stringValue ?? ""
        if users.count > 4096 { users = users.filter { ContinuousClock.now - $0.value.at < .seconds(30) } }
        users[key] = (name, .now)
        return name
    }

    func forget(cluster: String, token: String) {
        users[NamespaceAccess.key(cluster, token)] = nil
    }

    /// Deletes the user's OAuthAccessToken (`sha256~<base64url(SHA-256(token without "sha256~"))>`) with the
    /// console's own credentials; NotFound counts as done.
    static func deleteToken(_ token: String, connection: KubeConnection) async throws(KubeAPIError) {
        let raw = token.hasPrefix("sha256~") ? String(token.dropFirst(7)) : token
        let name = "sha256~" + Base64URL.encode(SHA256.hash(data: Array(raw.utf8)))
        let gvr = GroupVersionResource(group: "oauth.openshift.io", version: "v1", resource: "oauthaccesstokens")
        do {
            try await connection.delete(gvr, name: name)
        } catch where error.kind == .notFound {
        }
    }

    /// A PKCE verifier (43 characters) and its S256 challenge.
    static func pkce() -> (verifier: String, challenge: String) {
        let verifier = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        return (verifier, Base64URL.encode(SHA256.hash(data: Array(verifier.utf8))))
    }
}
