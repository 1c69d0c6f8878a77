/// A service as the graph needs it.
public struct ServiceFacts: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var selector: [String: String]

    public init(
        name: String,
        namespace: String,
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        selector: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.selector = selector
    }
}
