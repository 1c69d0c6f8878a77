/// `throughputType`.
public enum ThroughputType: String, Sendable, Hashable, CaseIterable {
    case request, response
}
