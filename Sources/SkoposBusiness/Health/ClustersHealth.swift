public import SkoposGraph
public import SkoposModel

/// The entities of one kind of one namespace sorted by status (`backend.md` §7.7): `Failure` → `inError`, `Degraded` →
/// `inWarning`, `Healthy` → `inSuccess`, `Not Ready` → `inNotReady`, anything else (`NA`, no status) →
/// `notAvailable`. Names sorted in each bucket.
public struct HealthBuckets: Sendable, Hashable {
    /// `Failure`.
    public var inError: [String] = []
    /// `Not Ready`.
    public var inNotReady: [String] = []
    /// `Healthy`.
    public var inSuccess: [String] = []
    /// `Degraded`.
    public var inWarning: [String] = []
    /// `NA` or no status.
    public var notAvailable: [String] = []

    /// Empty buckets.
    public init() {}

    /// Sorts entities into buckets.
    /// - Parameter statuses: Each entity's status by name; `nil` when it has none.
    public init(_ statuses: [String: HealthStatus?]) {
        for name in statuses.keys.sorted(by: HealthBuckets.goOrder) {
            switch statuses[name]! {
            case .failure: inError.append(name)
            case .degraded: inWarning.append(name)
            case .healthy: inSuccess.append(name)
            case .notReady: inNotReady.append(name)
            case .na, nil: notAvailable.append(name)
            }
        }
    }

    /// The worst status with an entity in it; `NA` when only `notAvailable` has entities or none has.
    public var worstStatus: HealthStatus {
        if !inError.isEmpty { return .failure }
        if !inWarning.isEmpty { return .degraded }
        if !inNotReady.isEmpty { return .notReady }
        if !inSuccess.isEmpty { return .healthy }
        return .na
    }

    /// Go's map-key order: by UTF-8 bytes.
    static func goOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}

/// The `namespaceHealth` summary of one namespace: buckets of the kinds asked for and the worst status over them.
public struct NamespaceHealthSummary: Sendable, Hashable {
    /// The apps' buckets, when apps were asked for.
    public var statusApp: HealthBuckets?
    /// The services' buckets, when services were asked for.
    public var statusService: HealthBuckets?
    /// The workloads' buckets, when workloads were asked for.
    public var statusWorkload: HealthBuckets?

    /// A summary of given buckets.
    public init(statusApp: HealthBuckets? = nil, statusService: HealthBuckets? = nil, statusWorkload: HealthBuckets? = nil) {
        self.statusApp = statusApp
        self.statusService = statusService
        self.statusWorkload = statusWorkload
    }

    /// The summary of a namespace's health for the kinds asked for; a kind asked for but missing counts as empty.
    public init(_ health: NamespaceHealth, types: HealthTypes) {
        if types.contains(.app) { statusApp = HealthBuckets((health.apps ?? [:]).mapValues { $0.status?.status }) }
        if types.contains(.service) { statusService = HealthBuckets((health.services ?? [:]).mapValues { $0.status?.status }) }
        if types.contains(.workload) { statusWorkload = HealthBuckets((health.workloads ?? [:]).mapValues { $0.status?.status }) }
    }

    /// The worst status over the buckets present (`NA` when they are all empty).
    public var worstStatus: HealthStatus {
        [statusApp, statusService, statusWorkload].compactMap { $0?.worstStatus }.max() ?? .na
    }
}

/// The answer of `GET /api/clusters/health` (`backend.md` §7.7) for one cluster: per namespace, the health of the
/// kinds asked for and their summary.
///
/// ```json
/// {"namespaceAppHealth":{"bookinfo":{"reviews":{…}}},"namespaceServiceHealth":{…},"namespaceWorkloadHealth":{…},
///  "namespaceHealth":{"bookinfo":{"statusApp":{"inError":[],"inNotReady":[],"inSuccess":["reviews"],"inWarning":[],
///    "notAvailable":["details"]},"statusService":{…},"statusWorkload":{…},"worstStatus":"Healthy"}}}
/// ```
public struct ClustersHealth: Sendable, Hashable {
    /// The kinds asked for; the others are absent from the JSON (maps and buckets).
    public var types: HealthTypes
    /// Each namespace's health; a kind that is `nil` there is written as an empty map.
    public var namespaces: [String: NamespaceHealth]

    /// An answer for these kinds and namespaces.
    public init(types: HealthTypes, namespaces: [String: NamespaceHealth]) {
        self.types = types
        self.namespaces = namespaces
    }

    /// Each namespace's summary.
    public var summaries: [String: NamespaceHealthSummary] {
        namespaces.mapValues { NamespaceHealthSummary($0, types: types) }
    }

    /// The JSON document.
    public func jsonBytes() -> [UInt8] {
        var w = GoJSONWriter(capacity: 4096)
        write(to: &w)
        return w.bytes
    }

    /// Writes the JSON document: `namespaceAppHealth`, `namespaceServiceHealth`, `namespaceWorkloadHealth` (those
    /// asked for), then `namespaceHealth`.
    public func write(to w: inout GoJSONWriter) {
        let names = namespaces.keys.sorted(by: HealthBuckets.goOrder)
        w.beginObject()
        if types.contains(.app) {
            w.key("namespaceAppHealth")
            w.beginObject()
            for ns in names {
                w.key(ns)
                HealthJSON.write(namespaces[ns]!.apps ?? [:], to: &w, HealthJSON.write)
            }
            w.endObject()
        }
        if types.contains(.service) {
            w.key("namespaceServiceHealth")
            w.beginObject()
            for ns in names {
                w.key(ns)
                HealthJSON.write(namespaces[ns]!.services ?? [:], to: &w, HealthJSON.write)
            }
            w.endObject()
        }
        if types.contains(.workload) {
            w.key("namespaceWorkloadHealth")
            w.beginObject()
            for ns in names {
                w.key(ns)
                HealthJSON.write(namespaces[ns]!.workloads ?? [:], to: &w, HealthJSON.write)
            }
            w.endObject()
        }
        w.key("namespaceHealth")
        w.beginObject()
        for ns in names {
            w.key(ns)
            Self.write(NamespaceHealthSummary(namespaces[ns]!, types: types), to: &w)
        }
        w.endObject()
        w.endObject()
    }

    static func write(_ s: NamespaceHealthSummary, to w: inout GoJSONWriter) {
        w.beginObject()
        for (key, buckets) in [("statusApp", s.statusApp), ("statusService", s.statusService), ("statusWorkload", s.statusWorkload)] {
            guard let buckets else { continue }
            w.key(key)
            write(buckets, to: &w)
        }
        w.member("worstStatus", s.worstStatus.rawValue)
        w.endObject()
    }

    static func write(_ b: HealthBuckets, to w: inout GoJSONWriter) {
        w.beginObject()
        for (key, names) in [
            ("inError", b.inError), ("inNotReady", b.inNotReady), ("inSuccess", b.inSuccess), ("inWarning", b.inWarning),
            ("notAvailable", b.notAvailable),
        ] {
            w.key(key)
            w.beginArray()
            for n in names { w.string(n) }
            w.endArray()
        }
        w.endObject()
    }
}
