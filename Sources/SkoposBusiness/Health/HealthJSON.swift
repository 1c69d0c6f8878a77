public import SkoposGraph
public import SkoposModel

/// Kiali's health JSON (`backend.md` §7.6) [COMPAT], written with ``GoJSONWriter``: keys in the order of the spec's
/// examples (Go's), maps with sorted keys, numbers as Go writes `float64`, `errorRatio` omitted when 0 (Go's
/// `omitempty`; −1 is written), `status` absent when it was not computed.
///
/// ```json
/// {"requests":{"healthAnnotations":{},"inbound":{"http":{"200":3.5,"503":0.2}},"outbound":{}},
///  "status":{"errorRatio":5.4,"status":"Degraded","totalRequestRate":3.7},
///  "workloadStatus":{"availableReplicas":2,"currentReplicas":2,"desiredReplicas":2,"name":"reviews-v1","syncedProxies":2}}
/// ```
public enum HealthJSON {
    /// `{"healthAnnotations": {…}, "inbound": {…}, "outbound": {…}}`.
    public static func write(_ r: RequestHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("healthAnnotations")
        w.beginObject()
        for k in r.healthAnnotations.keys.sorted(by: HealthBuckets.goOrder) { w.member(k, r.healthAnnotations[k]!) }
        w.endObject()
        w.key("inbound")
        writeRates(r.inbound, to: &w)
        w.key("outbound")
        writeRates(r.outbound, to: &w)
        w.endObject()
    }

    /// `{"errorRatio": …, "status": …, "totalRequestRate": …}`.
    public static func write(_ h: CalculatedHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        if h.errorRatio != 0 {
            w.key("errorRatio")
            w.raw(GoFloat.format(h.errorRatio))
        }
        w.member("status", h.status.rawValue)
        w.key("totalRequestRate")
        w.raw(GoFloat.format(h.totalRequestRate))
        w.endObject()
    }

    /// `{"availableReplicas": …, "currentReplicas": …, "desiredReplicas": …, "name": …, "syncedProxies": …}`.
    public static func write(_ s: WorkloadStatus, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("availableReplicas")
        w.int(Int64(s.replicas.available))
        w.key("currentReplicas")
        w.int(Int64(s.replicas.current))
        w.key("desiredReplicas")
        w.int(Int64(s.replicas.desired))
        w.member("name", s.name)
        w.key("syncedProxies")
        w.int(Int64(s.replicas.syncedProxies))
        w.endObject()
    }

    /// A `WorkloadHealth`: `requests`, `status`, `workloadStatus`.
    public static func write(_ h: WorkloadHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("requests")
        write(h.requests, to: &w)
        if let status = h.status {
            w.key("status")
            write(status, to: &w)
        }
        if let ws = h.workloadStatus {
            w.key("workloadStatus")
            write(ws, to: &w)
        }
        w.endObject()
    }

    /// An `AppHealth`: `requests`, `status`, `workloadStatuses`.
    public static func write(_ h: AppHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("requests")
        write(h.requests, to: &w)
        if let status = h.status {
            w.key("status")
            write(status, to: &w)
        }
        w.key("workloadStatuses")
        w.beginArray()
        for s in h.workloadStatuses { write(s, to: &w) }
        w.endArray()
        w.endObject()
    }

    /// A `ServiceHealth`: `requests`, `status`.
    public static func write(_ h: ServiceHealth, to w: inout GoJSONWriter) {
        w.beginObject()
        w.key("requests")
        write(h.requests, to: &w)
        if let status = h.status {
            w.key("status")
            write(status, to: &w)
        }
        w.endObject()
    }

    /// A map of entity health by name, names sorted.
    public static func write<H>(_ map: [String: H], to w: inout GoJSONWriter, _ writeOne: (H, inout GoJSONWriter) -> Void) {
        w.beginObject()
        for name in map.keys.sorted(by: HealthBuckets.goOrder) {
            w.key(name)
            writeOne(map[name]!, &w)
        }
        w.endObject()
    }

    /// The bytes of one value written by one of the writers above, for a single-entity response.
    public static func bytes<H>(_ value: H, _ writeOne: (H, inout GoJSONWriter) -> Void) -> [UInt8] {
        var w = GoJSONWriter(capacity: 512)
        writeOne(value, &w)
        return w.bytes
    }

    /// `protocol → code → rate`, keys sorted.
    static func writeRates(_ rates: [String: [String: Double]], to w: inout GoJSONWriter) {
        w.beginObject()
        for proto in rates.keys.sorted(by: HealthBuckets.goOrder) {
            w.key(proto)
            w.beginObject()
            let codes = rates[proto]!
            for code in codes.keys.sorted(by: HealthBuckets.goOrder) {
                w.key(code)
                w.raw(GoFloat.format(codes[code]!))
            }
            w.endObject()
        }
        w.endObject()
    }
}
