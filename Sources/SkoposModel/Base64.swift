/// Standard base64 (RFC 4648 §4), as Go's `encoding/base64.StdEncoding` reads and writes `[]byte` fields.
///
/// Kubernetes uses it for the `*-data` fields of a kubeconfig and the `data` of a Secret. Decoding is lenient in the
/// ways those files need (ASCII whitespace such as line breaks is skipped, padding is optional) and strict otherwise:
/// characters outside the alphabet, data after padding or a truncated final group make it fail.
///
/// ```swift
/// Base64.encode(Array("hello".utf8))   // "aGVsbG8="
/// Base64.decode("aGVs\nbG8")           // the bytes of "hello"
/// Base64.decode("not base64!")         // nil
/// ```
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes base64 text into bytes.
    ///
    /// ASCII whitespace (spaces, tabs, line breaks) is ignored and the `=` padding is optional; if present, it must
    /// complete the last group of four.
    /// - Parameter text: the base64 text.
    /// - Returns: the decoded bytes (empty for empty text), or `nil` if `text` is not valid base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        var symbols = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "="):
                padding += 1
                continue
            default:
                break
            }
            // Data after padding is invalid.
            guard padding == 0, let value = sextet(byte) else { return nil }
            symbols += 1
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // A lone trailing symbol carries fewer than 8 bits; padding must complete the last quantum.
        let remainder = symbols % 4
        if remainder == 1 { return nil }
        if padding > 0 && (remainder == 0 || remainder + padding != 4) { return nil }
        return out
    }

    /// Encodes bytes as padded standard base64, on one line.
    /// - Parameter bytes: the bytes to encode.
    /// - Returns: the base64 text; empty for no bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let quantum = (b0 << 16) | (b1 << 8) | b2
            out.append(alphabet[Int((quantum >> 18) & 63)])
            out.append(alphabet[Int((quantum >> 12) & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int((quantum >> 6) & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(quantum & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 6-bit value of a base64 alphabet byte, or `nil` for any other byte.
    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), as JWTs, PKCE and OpenShift's token names use.
public enum Base64URL {
    /// Encodes bytes without padding.
    public static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var s = Base64.encode(Array(bytes))
        while s.hasSuffix("=") { s.removeLast() }
        return String(s.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// Decodes URL-safe base64, padded or not; `nil` when it is not valid.
    public static func decode(_ text: String) -> [UInt8]? {
        if text.contains("+") || text.contains("/") { return nil }
        return Base64.decode(String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 }))
    }
}
