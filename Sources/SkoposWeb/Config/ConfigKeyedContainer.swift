import Yams

/// The keyed container of ``ConfigDecoder``: a YAML mapping read as a structure or a dictionary.
///
/// Every key asked for (`contains`, `decode`, `decodeNil`, nested containers) is marked as known in the tracker.
struct ConfigKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ConfigDecoder
    private let entries: [String: Node]
    private let order: [String]

    init(decoder: ConfigDecoder, mapping: Node.Mapping) {
        self.decoder = decoder
        var entries: [String: Node] = [:]
        var order: [String] = []
        for entry in ConfigDecoder.entries(of: mapping) where entries.updateValue(entry.value, forKey: entry.name) == nil {
            order.append(entry.name)
        }
        self.entries = entries
        self.order = order
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] { order.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        use(key)
        return entries[key.stringValue] != nil
    }

    private func use(_ key: Key) {
        decoder.tracker.use([key.stringValue], at: decoder.path)
    }

    /// The decoder of the value at `key`, or a "required" error.
    private func child(_ key: Key) throws(ConfigError) -> ConfigDecoder {
        use(key)
        guard let node = entries[key.stringValue] else {
            throw .invalid(ConfigKeyPath.render(codingPath + [key]), "required, but missing")
        }
        return decoder.child(node, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try child(key).isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try child(key).decode(type)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try child(key).decodeDouble()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decodeInt() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decodeInteger(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try child(key)
    }
}
