import SkoposModel

extension KeyedDecodingContainer {
    /// Decodes an optional base64 string field (a kubeconfig `*-data` field) into bytes.
    /// - Throws: `DecodingError.dataCorrupted` at `key` ("not valid base64", never quoting the value) when the text is
    ///   not valid base64, or the container's errors when the value is not a string.
    func decodeBase64IfPresent(forKey key: Key) throws -> [UInt8]? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let bytes = Base64.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not valid base64")
        }
        return bytes
    }
}

extension KeyedEncodingContainer {
    /// Encodes optional bytes as a base64 string field (a kubeconfig `*-data` field); nothing when `nil`.
    mutating func encodeBase64IfPresent(_ bytes: [UInt8]?, forKey key: Key) throws {
        try encodeIfPresent(bytes.map(Base64.encode), forKey: key)
    }
}
