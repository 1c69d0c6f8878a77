import SkoposGraph
import SkoposModel

/// `health_config.rate` (`backend.md` §3.6) read into the graph's health tolerances, Kiali's default entry appended
/// after the user's.
enum HealthRates {
    static func from(_ healthConfig: JSONValue?) throws(ServeError) -> [HealthRate] {
        guard let rates = healthConfig?["rate"], !rates.isNull else { return HealthRate.withDefault([]) }
        guard let list = rates.arrayValue else { throw ServeError("health_config.rate: expected a list") }
        var user: [HealthRate] = []
        for (i, entry) in list.enumerated() {
            let key = "health_config.rate[\(i)]"
            func text(_ field: String, _ v: JSONValue?, default d: String) throws(ServeError) -> String {
                guard let v, !v.isNull else { return d }
                guard let s = v.stringValue else { throw ServeError("\(key).\(field): expected a string (a regular expression)") }
                return s
            }
            var tolerances: [HealthTolerance] = []
            for (j, t) in (entry["tolerance"]?.arrayValue ?? []).enumerated() {
                let tkey = "\(key).tolerance[\(j)]"
                func number(_ field: String) throws(ServeError) -> Double {
                    switch t[field] {
                    case .int(let n)?: return Double(n)
                    case .double(let d)?: return d
                    case nil, .null?: return 0
                    default: throw ServeError("\(tkey).\(field): expected a percentage")
                    }
                }
                guard let code = t["code"]?.stringValue else { throw ServeError("\(tkey).code: required, a regular expression") }
                tolerances.append(
                    HealthTolerance(
                        code: code, protocol: try text("protocol", t["protocol"], default: ".*"), direction: try text("direction", t["direction"], default: ".*"),
                        degraded: try number("degraded"), failure: try number("failure")))
            }
            user.append(
                HealthRate(
                    namespace: try text("namespace", entry["namespace"], default: ".*"), kind: try text("kind", entry["kind"], default: ".*"),
                    name: try text("name", entry["name"], default: ".*"), tolerance: tolerances))
        }
        return HealthRate.withDefault(user)
    }
}
