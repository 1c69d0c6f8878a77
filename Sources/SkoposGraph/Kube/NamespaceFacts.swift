/// A namespace as the graph needs it.
public struct NamespaceFacts: Sendable, Hashable {
    public var name: String
    /// `metadata.creationTimestamp` in Unix seconds, when known.
    public var created: Int64?
    public var labels: [String: String]

    public init(name: String, created: Int64? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.created = created
        self.labels = labels
    }

    /// In Istio's ambient data plane (`istio.io/dataplane-mode: ambient`).
    public var isAmbient: Bool { labels["istio.io/dataplane-mode"] == "ambient" }
}
