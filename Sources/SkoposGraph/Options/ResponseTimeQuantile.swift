/// `responseTime`.
public enum ResponseTimeQuantile: String, Sendable, Hashable, CaseIterable {
    case avg
    case p50 = "50"
    case p95 = "95"
    case p99 = "99"
}
