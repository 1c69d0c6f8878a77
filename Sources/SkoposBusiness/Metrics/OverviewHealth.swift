import SkoposGraph

/// The health-cache entries the viewer may see, indexed for the Overview: the status of a service, and the rates of
/// every service and app (`backend.md` §2.9 "Overview metrics").
public struct OverviewHealth: Sendable {
    struct Key: Hashable, Sendable {
        var cluster: String
        var namespace: String
    }

    let namespaces: [Key: NamespaceHealth]

    /// An index of entries (of ``HealthCache/entries(cluster:)``, filtered to the viewer's namespaces).
    public init(entries: [HealthCache.Entry]) {
        var m: [Key: NamespaceHealth] = [:]
        for e in entries { m[Key(cluster: e.cluster, namespace: e.namespace)] = e.health }
        namespaces = m
    }

    /// A service's status (`Healthy`, `Degraded`, …), or `nil` when the cache has none.
    public func serviceStatus(cluster: String, namespace: String, service: String) -> String? {
        namespaces[Key(cluster: cluster, namespace: namespace)]?.services?[service]?.status?.status.rawValue
    }

    /// Every service with inbound traffic, with its request and error rates.
    public func serviceRates() -> [ServiceRate] {
        var rows: [ServiceRate] = []
        for (key, health) in namespaces {
            for (name, service) in health.services ?? [:] {
                let (total, errors) = Self.rates(service.requests.inbound)
                guard total > 0 else { continue }
                rows.append(
                    ServiceRate(
                        cluster: key.cluster,
                        namespace: key.namespace,
                        serviceName: name,
                        requestRate: total,
                        errorRate: errors / total,
                        healthStatus: service.status?.status.rawValue
                    )
                )
            }
        }
        return rows
    }

    /// Every app, with its inbound and outbound request rates.
    public func appRates() -> [AppRate] {
        var rows: [AppRate] = []
        for (key, health) in namespaces {
            for (name, app) in health.apps ?? [:] {
                rows.append(
                    AppRate(
                        cluster: key.cluster,
                        namespace: key.namespace,
                        appName: name,
                        requestRateIn: Self.rates(app.requests.inbound).total,
                        requestRateOut: Self.rates(app.requests.outbound).total,
                        healthStatus: app.status?.status.rawValue ?? HealthStatus.na.rawValue
                    )
                )
            }
        }
        return rows
    }

    /// The total and the failed requests per second of a request map (protocol → code → rate), summed in a fixed
    /// order.
    static func rates(_ map: [String: [String: Double]]) -> (total: Double, errors: Double) {
        var total = 0.0
        var errors = 0.0
        for proto in map.keys.sorted() {
            let codes = map[proto]!
            for code in codes.keys.sorted() {
                let v = codes[code]!
                guard v.isFinite, v > 0 else { continue }
                total += v
                if isError(proto: proto, code: code) { errors += v }
            }
        }
        return (total, errors)
    }

    /// Whether a code of a request map is a failure, as `request_error_count` counts them: no response (`-`), an HTTP
    /// 4xx or 5xx, or for gRPC a status from 1 to 16.
    static func isError(proto: String, code: String) -> Bool {
        if code == "-" { return true }
        let u = Array(code.utf8)
        if u.count == 3, u[0] == UInt8(ascii: "4") || u[0] == UInt8(ascii: "5"), u[1...].allSatisfy({ $0 >= 48 && $0 <= 57 }) { return true }
        if proto == "grpc", u.allSatisfy({ $0 >= 48 && $0 <= 57 }), let status = Int(code), (1...16).contains(status) { return true }
        return false
    }
}
