/// A kind of Kubernetes object as the API serves it: group, version, plural resource, kind, and whether its objects
/// live in namespaces. The one description of a kind that informers, snapshots, the simulator's catalogue and
/// error messages all read.
public struct ResourceKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public let group: String
    /// The version within the group.
    public let version: String
    /// The plural resource name in URLs (`pods`, `virtualservices`).
    public let resource: String
    /// The kind (`Pod`, `VirtualService`).
    public let kind: String
    /// Whether objects live in a namespace.
    public let namespaced: Bool

    /// Creates a description.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// Group, version and resource, for request paths.
    public var groupVersionResource: GroupVersionResource {
        GroupVersionResource(group: group, version: version, resource: resource)
    }

    /// `version` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `resource` for the core group, `resource.group` otherwise (`pods`, `virtualservices.networking.istio.io`): the
    /// name kubectl and the API server's messages use.
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// Hashes the resource and group only (a kind is rarely served in two versions at once); equality compares all.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(resource)
        hasher.combine(group)
    }

    /// Orders by group, then resource, then version.
    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        (lhs.group, lhs.resource, lhs.version) < (rhs.group, rhs.resource, rhs.version)
    }
}
