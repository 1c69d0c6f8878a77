public import SkoposModel
/// An object of a kind known only at run time, such as Istio (`VirtualService`, `DestinationRule`, …) and Gateway
/// API (`Gateway`, `HTTPRoute`) objects: its type and metadata decoded, and the whole object kept as `JSONValue`
/// for validations, YAML views and edits.
///
/// Its kind is a value, not a type, so it does not conform to `KubeObject`; address its collection with a
/// `GroupVersionResource`.
public struct UnstructuredObject: Decodable, Sendable, Hashable {
    /// The object's `apiVersion`, e.g. `networking.istio.io/v1`.
    public var apiVersion: String
    /// The object's kind, e.g. `VirtualService`.
    public var kind: String
    /// The object's metadata, decoded like any other kind's.
    public var metadata: ObjectMeta
    /// The whole object as received, including `apiVersion`, `kind` and `metadata`.
    public var raw: JSONValue

    /// Wraps an already parsed object (for example from `JSONParser`); type and metadata are read from it, and
    /// missing or mistyped fields count as empty.
    /// - Parameter raw: the whole object.
    public init(_ raw: JSONValue) {
        self.apiVersion = raw["apiVersion"]?.stringValue ?? ""
        self.kind = raw["kind"]?.stringValue ?? ""
        self.metadata = ObjectMeta(json: raw["metadata"] ?? .null)
        self.raw = raw
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata
    }

    /// Decodes an object: `apiVersion`, `kind` and `metadata` (empty when missing) plus the whole value as `raw`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decode(.apiVersion, default: "")
        kind = try c.decode(.kind, default: "")
        metadata = try c.decode(.metadata, default: ObjectMeta())
        raw = try decoder.singleValueContainer().decode(JSONValue.self)
    }

    /// The API group: the part of `apiVersion` before `/`; empty for the core group.
    public var group: String { GroupVersionResource.split(apiVersion).group }

    /// The version within the group: the part of `apiVersion` after `/`.
    public var version: String { GroupVersionResource.split(apiVersion).version }

    /// The object's `spec`, or `nil` when it has none.
    public var spec: JSONValue? { raw["spec"] }

    /// The object's `status`, or `nil` when it has none.
    public var status: JSONValue? { raw["status"] }
}

/// A resource collection of the API: group, version and plural resource name, e.g. `networking.istio.io`, `v1`,
/// `virtualservices`.
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The version within the group.
    public var version: String
    /// The plural resource name used in URLs.
    public var resource: String

    /// Creates a group, version and resource.
    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    /// Creates a group, version and resource from an `apiVersion` such as `v1` or `gateway.networking.k8s.io/v1`.
    public init(apiVersion: String, resource: String) {
        let (group, version) = Self.split(apiVersion)
        self.init(group: group, version: version, resource: resource)
    }

    /// `version` for the core group, `group/version` otherwise: the `apiVersion` of the objects.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The path prefix of the group version: `/api/v1` for the core group, `/apis/{group}/{version}` otherwise.
    public var apiPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// `resource.version.group` (kubectl's fully qualified form), or `resource.version` for the core group.
    public var description: String { group.isEmpty ? "\(resource).\(version)" : "\(resource).\(version).\(group)" }

    /// Splits an `apiVersion` at its last `/` into group and version; no `/` means the core group.
    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
