/// A health status, worst first: `Failure` > `Degraded` > `Not Ready` > `Healthy` > `NA` (`backend.md` §7.5).
public enum HealthStatus: String, Sendable, Hashable, Comparable {
    case na = "NA"
    case healthy = "Healthy"
    case notReady = "Not Ready"
    case degraded = "Degraded"
    case failure = "Failure"

    private var priority: Int {
        switch self {
        case .na: 0
        case .healthy: 1
        case .notReady: 2
        case .degraded: 3
        case .failure: 4
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.priority < b.priority }

    /// The worse of two statuses (Kiali's `MergeHealthStatus`).
    public func merged(_ other: Self) -> Self { max(self, other) }
}

/// A status with the error ratio that caused it and the traffic it was computed from (Kiali's
/// `CalculatedHealthStatus`).
public struct CalculatedHealth: Sendable, Hashable {
    public var status: HealthStatus
    /// Percent; −1 without traffic.
    public var errorRatio: Double
    /// Requests per second, inbound and outbound.
    public var totalRequestRate: Double

    public init(status: HealthStatus, errorRatio: Double, totalRequestRate: Double) {
        self.status = status
        self.errorRatio = errorRatio
        self.totalRequestRate = totalRequestRate
    }
}

/// Kiali's health calculator (`business/health_calculator.go`, `backend.md` §7.4–7.5) as pure functions over request
/// maps, tolerances and replica counters. Regexes are compiled once per calculator and their answers memoised, as a
/// graph asks the same few questions (is `503` a `5XX`?) for every edge.
public final class HealthCalculator {
    /// A tolerance with its regexes compiled.
    public struct Tolerance {
        var code: Pattern
        var proto: Pattern
        var direction: Pattern
        var degraded: Double
        var failure: Double
    }

    /// A compiled, anchored regex and the answers it already gave.
    final class Pattern {
        let text: String
        private let regex: Regex<AnyRegexOutput>?
        private var answers: [String: Bool] = [:]

        /// Compiles a pattern as Kiali does: empty means `.*`; anchored at both ends unless it already is; in codes
        /// `X`/`x` stand for a digit; an invalid regex matches everything.
        init(_ pattern: String, isCode: Bool = false) {
            var p = pattern.isEmpty ? ".*" : pattern
            if isCode {
                p = p.replacing("X", with: "\\d").replacing("x", with: "\\d")
            }
            if !p.hasPrefix("^") { p = "^" + p }
            if !p.hasSuffix("$") { p += "$" }
            text = p
            regex = (try? Regex(p)) ?? (try? Regex("^.*$"))
        }

        /// Whether the regex matches somewhere in `value` (Go's `MatchString`; the anchors make it a whole match).
        func matches(_ value: String) -> Bool {
            if let known = answers[value] { return known }
            let result = regex.map { (try? $0.firstMatch(in: value)) != nil } ?? true
            answers[value] = result
            return result
        }
    }

    private struct Rate {
        var namespace: Pattern
        var kind: Pattern
        var name: Pattern
        var tolerances: [Tolerance]
    }

    private var rates: [Rate] = []
    private var annotationTolerances: [String: [Tolerance]] = [:]
    private var patterns: [String: Pattern] = [:]

    public init(rates: [HealthRate]) {
        self.rates = rates.map { r in
            Rate(namespace: pattern(r.namespace), kind: pattern(r.kind), name: pattern(r.name), tolerances: r.tolerance.map(compile))
        }
    }

    private func compile(_ t: HealthTolerance) -> Tolerance {
        Tolerance(
            code: pattern(t.code, code: true),
            proto: pattern(t.protocol),
            direction: pattern(t.direction),
            degraded: t.degraded,
            failure: t.failure
        )
    }

    /// A compiled pattern, shared by every tolerance that uses the same text.
    private func pattern(_ p: String, code: Bool = false) -> Pattern {
        let key = (code ? "c:" : "p:") + p
        if let hit = patterns[key] { return hit }
        let made = Pattern(p, isCode: code)
        patterns[key] = made
        return made
    }

    /// The tolerances of an entity: those of a valid `health.kiali.io/rate` annotation when there is one (workloads
    /// and services only), otherwise those of the first rate entry whose namespace, kind and name match, otherwise
    /// the last entry's (`backend.md` §7.4).
    /// - Parameters:
    ///   - kind: `app`, `workload` or `service` (any node type is accepted and matched as text).
    ///   - annotations: the entity's annotations; apps pass none.
    public func tolerances(namespace: String, name: String, kind: String, annotations: [String: String]) -> [Tolerance] {
        if let text = annotations[HealthTolerance.annotation] {
            if let hit = annotationTolerances[text] {
                if !hit.isEmpty { return hit }
            } else {
                let parsed = HealthTolerance.parseAnnotation(text).map(compile)
                annotationTolerances[text] = parsed
                if !parsed.isEmpty { return parsed }
            }
        }
        guard !rates.isEmpty else { return [] }
        for r in rates where r.namespace.matches(namespace) && r.kind.matches(kind) && r.name.matches(name) {
            return r.tolerances
        }
        return rates[rates.count - 1].tolerances
    }

    // MARK: - Requests

    /// The status of request traffic against tolerances: for each direction, protocol and matching tolerance, the
    /// percentage of matching codes decides; the worst wins with its ratio. Traffic that no tolerance judges is
    /// `Healthy` (0); no traffic is `NA` (−1). Without tolerances, Kiali's fallback: 4xx and 5xx ≥ 10 % fail, ≥ 0.1 %
    /// degrade.
    public func requestStatus(_ requests: RequestHealth, _ tolerances: [Tolerance]) -> (status: HealthStatus, errorRatio: Double) {
        guard !tolerances.isEmpty else { return Self.simpleRequestStatus(requests) }
        var worst = HealthStatus.na
        var worstRatio = -1.0
        var hasTraffic = false
        for (direction, traffic) in [("inbound", requests.inbound), ("outbound", requests.outbound)] {
            for proto in traffic.keys.sorted() {
                let codes = traffic[proto]!
                let total = codes.values.reduce(0, +)
                guard total > 0 else { continue }
                hasTraffic = true
                for t in tolerances where t.direction.matches(direction) && t.proto.matches(proto) {
                    var errors = 0.0
                    for (code, rate) in codes where t.code.matches(code) { errors += rate }
                    let ratio = errors / total * 100
                    let status = Self.threshold(ratio, degraded: t.degraded, failure: t.failure)
                    if status > worst {
                        worst = status
                        worstRatio = ratio
                    }
                }
            }
        }
        if worst == .na && hasTraffic { return (.healthy, 0) }
        return (worst, worstRatio)
    }

    /// Kiali's `applyThresholds` (the UI's `ascendingThresholdCheck`): no errors is healthy; then failure (when set),
    /// then degraded (0 means any error).
    static func threshold(_ ratio: Double, degraded: Double, failure: Double) -> HealthStatus {
        guard ratio > 0 else { return .healthy }
        if failure > 0 && ratio >= failure { return .failure }
        if ratio >= degraded { return .degraded }
        return .healthy
    }

    /// The status without any tolerance: the 4xx and 5xx share of all requests.
    static func simpleRequestStatus(_ requests: RequestHealth) -> (status: HealthStatus, errorRatio: Double) {
        var total = 0.0, errors = 0.0
        for traffic in [requests.inbound, requests.outbound] {
            for codes in traffic.values {
                for (code, rate) in codes {
                    total += rate
                    if let f = code.utf8.first, f == UInt8(ascii: "4") || f == UInt8(ascii: "5") { errors += rate }
                }
            }
        }
        guard total > 0 else { return (.na, -1) }
        let percent = errors / total * 100
        if percent >= 10 { return (.failure, percent) }
        if percent >= 0.1 { return (.degraded, percent) }
        return (.healthy, percent)
    }

    // MARK: - Entities

    /// A workload's replica status, first matching rule (`backend.md` §7.5) [COMPAT].
    public static func workloadStatus(_ r: WorkloadReplicas) -> HealthStatus {
        if r.desired == 0 { return .notReady }
        if r.desired > 0 && r.current > 0 && r.available > 0 && (r.current < r.desired || r.available < r.desired) { return .degraded }
        if r.available == 0 { return .failure }
        if r.desired == r.available && r.available != r.current { return .failure }
        if r.syncedProxies >= 0 && r.syncedProxies < r.desired { return .degraded }
        if r.desired == r.current && r.current == r.available { return .healthy }
        return .degraded
    }

    /// A workload: the worse of its replica status (NA when unknown) and its requests.
    public func workloadHealth(_ requests: RequestHealth, replicas: WorkloadReplicas?, tolerances: [Tolerance]) -> CalculatedHealth {
        let (status, ratio) = requestStatus(requests, tolerances)
        let replicaStatus = replicas.map(Self.workloadStatus) ?? .na
        return CalculatedHealth(status: replicaStatus.merged(status), errorRatio: ratio, totalRequestRate: requests.totalRequestRate)
    }

    /// An app: the worst of its requests and each of its workloads' replica status.
    public func appHealth(_ requests: RequestHealth, workloads: [WorkloadReplicas], tolerances: [Tolerance]) -> CalculatedHealth {
        var (status, ratio) = requestStatus(requests, tolerances)
        for w in workloads { status = status.merged(Self.workloadStatus(w)) }
        return CalculatedHealth(status: status, errorRatio: ratio, totalRequestRate: requests.totalRequestRate)
    }

    /// A service: its requests.
    public func serviceHealth(_ requests: RequestHealth, tolerances: [Tolerance]) -> CalculatedHealth {
        let (status, ratio) = requestStatus(requests, tolerances)
        return CalculatedHealth(status: status, errorRatio: ratio, totalRequestRate: requests.totalRequestRate)
    }

    // MARK: - Edges

    /// An edge's status from one end's tolerances of one direction: the worst over the tolerances that match the
    /// edge's protocol, `Healthy` when traffic is not judged by any, `NA` without traffic.
    /// - Parameters:
    ///   - codes: the edge's rate per response code.
    ///   - tolerances: the end's tolerances, already limited to the direction.
    func edgeStatus(codes: [String: Double], protocol proto: String, tolerances: [Tolerance]) -> HealthStatus {
        let total = codes.values.reduce(0, +)
        guard total > 0 else { return .na }
        var worst = HealthStatus.na
        for t in tolerances where t.proto.matches(proto) {
            var errors = 0.0
            for (code, rate) in codes where t.code.matches(code) { errors += rate }
            worst = worst.merged(Self.threshold(errors / total * 100, degraded: t.degraded, failure: t.failure))
        }
        return worst == .na ? .healthy : worst
    }
}
