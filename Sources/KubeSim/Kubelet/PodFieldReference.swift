import SkoposModel

/// The downward API: pod fields as environment variables (`valueFrom.fieldRef`) and volume files.
enum PodFieldReference {
    /// The value of `fieldPath` for a pod; `nil` when the field is not one the downward API offers.
    static func value(_ fieldPath: String, pod: JSONValue) -> String? {
        func map(_ key: String) -> String {
            let entries = (pod[path: ["metadata", key]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            return entries.keys.sorted().map { "\($0)=\"\(entries[$0]!)\"" }.joined(separator: "\n")
        }
        switch fieldPath {
        case "metadata.name": return pod[path: ["metadata", "name"]]?.stringValue ?? ""
        case "metadata.namespace": return pod[path: ["metadata", "namespace"]]?.stringValue ?? ""
        case "metadata.uid": return pod[path: ["metadata", "uid"]]?.stringValue ?? ""
        case "metadata.labels": return map("labels")
        case "metadata.annotations": return map("annotations")
        case "spec.nodeName": return pod[path: ["spec", "nodeName"]]?.stringValue ?? ""
        case "spec.serviceAccountName": return pod[path: ["spec", "serviceAccountName"]]?.stringValue ?? "default"
        case "status.hostIP": return pod[path: ["status", "hostIP"]]?.stringValue ?? ""
        case "status.hostIPs": return pod[path: ["status", "hostIP"]]?.stringValue ?? ""
        case "status.podIP": return pod[path: ["status", "podIP"]]?.stringValue ?? ""
        case "status.podIPs": return (pod[path: ["status", "podIPs"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }.joined(separator: ",")
        default:
            for key in ["labels", "annotations"] where fieldPath.hasPrefix("metadata.\(key)['") && fieldPath.hasSuffix("']") {
                let name = String(fieldPath.dropFirst("metadata.\(key)['".count).dropLast(2))
                return pod[path: ["metadata", key, name]]?.stringValue ?? ""
            }
            return nil
        }
    }

    /// `resourceFieldRef`: a container's limit or request, in the divisor's unit; unset limits are the node's
    /// capacity (2 CPUs, 8 GiB), as the kubelet reports them.
    static func resource(_ ref: JSONValue, container: JSONValue) -> String? {
        guard let resource = ref["resource"]?.stringValue else { return nil }
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["limits", "requests"].contains(parts[0]) else { return nil }
        let given = container[path: ["resources", parts[0], parts[1]]]?.stringValue
            ?? container[path: ["resources", "limits", parts[1]]]?.stringValue
        let isCPU = parts[1] == "cpu"
        let amount = given.flatMap(Quantity.parse) ?? (isCPU ? 2 : 8 * 1024 * 1024 * 1024)
        let divisor = ref["divisor"]?.stringValue.flatMap(Quantity.parse) ?? 1
        let value = (amount / divisor).rounded(.up)
        return String(Int(max(value, isCPU ? 1 : 0)))
    }

    /// Kubernetes quantities as plain numbers (`500m` → 0.5, `1Gi` → 1073741824).
    enum Quantity {
        static func parse(_ text: String) -> Double? {
            let suffixes: [(String, Double)] = [
                ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("m", 0.001), ("k", 1e3), ("M", 1e6),
                ("G", 1e9), ("T", 1e12),
            ]
            for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
                return Double(text.dropLast(suffix.count)).map { $0 * factor }
            }
            return Double(text)
        }
    }
}
