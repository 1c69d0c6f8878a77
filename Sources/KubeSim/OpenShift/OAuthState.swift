import SkoposModel
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

    /// Wrong passwords per user name: how many in a row, and when the last was.
    private let failures = Mutex<[String: (count: Int, last: Date)]>([:])
    /// Wrong passwords allowed before logins of that user slow down.
    static let freeFailures = 5

    /// A wrong password (or unknown user) for a user name.
    func recordFailure(user: String) {
        failures.withLock { f in
            let count = (f[user]?.count ?? 0) + 1
            f[user] = (count, Date())
            if f.count > 10_000 { f = f.filter { Date().timeIntervalSince($0.value.last) < 3600 } }
        }
    }

    /// A successful login clears the user's failures.
    func recordSuccess(user: String) {
        _ = failures.withLock { $0.removeValue(forKey: user) }
    }

    /// Seconds to wait before the next attempt for this user (doubling from 1 s after the free failures, at most
    /// 60 s); `nil` when it may try now.
    func lockout(user: String) -> Double? {
        failures.withLock { f in
            guard let entry = f[user], entry.count >= Self.freeFailures else { return nil }
            let wait = min(60, pow(2, Double(entry.count - Self.freeFailures)))
            let left = wait - Date().timeIntervalSince(entry.last)
            return left > 0 ? left : nil
        }
    }

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
