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
