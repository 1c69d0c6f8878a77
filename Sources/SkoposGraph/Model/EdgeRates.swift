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
