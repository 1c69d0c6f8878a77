public import KubeTypes

/// The answer of `GET /api/namespaces/{ns}/istio/{group}/{version}/{kind}/{object}` without its validation and help
/// (`backend.md` §2.7): `{cluster, gvk, help, namespace, permissions, references, resource, validation}`.
public struct IstioConfigDetails: Sendable {
    /// The cluster.
    public var cluster: String
    /// The object's type.
    public var type: IstioConfigType
    /// The object's namespace, as `/api/namespaces` shows it.
    public var namespace: NamespaceInfo
    /// What the viewer may do with objects of the type in the namespace (the caller's RBAC check).
    public var permissions: ResourcePermissions
    /// The objects, services and workloads the object concerns.
    public var references: IstioConfigReferences
    /// The object as cached (`managedFields` included; the writer leaves them out).
    public var resource: UnstructuredObject

    /// Details.
    public init(
        cluster: String,
        type: IstioConfigType,
        namespace: NamespaceInfo,
        permissions: ResourcePermissions,
        references: IstioConfigReferences,
        resource: UnstructuredObject
    ) {
        self.cluster = cluster
        self.type = type
        self.namespace = namespace
        self.permissions = permissions
        self.references = references
        self.resource = resource
    }
}
