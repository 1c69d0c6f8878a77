/// The appenders and finalizers a request runs (`graph.md` §9). `extensions`, `outsider` and `trafficGenerator` always
/// run and are not members.
public struct AppenderSet: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    // Namespace appenders, in the order they run.
    public static let serviceEntry = AppenderSet(rawValue: 1 << 0)
    public static let deadNode = AppenderSet(rawValue: 1 << 1)
    public static let workloadEntry = AppenderSet(rawValue: 1 << 2)
    public static let responseTime = AppenderSet(rawValue: 1 << 3)
    public static let securityPolicy = AppenderSet(rawValue: 1 << 4)
    public static let throughput = AppenderSet(rawValue: 1 << 5)
    public static let aggregateNode = AppenderSet(rawValue: 1 << 6)
    public static let idleNode = AppenderSet(rawValue: 1 << 7)
    public static let meshCheck = AppenderSet(rawValue: 1 << 8)
    // Optional finalizers.
    public static let istio = AppenderSet(rawValue: 1 << 9)
    public static let ambient = AppenderSet(rawValue: 1 << 10)
    public static let health = AppenderSet(rawValue: 1 << 11)
    public static let labeler = AppenderSet(rawValue: 1 << 12)

    /// What runs when the request has no `appenders` parameter.
    public static let all: AppenderSet = [
        .serviceEntry, .deadNode, .workloadEntry, .responseTime, .securityPolicy, .throughput, .aggregateNode, .idleNode, .meshCheck,
        .istio, .ambient, .health, .labeler,
    ]

    /// The names `appenders=` accepts. `sidecarsCheck` is an alias of `meshCheck`; `outsider` and `trafficGenerator`
    /// are accepted and ignored (they always run).
    public static let byName: [String: AppenderSet] = [
        "serviceEntry": .serviceEntry, "deadNode": .deadNode, "workloadEntry": .workloadEntry, "responseTime": .responseTime,
        "securityPolicy": .securityPolicy, "throughput": .throughput, "aggregateNode": .aggregateNode, "idleNode": .idleNode,
        "meshCheck": .meshCheck, "sidecarsCheck": .meshCheck, "istio": .istio, "ambient": .ambient, "health": .health,
        "labeler": .labeler, "outsider": [], "trafficGenerator": [],
    ]
}
