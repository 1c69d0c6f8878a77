/// The validation counts of one namespace (`backend.md` §2.4): `{"errors":…,"objectCount":…,"warnings":…,
/// "namespace":…,"cluster":…}`, for `/api/istio/validations` and `/api/namespaces/{ns}/validations`.
public struct ValidationSummary: Sendable, Hashable {
    /// The namespace.
    public var namespace: String
    /// Its cluster.
    public var cluster: String
    /// The validated objects (workload entries of the validations excepted).
    public var objectCount: Int
    /// One per check of severity `error`.
    public var errors: Int
    /// One per check of severity `warning`.
    public var warnings: Int

    /// A summary; no errors or warnings by default.
    public init(namespace: String, cluster: String, objectCount: Int, errors: Int = 0, warnings: Int = 0) {
        self.namespace = namespace
        self.cluster = cluster
        self.objectCount = objectCount
        self.errors = errors
        self.warnings = warnings
    }
}
