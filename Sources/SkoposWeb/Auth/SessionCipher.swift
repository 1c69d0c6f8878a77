import Crypto
import Foundation
import SkoposModel

/// Encrypts and authenticates session cookies as Kiali does (`backend.md` §4.2), so a session minted by a Kiali that
/// shares the signing key stays valid: AES-GCM keyed with the **raw bytes** of `login_token.signing_key` (16, 24 or
/// 32 bytes: AES-128/192/256), a random 12-byte nonce before the sealed bytes, standard base64 (read unpadded too).
struct SessionCipher: Sendable {
    /// The raw key; `SymmetricKey` is built per use, as it is not `Sendable`.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Why a key cannot be used.
    struct KeyError: Error, CustomStringConvertible {
        var description: String
    }

    /// - Throws: ``KeyError`` when the key is not 16, 24 or 32 bytes long.
    init(key: [UInt8]) throws(KeyError) {
        guard [16, 24, 32].contains(key.count) else {
            throw KeyError(description: "login_token.signing_key must be 16, 24 or 32 bytes long for AES, got \(key.count)")
        }
        self.keyBytes = key
    }

    /// The sealed, base64-encoded form of `plaintext`.
    func seal(_ plaintext: [UInt8]) -> String {
        // AES.GCM.seal fails only for a bad key size or nonce, which init rules out.
        guard let box = try? AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce()), let combined = box.combined else { return "" }
        return Base64.encode(Array(combined))
    }

    /// The plaintext of a sealed string; `nil` when it is not base64, was sealed with another key, or was altered.
    func open(_ sealed: String) -> [UInt8]? {
        guard let bytes = Base64.decode(sealed), bytes.count > 12 + 16,
            let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = try? AES.GCM.open(box, using: key)
        else { return nil }
        return Array(plain)
    }
}
