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
