/// What the viewer may do with an object: `{"create":…,"update":…,"delete":…}` (`istioPermissions` of a service's
/// details). The read model knows nothing of the viewer's RBAC, so the caller supplies it; none by default.
public struct ResourcePermissions: Sendable, Hashable {
    public var create: Bool
    public var update: Bool
    public var delete: Bool

    /// Permissions; none by default.
    public init(create: Bool = false, update: Bool = false, delete: Bool = false) {
        self.create = create
        self.update = update
        self.delete = delete
    }
}
