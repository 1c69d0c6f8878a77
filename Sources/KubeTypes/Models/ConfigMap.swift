/// A ConfigMap (`v1`, `configmaps`), e.g. the `istio` mesh configuration the console reads.
public struct ConfigMap: NamespacedResource, ListableResource, Hashable {
    /// The core group.
    public static let group = ""
    /// `v1`.
    public static let version = "v1"
    /// `ConfigMap`.
    public static let kind = "ConfigMap"
    /// `configmaps`.
    public static let resource = "configmaps"

    /// The ConfigMap's metadata.
    public var metadata: ObjectMeta
    /// UTF-8 entries by key.
    public var data: [String: String]
    /// Binary entries by key, as the base64 text the API server sends (not decoded).
    public var binaryData: [String: String]

    /// Creates a ConfigMap.
    public init(metadata: ObjectMeta = ObjectMeta(), data: [String: String] = [:], binaryData: [String: String] = [:]) {
        self.metadata = metadata
        self.data = data
        self.binaryData = binaryData
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, data, binaryData
    }

    /// Decodes a ConfigMap; missing maps are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        data = try c.decode(.data, default: [:])
        binaryData = try c.decode(.binaryData, default: [:])
    }
}
