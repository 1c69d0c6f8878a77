/// One `health_config.rate` entry (`backend.md` §3.6, §7.4): the tolerances of the entities whose namespace, kind
/// (`app`, `workload`, `service`) and name match its regexes.
public struct HealthRate: Sendable, Hashable {
    /// Regex on the entity's namespace; empty means any.
    public var namespace: String
    /// Regex on the entity's kind: `app`, `workload` or `service`; empty means any.
    public var kind: String
    /// Regex on the entity's name; empty means any.
    public var name: String
    public var tolerance: [HealthTolerance]

    public init(namespace: String = ".*", kind: String = ".*", name: String = ".*", tolerance: [HealthTolerance]) {
        self.namespace = namespace
        self.kind = kind
        self.name = name
        self.tolerance = tolerance
    }

    /// Kiali's default entry, appended after the user's entries when the configuration is loaded: any 5xx, gRPC error
    /// or missing response degrades, 10 % fails; 4xx degrades at 10 % and fails at 20 %.
    public static let `default` = HealthRate(
        namespace: ".*",
        kind: ".*",
        name: ".*",
        tolerance: [
            HealthTolerance(code: "5XX", protocol: "http", direction: ".*", degraded: 0, failure: 10),
            HealthTolerance(code: "4XX", protocol: "http", direction: ".*", degraded: 10, failure: 20),
            HealthTolerance(code: "^[1-9]$|^1[0-6]$", protocol: "grpc", direction: ".*", degraded: 0, failure: 10),
            HealthTolerance(code: "^-$", protocol: "http|grpc", direction: ".*", degraded: 0, failure: 10),
        ]
    )

    /// The user's entries followed by Kiali's default entry (`backend.md` §3.6) [COMPAT].
    public static func withDefault(_ user: [HealthRate]) -> [HealthRate] { user + [.default] }
}

/// A tolerance: for traffic whose protocol and direction match, the percentage of responses whose code matches at
/// which the entity is `Degraded` and `Failure`.
public struct HealthTolerance: Sendable, Hashable {
    /// Regex on the response code; `X` or `x` stands for a digit (`5XX`).
    public var code: String
    /// Regex on the protocol (`http`, `grpc`).
    public var `protocol`: String
    /// Regex on the direction (`inbound`, `outbound`).
    public var direction: String
    /// Percentage from which the entity is degraded (0: any matching response).
    public var degraded: Double
    /// Percentage from which the entity fails (0: never).
    public var failure: Double

    public init(code: String, protocol: String, direction: String = ".*", degraded: Double, failure: Double) {
        self.code = code
        self.protocol = `protocol`
        self.direction = direction
        self.degraded = degraded
        self.failure = failure
    }

    /// The annotation that overrides the configured tolerances of a workload (on its pod template) or a service.
    static let annotation = "health.kiali.io/rate"

    /// Parses a `health.kiali.io/rate` annotation: `;`-separated items `code,degraded,failure,protocol,direction`
    /// (for example `4XX,10,20,http,inbound`). Items with a wrong field count, numbers that do not parse, or
    /// `degraded > failure` are skipped (`backend.md` §7.4).
    static func parseAnnotation(_ text: String) -> [HealthTolerance] {
        var result: [HealthTolerance] = []
        for item in text.split(separator: ";") {
            let fields = item.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard fields.count == 5, let degraded = Double(fields[1]), let failure = Double(fields[2]), degraded <= failure else { continue }
            result.append(HealthTolerance(code: fields[0], protocol: fields[3], direction: fields[4], degraded: degraded, failure: failure))
        }
        return result
    }
}
