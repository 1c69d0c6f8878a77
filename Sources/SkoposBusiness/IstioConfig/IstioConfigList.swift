public import KubeTypes

/// The answer of `GET /api/namespaces/{ns}/istio` and `GET /api/istio/config` without its validations
/// (`backend.md` §2.7): for each of the 22 managed types, the objects found, or `nil` when the type was not asked for.
public struct IstioConfigList: Sendable {
    /// One type's entry.
    public struct Entry: Sendable {
        /// The type.
        public var type: IstioConfigType
        /// Its objects sorted by namespace and name (as cached, `managedFields` included; the writer leaves them out);
        /// `nil` when the type was not asked for.
        public var objects: [UnstructuredObject]?
    }

    /// The cluster.
    public var cluster: String
    /// All 22 types, in the order of ``IstioConfigType/all`` (sorted by map key).
    public var entries: [Entry]

    /// A list.
    public init(cluster: String, entries: [Entry]) {
        self.cluster = cluster
        self.entries = entries
    }

    /// The objects of a type; `nil` when it was not asked for.
    public func objects(_ type: IstioConfigType) -> [UnstructuredObject]? {
        entries.first { $0.type == type }?.objects
    }

    /// The number of objects, all types together.
    public var count: Int { entries.reduce(0) { $0 + ($1.objects?.count ?? 0) } }
}
