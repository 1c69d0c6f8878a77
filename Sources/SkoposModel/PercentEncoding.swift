/// Percent-encoding of URL parts: RFC 3986 unreserved characters (and any `extra` bytes) stay, the rest is `%XX`.
/// Shared by the Kubernetes client (paths, query strings) and the Prometheus client (form bodies).
public enum PercentEncoding {
    public static func encode(_ value: String, keeping extra: Set<UInt8> = []) -> String {
        var out = ""
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            case _ where extra.contains(b):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
