public import KubeSim
import KubeTypes
public import SkoposModel

/// Where everything of a running demo answers; written to `DIR/demo.json`.
public struct DemoReport: Sendable {
    /// Each cluster's Prometheus URL.
    public var prometheus: [String: String]
    /// The federating Prometheus' URL: the mesh's single metrics endpoint.
    public var federatedPrometheus: String
    /// The kubeconfig path, one context per cluster.
    public var kubeconfig: String
    /// The OAuth users and their passwords.
    public var users: [SimUser]
    /// Each cluster's telemetry endpoint, and the fault switch (`/faults` on the first).
    public var metrics: [String: String]
    public var faults: String
    /// The clusters' names, in the scenario's order.
    public var clusters: [String]
    /// The console's URL, when the demo runs one.
    public var console: String?
    /// How the console lets users in (`--auth`).
    public var consoleAuth: String?

    /// `demo.json`, with the keys of conventions §4 (parts that do not exist yet are left out) plus `metrics` and `faults`.
    public var json: JSONValue {
        var prom: [String: JSONValue] = ["federated": .string(federatedPrometheus)]
        for (c, u) in prometheus { prom[c] = .string(u) }
        var json: JSONValue = [
            "prometheus": .object(prom),
            "kubeconfig": .string(kubeconfig),
            "users": .array(users.map { ["name": .string($0.name), "password": .string($0.password)] }),
            "metrics": .object(metrics.mapValues { .string($0) }),
            "faults": .string(faults),
        ]
        if let console { json = .object((json.objectValue ?? [:]).merging(["console": .string(console)]) { $1 }) }
        return json
    }

    /// The same, as lines for a terminal.
    public var lines: [String] {
        var lines: [String] = []
        if let console {
            let how = consoleAuth == "openshift" ? "log in to each cluster with a user below" : "no login"
            lines.append("console: \(console)  (auth: \(consoleAuth ?? "anonymous"); \(how))")
        }
        lines.append("prometheus (federated): \(federatedPrometheus)")
        for c in clusters { if let u = prometheus[c] { lines.append("prometheus (\(c)): \(u)") } }
        for c in clusters { if let u = metrics[c] { lines.append("mesh telemetry (\(c)): \(u)") } }
        lines.append("faults: \(faults)  (skopos fault --help)")
        lines.append("kubeconfig: \(kubeconfig)")
        for u in users { lines.append("user: \(u.name) password: \(u.password)") }
        return lines
    }
}

