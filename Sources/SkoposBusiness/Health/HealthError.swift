/// Why health could not be computed.
public enum HealthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The metrics source (Prometheus) failed or answered something other than a vector; on-demand health answers
    /// 503 (`backend.md` §7.2).
    case metricsUnavailable(String)

    public var description: String {
        switch self {
        case .metricsUnavailable(let reason): "health rates are unavailable: \(reason)"
        }
    }
}
