/// A kind with the Swift type its objects decode to: `Kind<Pod>.pods`, `Kind<UnstructuredObject>.virtualServices`.
/// Snapshots and informers take these, so `snapshot.list(.pods)` is typed `[Pod]`.
///
/// The kinds the console reads are listed in `Kind+Catalog.swift`; adding one is a line there (its description and
/// Swift type) plus its name in ``KindCatalog/cached``.
public struct Kind<Object: CachedObject>: AnyKind, Hashable {
    /// The kind as the API serves it.
    public let resource: ResourceKind

    /// Describes a kind.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.resource = ResourceKind(group: group, version: version, resource: resource, kind: kind, namespaced: namespaced)
    }

    /// Wraps a description.
    public init(_ resource: ResourceKind) {
        self.resource = resource
    }
}

/// A ``Kind`` whose object type is known only at run time, for lists of kinds of different types.
public protocol AnyKind: Sendable {
    /// The Swift type objects of the kind decode to.
    associatedtype Object: CachedObject
    /// The kind as the API serves it.
    var resource: ResourceKind { get }
}
