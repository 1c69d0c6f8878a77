import SkoposModel

/// The Overview metrics JSON (`backend.md` §2.9 "Overview metrics") [COMPAT], written with ``GoJSONWriter``; fields in
/// name order, numbers as Go writes `float64`, `healthStatus` left out when unknown (services), lists `null` when the
/// health cache is disabled.
///
/// ```json
/// {"services": [{"cluster": "east", "healthStatus": "Healthy", "latency": 12.5, "namespace": "bookinfo", "serviceName": "reviews"}]}
/// {"apps": [{"appName": "reviews", "cluster": "east", "healthStatus": "Degraded", "namespace": "bookinfo", "requestRateIn": 2, "requestRateOut": 1}]}
/// ```
public enum OverviewJSON {
    /// `…/services/latency`: `{"services": [{cluster, healthStatus?, latency, namespace, serviceName}]}`.
    public static func latencies(_ rows: [OverviewService]) -> [UInt8] {
        services(rows, valueKey: "latency")
    }

    /// `…/services/throughput`: `{"services": [{cluster, healthStatus?, namespace, serviceName, tcpRate}]}`.
    public static func throughput(_ rows: [OverviewService]) -> [UInt8] {
        services(rows, valueKey: "tcpRate")
    }

    private static func services(_ rows: [OverviewService], valueKey: String) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 192 * rows.count)
        w.beginObject()
        w.key("services")
        w.beginArray()
        for r in rows {
            // Keys in name order: "latency" sorts before "namespace", "tcpRate" after "serviceName".
            var fields: [(String, (inout GoJSONWriter) -> Void)] = [
                ("cluster", { $0.string(r.cluster) }),
                ("namespace", { $0.string(r.namespace) }),
                ("serviceName", { $0.string(r.serviceName) }),
                (valueKey, { $0.raw(GoFloat.format(r.value)) }),
            ]
            if let status = r.healthStatus { fields.append(("healthStatus", { $0.string(status) })) }
            w.beginObject()
            for (key, write) in fields.sorted(by: { MetricsJSON.goOrder($0.0, $1.0) }) {
                w.key(key)
                write(&w)
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// `…/services/rates`: `{"services": [{cluster, errorRate, healthStatus?, namespace, requestRate, serviceName}]}`;
    /// `{"services": null}` for `nil`.
    public static func serviceRates(_ rows: [ServiceRate]?) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 224 * (rows?.count ?? 0))
        w.beginObject()
        w.key("services")
        if let rows {
            w.beginArray()
            for r in rows {
                w.beginObject()
                w.member("cluster", r.cluster)
                w.key("errorRate")
                w.raw(GoFloat.format(r.errorRate))
                if let status = r.healthStatus { w.member("healthStatus", status) }
                w.member("namespace", r.namespace)
                w.key("requestRate")
                w.raw(GoFloat.format(r.requestRate))
                w.member("serviceName", r.serviceName)
                w.endObject()
            }
            w.endArray()
        } else {
            w.null()
        }
        w.endObject()
        return w.bytes
    }

    /// `…/apps/rates`: `{"apps": [{appName, cluster, healthStatus, namespace, requestRateIn, requestRateOut}]}`;
    /// `{"apps": null}` for `nil`.
    public static func appRates(_ rows: [AppRate]?) -> [UInt8] {
        var w = GoJSONWriter(capacity: 256 + 224 * (rows?.count ?? 0))
        w.beginObject()
        w.key("apps")
        if let rows {
            w.beginArray()
            for r in rows {
                w.beginObject()
                w.member("appName", r.appName)
                w.member("cluster", r.cluster)
                w.member("healthStatus", r.healthStatus)
                w.member("namespace", r.namespace)
                w.key("requestRateIn")
                w.raw(GoFloat.format(r.requestRateIn))
                w.key("requestRateOut")
                w.raw(GoFloat.format(r.requestRateOut))
                w.endObject()
            }
            w.endArray()
        } else {
            w.null()
        }
        w.endObject()
        return w.bytes
    }
}
