import Crypto
import Foundation
import Synchronization

/// Short-lived state of the OAuth server: authorization codes waiting to be exchanged for tokens.
final class OAuthState: Sendable {
    struct PendingCode: Sendable {
        var user: String
        var clientID: String
        var redirectURI: String
        var codeChallenge: String
        var codeChallengeMethod: String
        var expires: Date
    }

    private let codes = Mutex<[String: PendingCode]>([:])

    /// Issues a one-time authorization code.
    func issueCode(_ pending: PendingCode) -> String {
        let code = randomToken(bytes: 24)
        codes.withLock { c in
            let now = Date()
            c = c.filter { $0.value.expires > now }
            c[code] = pending
        }
        return code
    }

    /// Redeems a code once; `nil` when unknown, used or expired.
    func redeem(_ code: String) -> PendingCode? {
        codes.withLock { c in
            guard let p = c.removeValue(forKey: code), p.expires > Date() else { return nil }
            return p
        }
    }

    /// OpenShift names an `OAuthAccessToken` object `sha256~` + base64url(SHA-256 of the token without its prefix).
    static func objectName(forToken token: String) -> String {
        let raw = token.hasPrefix("sha256~") ? String(token.dropFirst(7)) : token
        return "sha256~" + Base64URL.encode(Data(SHA256.hash(data: Data(raw.utf8))))
    }
}
