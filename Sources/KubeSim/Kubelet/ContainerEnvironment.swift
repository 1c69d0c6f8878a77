import KubeTypes
import SkoposModel

/// A container's environment as the kubelet builds it: `envFrom`, then `env` in order with `$(VAR)` references to
/// earlier variables expanded, values from the downward API, ConfigMaps and Secrets, and the service variables every
/// container gets (`KUBERNETES_SERVICE_HOST`/`PORT`).
struct ContainerEnvironment {
    /// A reference the container needs that cannot be resolved yet (`CreateContainerConfigError`).
    struct Missing: Error, Equatable {
        var message: String
    }

    let pod: JSONValue
    let container: JSONValue
    let storage: ClusterStorage

    var namespace: String { pod[path: ["metadata", "namespace"]]?.stringValue ?? "" }

    /// The variables the container declares, in order, resolved.
    func declared() throws(Missing) -> [(String, String)] {
        var result: [(String, String)] = []
        var known: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if let i = result.firstIndex(where: { $0.0 == name }) { result[i].1 = value } else { result.append((name, value)) }
            known[name] = value
        }
        for source in container["envFrom"]?.arrayValue ?? [] {
            let prefix = source["prefix"]?.stringValue ?? ""
            if let ref = source["configMapRef"] {
                for (k, v) in try data(.configMap, ref).sorted(by: { $0.key < $1.key }) { set(prefix + k, v) }
            } else if let ref = source["secretRef"] {
                for (k, v) in try data(.secret, ref).sorted(by: { $0.key < $1.key }) { set(prefix + k, v) }
            }
        }
        for entry in container["env"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            if let value = entry["value"]?.stringValue {
                set(name, Self.expand(value, with: known))
            } else if let from = entry["valueFrom"] {
                if let path = from[path: ["fieldRef", "fieldPath"]]?.stringValue {
                    guard let v = PodFieldReference.value(path, pod: pod) else { throw Missing(message: "env \(name): unsupported fieldPath \(path)") }
                    set(name, v)
                } else if let ref = from["resourceFieldRef"] {
                    guard let v = PodFieldReference.resource(ref, container: container) else { throw Missing(message: "env \(name): unsupported resourceFieldRef") }
                    set(name, v)
                } else if let ref = from["configMapKeyRef"] {
                    if let v = try key(ref, in: data(.configMap, ref), kind: "configmap", variable: name) { set(name, v) }
                } else if let ref = from["secretKeyRef"] {
                    if let v = try key(ref, in: data(.secret, ref), kind: "secret", variable: name) { set(name, v) }
                }
            } else {
                set(name, "")
            }
        }
        return result
    }

    private func key(_ ref: JSONValue, in data: [String: String], kind: String, variable: String) throws(Missing) -> String? {
        let key = ref["key"]?.stringValue ?? ""
        if let v = data[key] { return v }
        if ref["optional"] == true { return nil }
        throw Missing(message: "couldn't find key \(key) in \(kind) \(namespace)/\(ref["name"]?.stringValue ?? "")")
    }

    /// A referenced ConfigMap's or Secret's data as text; empty when it is missing and `optional`.
    private func data(_ source: ConfigSource, _ ref: JSONValue) throws(Missing) -> [String: String] {
        let name = ref["name"]?.stringValue ?? ""
        guard let data = source.data(name: name, namespace: namespace, storage: storage) else {
            if ref["optional"] == true { return [:] }
            throw Missing(message: source.notFound(name))
        }
        return data.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    /// Expands `$(NAME)` with the variables defined so far; `$$(NAME)` is a literal `$(NAME)`, and references to
    /// unknown variables stay as written, as the kubelet does.
    static func expand(_ text: String, with variables: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "$", next < text.endIndex {
                if text[next] == "$" {
                    out.append("$")
                    i = text.index(after: next)
                    continue
                }
                if text[next] == "(", let close = text[next...].firstIndex(of: ")") {
                    let name = String(text[text.index(after: next)..<close])
                    if let v = variables[name] {
                        out += v
                    } else {
                        out += text[i...close]
                    }
                    i = text.index(after: close)
                    continue
                }
            }
            out.append(c)
            i = next
        }
        return out
    }
}
