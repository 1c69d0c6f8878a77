import SkoposModel
import Testing

/// Standard base64: RFC 4648 test vectors, the leniency kubeconfig files need, and rejection of bad input.
@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let vectors: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesAndDecodesTheRFCVectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func roundTripsEveryByteValue() {
        let bytes: [UInt8] = Array(0...255)
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    @Test func acceptsLineBreaksAndMissingPadding() {
        #expect(Base64.decode("aGVs\nbG8=") == Array("hello".utf8))
        #expect(Base64.decode(" aGVs\r\n\tbG8= ") == Array("hello".utf8))
        #expect(Base64.decode("aGVsbG8") == Array("hello".utf8))
        #expect(Base64.decode("Zg") == Array("f".utf8))
    }

    @Test func rejectsInvalidText() {
        #expect(Base64.decode("aGVsbG8===") == nil)  // too much padding
        #expect(Base64.decode("Zg==Zg==") == nil)  // data after padding
        #expect(Base64.decode("a") == nil)  // a lone trailing symbol
        #expect(Base64.decode("-----BEGIN") == nil)  // not in the alphabet (PEM given where base64 was expected)
        #expect(Base64.decode("aGVs_bG8") == nil)  // the URL-safe alphabet is not standard base64
    }
}
