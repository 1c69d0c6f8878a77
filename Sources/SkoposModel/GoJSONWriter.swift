/// Writes JSON as Go's `json.MarshalIndent(v, "", "  ")` does: two-space indentation, `"key": value`, members in the
/// order written, `<`, `>`, `&`, U+2028 and U+2029 escaped, `/` not escaped, no trailing newline (`graph.md` §10.4).
/// Kiali's graph clients compare these bytes, and Kiali pretty-prints `/api/status` and `/api/config` this way.
public struct GoJSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Per open container: whether it has had a member yet.
    private var hasMembers: [Bool] = []
    /// Set after a key: the next value goes on the same line.
    private var afterKey = false

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer for a run of elements of a container nested `depth` deep (1: the top-level container), for writing
    /// parts of one document separately (in parallel) and joining them with ``append(fragment:)``.
    /// - Parameter continuing: whether the container already has members before this run (the run then starts with a
    ///   comma).
    public init(fragmentAtDepth depth: Int, continuing: Bool, capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
        hasMembers = Array(repeating: true, count: max(0, depth - 1)) + [continuing]
    }

    /// Makes room for `n` more bytes.
    public mutating func reserveCapacity(more n: Int) {
        bytes.reserveCapacity(bytes.count + n)
    }

    /// Appends a fragment written for the container open now; the container then has members if the fragment wrote any.
    public mutating func append(fragment: GoJSONWriter) {
        guard !fragment.bytes.isEmpty else { return }
        bytes.append(contentsOf: fragment.bytes)
        hasMembers[hasMembers.count - 1] = true
    }

    /// A new line and two spaces per open container.
    private static let indentation: [UInt8] = [10] + Array(repeating: 32, count: 256)

    private mutating func newline() {
        let width = 1 + 2 * hasMembers.count
        if width <= Self.indentation.count {
            bytes.append(contentsOf: Self.indentation[0..<width])
        } else {
            bytes.append(10)
            bytes.append(contentsOf: repeatElement(32, count: width - 1))
        }
    }

    /// Before a value: a comma and a new line inside arrays; nothing after a key.
    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasMembers.isEmpty else { return }
        if hasMembers[hasMembers.count - 1] { bytes.append(44) }
        hasMembers[hasMembers.count - 1] = true
        newline()
    }

    public mutating func beginObject() {
        beforeValue()
        bytes.append(123)
        hasMembers.append(false)
    }

    public mutating func endObject() {
        let had = hasMembers.removeLast()
        if had { newline() }
        bytes.append(125)
    }

    public mutating func beginArray() {
        beforeValue()
        bytes.append(91)
        hasMembers.append(false)
    }

    public mutating func endArray() {
        let had = hasMembers.removeLast()
        if had { newline() }
        bytes.append(93)
    }

    public mutating func key(_ k: String) {
        if hasMembers[hasMembers.count - 1] { bytes.append(44) }
        hasMembers[hasMembers.count - 1] = true
        newline()
        writeString(k)
        bytes.append(58)
        bytes.append(32)
        afterKey = true
    }

    public mutating func string(_ s: String) {
        beforeValue()
        writeString(s)
    }

    public mutating func int(_ v: Int64) {
        beforeValue()
        bytes.append(contentsOf: String(v).utf8)
    }

    public mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func bool(_ v: Bool) {
        beforeValue()
        bytes.append(contentsOf: (v ? "true" : "false").utf8)
    }

    /// A value already written as compact-free JSON text by the caller (numbers Go formats itself).
    public mutating func raw(_ text: String) {
        beforeValue()
        bytes.append(contentsOf: text.utf8)
    }

    // Convenience members.
    public mutating func member(_ k: String, _ v: String) {
        key(k)
        string(v)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether a byte of UTF-8 needs Go's escaping (or, for 0xE2, a look at U+2028/U+2029).
    @inline(__always) private static func special(_ c: UInt8) -> Bool {
        c < 32 || c == 34 || c == 92 || c == 60 || c == 62 || c == 38 || c == 0xE2
    }

    private mutating func writeString(_ s: String) {
        // Most strings need no escaping: copy them whole.
        var plain = s
        let simple = plain.withUTF8 { utf8 in !utf8.contains(where: Self.special) }
        if simple {
            bytes.append(34)
            plain.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(34)
            return
        }
        bytes.append(34)
        var utf8 = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let c = utf8.next() {
            switch c {
            case 34: bytes.append(92); bytes.append(34)
            case 92: bytes.append(92); bytes.append(92)
            case 10: bytes.append(92); bytes.append(110)
            case 13: bytes.append(92); bytes.append(114)
            case 9: bytes.append(92); bytes.append(116)
            case 8: bytes.append(92); bytes.append(98)
            case 12: bytes.append(92); bytes.append(102)
            case 60, 62, 38: unicodeEscape(UInt16(c))
            case 0..<32: unicodeEscape(UInt16(c))
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                pending = [c]
                if let b1 = utf8.next() {
                    pending.append(b1)
                    if b1 == 0x80, let b2 = utf8.next() {
                        if b2 == 0xA8 || b2 == 0xA9 {
                            unicodeEscape(b2 == 0xA8 ? 0x2028 : 0x2029)
                            pending = []
                            continue
                        }
                        pending.append(b2)
                    }
                }
                bytes.append(contentsOf: pending)
            default: bytes.append(c)
            }
        }
        bytes.append(34)
    }

    private mutating func unicodeEscape(_ v: UInt16) {
        bytes.append(92)
        bytes.append(117)
        bytes.append(Self.hex[Int(v >> 12) & 15])
        bytes.append(Self.hex[Int(v >> 8) & 15])
        bytes.append(Self.hex[Int(v >> 4) & 15])
        bytes.append(Self.hex[Int(v) & 15])
    }
}

extension GoJSONWriter {
    /// Writes a JSON value; object keys sorted bytewise, as Go sorts map keys.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .string(let s): string(s)
        case .int(let n): int(Int64(n))
        case .double(let d):
            if d == d.rounded(), abs(d) < 1e15 { int(Int64(d)) } else { raw(String(d)) }
        case .array(let a):
            beginArray()
            for x in a { value(x) }
            endArray()
        case .object(let o):
            beginObject()
            for k in o.keys.sorted() {
                key(k)
                value(o[k]!)
            }
            endObject()
        }
    }

    /// A value written as Go's `json.MarshalIndent(v, "", "  ")` writes a map-based value.
    public static func indented(_ v: JSONValue) -> [UInt8] {
        var w = GoJSONWriter()
        w.value(v)
        return w.bytes
    }
}
