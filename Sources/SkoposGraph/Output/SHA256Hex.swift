import Crypto

/// Lowercase hex SHA-256, as Kiali hashes node and edge IDs.
enum SHA256Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func of(_ text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
