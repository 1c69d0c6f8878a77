import Foundation
public import SkoposModel

/// What discovery needs from an istiod Deployment's first container that the read model's slim Deployment does not
/// keep: its environment, arguments and resources. Read from the Deployment's JSON (``IstiodSpec/init(deployment:)``),
/// e.g. a `GET` of the Deployment by the caller.
public struct IstiodSpec: Sendable, Hashable {
    /// Literal `env` values (`valueFrom` entries are left out).
    public var env: [String: String]
    /// The container's `args`.
    public var args: [String]
    /// The container's `resources`; `{}` when none.
    public var resources: JSONValue

    /// Creates a container spec.
    public init(env: [String: String] = [:], args: [String] = [], resources: JSONValue = [:]) {
        self.env = env
        self.args = args
        self.resources = resources
    }

    /// The first container of a Deployment given as JSON (`spec.template.spec.containers[0]`).
    public init(deployment: JSONValue) {
        let container = deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first ?? [:]
        var env: [String: String] = [:]
        for entry in container["env"]?.arrayValue ?? [] {
            if let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue { env[name] = value }
        }
        self.init(env: env, args: (container["args"]?.arrayValue ?? []).compactMap(\.stringValue), resources: container["resources"] ?? [:])
    }

    /// `--monitoringAddr=:<port>` (or `--monitoringAddr :<port>`), else 15014.
    public var monitoringPort: Int {
        for (i, arg) in args.enumerated() {
            var value: String?
            if arg.hasPrefix("--monitoringAddr=") {
                value = String(arg.dropFirst("--monitoringAddr=".count))
            } else if arg == "--monitoringAddr", i + 1 < args.count {
                value = args[i + 1]
            }
            if let value, let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), port > 0 { return port }
        }
        return 15014
    }

    /// Memory (MB of 10⁶ bytes, rounded up) and CPU (cores) of `resources.limits`.
    public var thresholds: ControlPlane.Thresholds {
        let limits = resources["limits"]
        return ControlPlane.Thresholds(
            memory: limits?["memory"].flatMap(Self.quantity).map { Int(($0 / 1_000_000).rounded(.up)) } ?? 0,
            cpu: limits?["cpu"].flatMap(Self.quantity) ?? 0
        )
    }

    /// A Kubernetes quantity (`4Gi`, `500m`, `2`, `1e3`) as a number.
    static func quantity(_ value: JSONValue) -> Double? {
        if let i = value.intValue { return Double(i) }
        if case .double(let d) = value { return d }
        guard var text = value.stringValue?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624),
            ("Ei", 1_152_921_504_606_846_976), ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
            ("P", 1e15), ("E", 1e18),
        ]
        var factor = 1.0
        for (suffix, f) in suffixes where text.hasSuffix(suffix) {
            // `1E3` is an exponent, not exa: a digit before `E` with more digits after it.
            if suffix == "E", Double(text) != nil { break }
            text.removeLast(suffix.count)
            factor = f
            break
        }
        return Double(text).map { $0 * factor }
    }
}
