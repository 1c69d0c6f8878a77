/// What the graph reads from a cluster's Istio mesh config.
public struct MeshFacts: Sendable, Hashable {
    /// `defaultServiceExportTo`: where a ServiceEntry without `exportTo` is visible. Istio's default is `["*"]`.
    public var defaultServiceExportTo: [String]

    public init(defaultServiceExportTo: [String] = ["*"]) {
        self.defaultServiceExportTo = defaultServiceExportTo
    }
}
