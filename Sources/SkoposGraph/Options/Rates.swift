/// The traffic rates the graph shows (`rateHttp`, `rateGrpc`, `rateTcp`, `ambientTraffic`).
public struct Rates: Sendable, Hashable {
    public enum HTTP: String, Sendable, Hashable, CaseIterable { case none, requests }
    public enum GRPC: String, Sendable, Hashable, CaseIterable { case none, requests, sent, received, total }
    public enum TCP: String, Sendable, Hashable, CaseIterable { case none, sent, received, total }
    public enum Ambient: String, Sendable, Hashable, CaseIterable { case none, total, waypoint, ztunnel }

    public var http: HTTP = .requests
    public var grpc: GRPC = .requests
    public var tcp: TCP = .sent
    public var ambient: Ambient = .total

    public init() {}
}
