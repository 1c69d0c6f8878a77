/// A Namespace (`v1`, `namespaces`), cluster-scoped.
public struct Namespace: ClusterScopedResource, ListableResource, Hashable {
    /// The core group.
    public static let group = ""
    /// `v1`.
    public static let version = "v1"
    /// `Namespace`.
    public static let kind = "Namespace"
    /// `namespaces`.
    public static let resource = "namespaces"

    /// The Namespace's metadata; labels such as `istio-injection` and `istio.io/rev` mark mesh membership.
    public var metadata: ObjectMeta
    /// The observed state.
    public var status: NamespaceStatus

    /// Creates a Namespace.
    public init(metadata: ObjectMeta = ObjectMeta(), status: NamespaceStatus = NamespaceStatus()) {
        self.metadata = metadata
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, status
    }

    /// Decodes a Namespace; a missing metadata or status is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta())
        status = try c.decode(.status, default: NamespaceStatus())
    }
}

/// A Namespace's `status`.
public struct NamespaceStatus: Decodable, Sendable, Hashable {
    /// `Active` or `Terminating`; `nil` when not reported.
    public var phase: String?

    /// Creates a Namespace status.
    public init(phase: String? = nil) {
        self.phase = phase
    }
}
