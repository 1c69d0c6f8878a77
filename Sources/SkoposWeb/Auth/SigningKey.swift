import Foundation
import Synchronization

/// `login_token.signing_key`, read again at most every 5 s so that rotating the key (a new Secret mounted) ends every
/// session without a restart, as Kiali re-reads it on use.
final class SigningKey: Sendable {
    private let read: @Sendable () throws -> String
    private let cached = Mutex<(cipher: SessionCipher?, at: ContinuousClock.Instant?)>((nil, nil))

    init(read: @escaping @Sendable () throws -> String) {
        self.read = read
    }

    /// The cipher of the current key; `nil` when the key cannot be read or has a bad length (logged by the caller).
    func cipher() -> SessionCipher? {
        let now = ContinuousClock.now
        if let c = cached.withLock({ $0.at.map { now - $0 < .seconds(5) } == true ? $0.cipher : nil }) { return c }
        let cipher = (try? read()).flatMap { try? SessionCipher(key: Array($0.utf8)) }
        cached.withLock { $0 = (cipher, now) }
        return cipher
    }
}
