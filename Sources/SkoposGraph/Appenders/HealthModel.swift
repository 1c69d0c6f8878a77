import SkoposModel

/// Request rates of an entity by direction, protocol and response code (Kiali's `RequestHealth`), with the entity's
/// health annotations.
public struct RequestHealth: Sendable, Hashable {
    /// Protocol → code → requests per second.
    public var inbound: [String: [String: Double]] = [:]
    public var outbound: [String: [String: Double]] = [:]
    /// The entity's `health.kiali.io/*` annotations.
    public var healthAnnotations: [String: String] = [:]

    public init() {}

    public mutating func addInbound(_ proto: String, _ code: String, _ rate: Double) {
        inbound[proto, default: [:]][code, default: 0] += rate
    }

    public mutating func addOutbound(_ proto: String, _ code: String, _ rate: Double) {
        outbound[proto, default: [:]][code, default: 0] += rate
    }

    /// Adds another entity's rates (the members of an app).
    public mutating func add(_ other: RequestHealth) {
        for (p, codes) in other.inbound { for (c, v) in codes { addInbound(p, c, v) } }
        for (p, codes) in other.outbound { for (c, v) in codes { addOutbound(p, c, v) } }
    }

    /// Every inbound and outbound rate.
    public var totalRequestRate: Double {
        var total = 0.0
        for traffic in [inbound, outbound] { for codes in traffic.values { for v in codes.values { total += v } } }
        return total
    }

    /// `{"healthAnnotations": {…}, "inbound": {…}, "outbound": {…}}`.
    var json: JSONValue {
        func map(_ m: [String: [String: Double]]) -> JSONValue {
            .object(m.mapValues { codes in .object(codes.mapValues { .double($0) }) })
        }
        return .object([
            "healthAnnotations": .object(healthAnnotations.mapValues { .string($0) }),
            "inbound": map(inbound),
            "outbound": map(outbound),
        ])
    }
}

/// The health JSON of graph nodes (`backend.md` §7.6) [COMPAT]: `WorkloadHealth`, `AppHealth` and `ServiceHealth`.
/// `status` is absent when it was not computed (inaccessible nodes).
enum HealthJSON {
    static func status(_ h: CalculatedHealth) -> JSONValue {
        var o: [String: JSONValue] = ["status": .string(h.status.rawValue), "totalRequestRate": .double(h.totalRequestRate)]
        // Go's `omitempty`: a zero ratio is left out, −1 (no traffic) is written.
        if h.errorRatio != 0 { o["errorRatio"] = .double(h.errorRatio) }
        return .object(o)
    }

    /// Kiali's `WorkloadStatus`.
    static func workloadStatus(name: String, _ r: WorkloadReplicas) -> JSONValue {
        .object([
            "name": .string(name), "desiredReplicas": .int(r.desired), "currentReplicas": .int(r.current), "availableReplicas": .int(r.available),
            "syncedProxies": .int(r.syncedProxies),
        ])
    }

    static func service(_ requests: RequestHealth, _ status: CalculatedHealth?) -> JSONValue {
        var o: [String: JSONValue] = ["requests": requests.json]
        if let status { o["status"] = Self.status(status) }
        return .object(o)
    }

    static func workload(_ requests: RequestHealth, name: String, replicas: WorkloadReplicas?, _ status: CalculatedHealth?) -> JSONValue {
        var o: [String: JSONValue] = ["requests": requests.json]
        if let replicas { o["workloadStatus"] = workloadStatus(name: name, replicas) }
        if let status { o["status"] = Self.status(status) }
        return .object(o)
    }

    static func app(_ requests: RequestHealth, workloads: [(name: String, replicas: WorkloadReplicas)], _ status: CalculatedHealth?) -> JSONValue {
        var o: [String: JSONValue] = [
            "requests": requests.json, "workloadStatuses": .array(workloads.map { workloadStatus(name: $0.name, $0.replicas) }),
        ]
        if let status { o["status"] = Self.status(status) }
        return .object(o)
    }
}
