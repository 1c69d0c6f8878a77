/// The kinds of entity that have health, as `health_config.rate[].kind` names them.
public enum HealthEntityKind: String, Sendable, Hashable, CaseIterable {
    case app
    case service
    case workload
}

/// Which kinds a health request asks for (`type` of `/api/clusters/health`: empty means all).
public struct HealthTypes: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    /// A set from its bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Apps.
    public static let app = HealthTypes(rawValue: 1)
    /// Services.
    public static let service = HealthTypes(rawValue: 2)
    /// Workloads.
    public static let workload = HealthTypes(rawValue: 4)
    /// Every kind.
    public static let all: HealthTypes = [.app, .service, .workload]

    /// The `type` query parameter: empty (all), `app`, `service` or `workload`; `nil` for anything else.
    public init?(parameter: String) {
        switch parameter {
        case "": self = .all
        case "app": self = .app
        case "service": self = .service
        case "workload": self = .workload
        default: return nil
        }
    }

    /// One kind.
    public init(_ kind: HealthEntityKind) {
        switch kind {
        case .app: self = .app
        case .service: self = .service
        case .workload: self = .workload
        }
    }
}
