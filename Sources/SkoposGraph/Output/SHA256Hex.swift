import Crypto

/// Lowercase hex SHA-256, as Kiali hashes node and edge IDs.
enum SHA256Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func of(_ text: String) -> String {
        var hasher = SHA256()
        var copy = text
        copy.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hex(hasher.finalize())
    }

    /// The hash of the parts' concatenation, without building it.
    static func of(_ parts: String...) -> String {
        var hasher = SHA256()
        for part in parts {
            var copy = part
            copy.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for b in digest {
                out[i] = digits[Int(b >> 4)]
                out[i + 1] = digits[Int(b & 15)]
                i += 2
            }
            return 64
        }
    }
}
