/// Waypoint workloads by cluster, namespace and name; also under cluster `unknown`, as telemetry may lack it.
public struct WaypointSet: Sendable {
    private var keys = Set<String>()

    public init() {}

    public mutating func insert(cluster: String, namespace: String, name: String) {
        keys.insert("\(cluster)\u{0}\(namespace)\u{0}\(name)")
        keys.insert("unknown\u{0}\(namespace)\u{0}\(name)")
    }

    public func contains(cluster: String, namespace: String, name: String) -> Bool {
        !keys.isEmpty && keys.contains("\(cluster)\u{0}\(namespace)\u{0}\(name)")
    }

    public var isEmpty: Bool { keys.isEmpty }
}
