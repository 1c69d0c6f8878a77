import SkoposModel
import Yams

/// A `Decoder` over a composed YAML tree (Yams' `Node`), made for Kiali's `config.yaml`.
///
/// Unlike `YAMLDecoder` it
/// - records which keys the configuration types asked for (``ConfigKeyTracker``), so that unknown keys can be
///   reported with their full path;
/// - throws ``ConfigError``s naming the key path and saying what was expected and what was found
///   (`server.port: expected an integer, got "abc"`);
/// - types scalars the YAML way: a quoted scalar is a string and never a number or a boolean, a plain `yes`, `on`,
///   `true` is a boolean; any scalar but `null` is accepted where a string is expected (as Go's YAML decoder does).
struct ConfigDecoder: Decoder {
    /// What a scalar resolves to.
    enum ScalarKind {
        case null, bool, int, float, string
    }

    let node: Node
    let codingPath: [any CodingKey]
    let tracker: ConfigKeyTracker

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The key path of this value.
    var path: String { ConfigKeyPath.render(codingPath) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node {
        case .mapping(let mapping):
            tracker.register(mapping, at: path)
            return KeyedDecodingContainer(ConfigKeyedContainer<Key>(decoder: self, mapping: mapping))
        case .scalar where isNull:
            return KeyedDecodingContainer(ConfigKeyedContainer<Key>(decoder: self, mapping: Node.Mapping([])))
        default:
            throw mismatch("a map")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node {
        case .sequence(let sequence): return ConfigUnkeyedContainer(decoder: self, items: Array(sequence))
        case .scalar where isNull: return ConfigUnkeyedContainer(decoder: self, items: [])
        default: throw mismatch("a list")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ConfigSingleValueContainer(decoder: self)
    }

    /// The decoder of a value below this one.
    func child(_ node: Node, key: any CodingKey) -> ConfigDecoder {
        ConfigDecoder(node: node, codingPath: codingPath + [key], tracker: tracker)
    }

    // MARK: Scalars

    /// The kind of this value when it is a scalar.
    var scalarKind: ScalarKind? { Self.scalarKind(of: node) }

    /// The kind of a scalar after YAML tag resolution (`nil` for other nodes); unknown tags count as strings.
    static func scalarKind(of node: Node) -> ScalarKind? {
        guard case .scalar = node else { return nil }
        switch node.tag.description {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return .bool
        case Tag.Name.int.rawValue: return .int
        case Tag.Name.float.rawValue: return .float
        default: return .string
        }
    }

    var isNull: Bool { scalarKind == .null }

    func decodeString() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node, scalarKind != .null else { throw mismatch("a string") }
        return scalar.string
    }

    func decodeBool() throws(ConfigError) -> Bool {
        guard scalarKind == .bool, let value = node.bool else { throw mismatch("true or false") }
        return value
    }

    func decodeInt() throws(ConfigError) -> Int {
        guard scalarKind == .int, let value = node.int else { throw mismatch("an integer") }
        return value
    }

    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws(ConfigError) -> I {
        guard let value = I(exactly: try decodeInt()) else { throw mismatch("an integer from \(I.min) to \(I.max)") }
        return value
    }

    func decodeDouble() throws(ConfigError) -> Double {
        guard scalarKind == .int || scalarKind == .float, let value = node.float else { throw mismatch("a number") }
        return value
    }

    /// Decodes any `Decodable`, handling the standard scalar types directly.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return try decodeString() as! T
        case is Bool.Type: return try decodeBool() as! T
        case is Int.Type: return try decodeInt() as! T
        case is Double.Type: return try decodeDouble() as! T
        case is Float.Type: return Float(try decodeDouble()) as! T
        default:
            if let integer = type as? any FixedWidthInteger.Type { return try decodeInteger(integer) as! T }
            return try T(from: self)
        }
    }

    // MARK: Mappings

    /// The entries of a mapping in document order, with YAML merge keys (`<<: *defaults`) resolved: the merged
    /// mappings' entries come after the explicit ones, and an explicit key wins over a merged one, an earlier merged
    /// mapping over a later one.
    static func entries(of mapping: Node.Mapping) -> [(name: String, key: Node, value: Node)] {
        var explicit: [(name: String, key: Node, value: Node)] = []
        var merged: [(name: String, key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard key.tag.description == Tag.Name.merge.rawValue else {
                explicit.append((ConfigKeyTracker.keyName(key), key, value))
                continue
            }
            switch value {
            case .mapping(let source): merged += entries(of: source)
            case .sequence(let sources):
                for case .mapping(let source) in sources { merged += entries(of: source) }
            default: explicit.append((ConfigKeyTracker.keyName(key), key, value))
            }
        }
        var seen = Set(explicit.map(\.name))
        return explicit + merged.filter { seen.insert($0.name).inserted }
    }

    // MARK: Errors

    /// A wrong-type error at this value.
    func mismatch(_ expected: String) -> ConfigError {
        .invalid(path, "expected \(expected), got \(Self.describe(node))")
    }

    /// A short description of a value for messages: `"abc"`, `42`, `true`, `null`, `a map`, `a list`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch scalarKind(of: node) {
            case .null: return "null"
            case .string: return quoted(scalar.string)
            default: return scalar.string
            }
        }
    }

    /// A short description of a decoded value for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): quoted(s)
        case .array: "a list"
        case .object: "a map"
        }
    }

    /// A string in double quotes, cut after 60 characters.
    static func quoted(_ text: String) -> String {
        let cut = text.count > 60 ? text.prefix(57) + "..." : Substring(text)
        return "\"\(cut)\""
    }
}
