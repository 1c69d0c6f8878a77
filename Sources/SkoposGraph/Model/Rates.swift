/// A node's rates (`graph.md` §4.4): incoming by class and outgoing, per protocol.
public struct NodeRates: Sendable, Hashable {
    public var httpIn = 0.0, httpInNoResponse = 0.0, httpIn3xx = 0.0, httpIn4xx = 0.0, httpIn5xx = 0.0, httpOut = 0.0
    public var grpcIn = 0.0, grpcInNoResponse = 0.0, grpcInErr = 0.0, grpcOut = 0.0
    public var tcpIn = 0.0, tcpOut = 0.0

    public init() {}

    /// Adds to the outgoing rate of a protocol.
    mutating func addOut(_ p: TrafficProtocol, _ v: Double) {
        switch p {
        case .http: httpOut += v
        case .grpc: grpcOut += v
        case .tcp: tcpOut += v
        }
    }

    /// Adds to the incoming rate of a protocol, classified by response class.
    mutating func addIn(_ p: TrafficProtocol, _ v: Double, _ c: ResponseClass) {
        switch p {
        case .http:
            httpIn += v
            switch c {
            case .noResponse: httpInNoResponse += v
            case .r3xx: httpIn3xx += v
            case .r4xx: httpIn4xx += v
            case .r5xx: httpIn5xx += v
            case .none, .err: break
            }
        case .grpc:
            grpcIn += v
            switch c {
            case .noResponse: grpcInNoResponse += v
            case .err: grpcInErr += v
            default: break
            }
        case .tcp: tcpIn += v
        }
    }

    /// The outgoing rate of a protocol.
    func out(_ p: TrafficProtocol) -> Double {
        switch p {
        case .http: httpOut
        case .grpc: grpcOut
        case .tcp: tcpOut
        }
    }

    /// Whether any rate is above zero.
    var hasTraffic: Bool {
        httpIn > 0 || httpOut > 0 || grpcIn > 0 || grpcOut > 0 || tcpIn > 0 || tcpOut > 0
    }

    /// Whether any incoming rate is above zero.
    var hasIncoming: Bool { httpIn > 0 || grpcIn > 0 || tcpIn > 0 }
}

/// How a response code counts (`graph.md` §4.4).
enum ResponseClass: Sendable {
    case none, noResponse, r3xx, r4xx, r5xx, err

    /// Classifies a response code for a protocol.
    static func of(_ code: String, protocol p: TrafficProtocol) -> ResponseClass {
        switch p {
        case .tcp:
            return .none
        case .http:
            if code == "-" { return .noResponse }
            return httpClass(code)
        case .grpc:
            if code == "-" { return .noResponse }
            if code.utf8.count == 3 {
                switch httpClass(code) {
                case .r4xx, .r5xx: return .err
                default: return .none
                }
            }
            return code.isEmpty || code == "0" ? .none : .err
        }
    }

    private static func httpClass(_ code: String) -> ResponseClass {
        switch code.utf8.first {
        case UInt8(ascii: "3"): .r3xx
        case UInt8(ascii: "4"): .r4xx
        case UInt8(ascii: "5"): .r5xx
        default: .none
        }
    }
}

/// An edge's rates: the total and the error classes (2xx is what remains).
public struct EdgeRates: Sendable, Hashable {
    public var total = 0.0, noResponse = 0.0, r3xx = 0.0, r4xx = 0.0, r5xx = 0.0, err = 0.0

    public init() {}

    mutating func add(_ v: Double, _ c: ResponseClass) {
        total += v
        switch c {
        case .noResponse: noResponse += v
        case .r3xx: r3xx += v
        case .r4xx: r4xx += v
        case .r5xx: r5xx += v
        case .err: err += v
        case .none: break
        }
    }

    mutating func add(_ o: EdgeRates) {
        total += o.total
        noResponse += o.noResponse
        r3xx += o.r3xx
        r4xx += o.r4xx
        r5xx += o.r5xx
        err += o.err
    }
}

/// What one response code carried: rates by response flags and by host.
public struct ResponseDetail: Sendable, Hashable {
    public var flags: [String: Double] = [:]
    public var hosts: [String: Double] = [:]

    public init() {}

    mutating func add(_ o: ResponseDetail) {
        for (k, v) in o.flags { flags[k, default: 0] += v }
        for (k, v) in o.hosts { hosts[k, default: 0] += v }
    }
}
