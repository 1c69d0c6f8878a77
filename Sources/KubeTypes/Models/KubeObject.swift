/// A Kubernetes kind with a fixed group, version and kind, decoded into a slim hand-written model.
///
/// Conforming types declare only the fields the console reads; `JSONDecoder` skips the rest, which keeps cached
/// objects small (the same saving Kiali gets by trimming Pods and Services in its informer cache). Combine with
/// the marker protocols `NamespacedResource` or `ClusterScopedResource`, and `ListableResource`, so that generic
/// client code can only list or address a kind in ways the API server allows.
public protocol KubeObject: Decodable, Sendable {
    /// The `apiVersion` of the kind: `version` for the core group (`v1`), otherwise `group/version` (`apps/v1`).
    static var apiVersion: String { get }
    /// The kind, e.g. `Deployment`.
    static var kind: String { get }
    /// The plural resource name used in URLs, e.g. `deployments`.
    static var resource: String { get }
    /// The API group; empty for the core group.
    static var group: String { get }
    /// The API version within the group, e.g. `v1`.
    static var version: String { get }
    /// The object's metadata.
    var metadata: ObjectMeta { get }
}

extension KubeObject {
    /// `version` for the core group, `group/version` for any other group.
    public static var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The group, version and plural resource of the kind, for building request paths.
    public static var groupVersionResource: GroupVersionResource {
        GroupVersionResource(group: group, version: version, resource: resource)
    }
}

/// A kind whose objects live in a namespace (`/namespaces/{ns}/{resource}` paths).
public protocol NamespacedResource: KubeObject {}

/// A kind whose objects are not in any namespace (Namespaces, Nodes, ClusterRoles, …).
public protocol ClusterScopedResource: KubeObject {}

/// A kind the API server serves the `list` (and `watch`) verb for.
public protocol ListableResource: KubeObject {}

/// The metadata of a list response: the resource version to watch from and the continue token of a paged LIST.
public struct ListMeta: Codable, Sendable, Hashable {
    /// The collection's resource version; start a watch from here to see every change after this list.
    public var resourceVersion: String?
    /// The token for the next page of a LIST made with `limit`; `nil` (or empty) on the last page.
    public var `continue`: String?
    /// How many items remain after this page, when the server can tell.
    public var remainingItemCount: Int?

    /// Creates list metadata.
    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }

    /// `true` when there is a next page to fetch (a non-empty continue token).
    public var hasMore: Bool { !(self.continue ?? "").isEmpty }
}

/// A LIST response (`PodList`, `DeploymentList`, …) of a statically known kind.
public struct ObjectList<Object: KubeObject>: Decodable, Sendable {
    /// The list's resource version and continue token.
    public var metadata: ListMeta
    /// The objects of this page; empty when the server sends `null` or omits the field.
    public var items: [Object]

    /// Creates a list.
    public init(metadata: ListMeta = ListMeta(), items: [Object] = []) {
        self.metadata = metadata
        self.items = items
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, items
    }

    /// Decodes a list, tolerating a missing `metadata` and a missing or `null` `items`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ListMeta())
        items = try c.decode(.items, default: [])
    }
}

extension ObjectList: Equatable where Object: Equatable {}
extension ObjectList: Hashable where Object: Hashable {}

extension KeyedDecodingContainer {
    /// The value for `key`, or `defaultValue` when the key is missing or `null`.
    func decode<T: Decodable>(_ key: Key, default defaultValue: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue()
    }

    /// The value for `key`, or `nil` when the key is missing or `null`.
    func decodeIfPresent<T: Decodable>(_ key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }
}
