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
