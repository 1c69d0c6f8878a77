/// How a request ended, as Istio labels it.
public struct Outcome: Sendable, Hashable, Comparable {
    /// `response_code`; TCP connections have none (`""`).
    public var code: String
    /// `grpc_response_status`: `"0"` for gRPC success, `""` for plain HTTP and TCP.
    public var grpcStatus: String
    /// `response_flags`: `-` when Envoy saw nothing unusual.
    public var flags: String

    public init(code: String, grpcStatus: String = "", flags: String = "-") {
        self.code = code
        self.grpcStatus = grpcStatus
        self.flags = flags
    }

    public static func < (a: Outcome, b: Outcome) -> Bool {
        (a.code, a.grpcStatus, a.flags) < (b.code, b.grpcStatus, b.flags)
    }
}

/// The requests (or connections) each flow has carried so far, by outcome. Pure value: `advance` moves time forward
/// at the scenario's rates, with the faults in force during that time.
public struct TrafficState: Sendable {
    public let topology: MeshTopology
    /// Per flow (same order as `topology.flows`): requests so far by outcome, fractional.
    public private(set) var counts: [[Outcome: Double]]
    /// Faults in force: the scenario's, then those switched at run time.
    public var faults: [Scenario.Fault]

    public init(topology: MeshTopology) {
        self.topology = topology
        self.counts = Array(repeating: [:], count: topology.flows.count)
        // A scenario's fault without a cluster is one fault per cluster the workload runs in, so that the switch
        // (which names a cluster) can change or end each of them.
        self.faults = topology.scenario.faults.flatMap { fault -> [Scenario.Fault] in
            guard fault.target.cluster == nil else { return [fault] }
            let clusters = topology.instances.filter { $0.matches(fault.target) }.map(\.cluster)
            return clusters.map { cluster in
                var pinned = fault
                pinned.target.cluster = cluster
                return pinned
            }
        }
    }

    /// Adds `seconds` worth of traffic to every flow.
    public mutating func advance(seconds: Double) {
        guard seconds > 0 else { return }
        for index in topology.flows.indices {
            let flow = topology.flows[index]
            for (outcome, fraction) in distribution(of: index) where fraction > 0 {
                counts[index][outcome, default: 0] += flow.rate * seconds * fraction
            }
        }
    }

    /// The share of each outcome for a flow now: the edge's own errors, overridden by a fault on its destination for
    /// the fault's percentage of requests.
    public func distribution(of index: Int) -> [(Outcome, Double)] {
        let flow = topology.flows[index]
        let edge = topology.scenario.traffic[flow.edge]
        let proto = flow.service.portProtocol
        var result: [Outcome: Double] = [:]
        var remaining = 1.0
        for fault in faults where flow.destination.matches(fault.target) {
            let share = remaining * min(max(fault.percent, 0), 100) / 100
            result[Self.faultOutcome(code: fault.code, proto: proto), default: 0] += share
            remaining -= share
        }
        var ok = remaining
        if proto != .tcp {
            for (code, fraction) in edge.errors {
                let share = remaining * fraction
                let outcome = proto == .grpc ? Outcome(code: "200", grpcStatus: code) : Outcome(code: code)
                result[outcome, default: 0] += share
                ok -= share
            }
        }
        let success: Outcome
        switch proto {
        case .http: success = Outcome(code: "200")
        case .grpc: success = Outcome(code: "200", grpcStatus: "0")
        case .tcp: success = Outcome(code: "")
        }
        result[success, default: 0] += max(ok, 0)
        return result.sorted { $0.key < $1.key }
    }

    static func faultOutcome(code: String, proto: Scenario.PortProtocol) -> Outcome {
        switch proto {
        case .http: return Outcome(code: code)
        // An HTTP error on a gRPC call surfaces as UNAVAILABLE (14), as Envoy maps it.
        case .grpc: return Outcome(code: code, grpcStatus: "14")
        // A TCP backend that fails refuses connections: Envoy flags them UF (upstream failure).
        case .tcp: return Outcome(code: "", flags: "UF")
        }
    }

    /// Switches a fault on (replacing any on the same workload), or off with `percent` 0.
    public mutating func setFault(_ fault: Scenario.Fault) {
        faults.removeAll { $0.target == fault.target }
        if fault.percent > 0 { faults.append(fault) }
    }

    public mutating func clearFaults() { faults.removeAll() }
}
