import Foundation
import KubeTypes
import SkoposModel

/// Validation the real API server applies before storing an object: names, labels, and the structural rules of the
/// kinds kubectl users hit most often. Returns causes; an empty list means valid.
enum ObjectValidation {
    typealias Cause = (field: String, message: String)

    static func quoted(_ s: String) -> String { NameValidation.goQuoted(s) }

    static func validate(_ type: ResourceType, _ object: JSONValue, isCreate: Bool) -> [Cause] {
        var causes: [Cause] = []
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if !name.isEmpty {
            for problem in NameValidation.validateName(name, rule: NameValidation.nameRule(group: type.group, kind: type.kind)) {
                causes.append((field: "metadata.name", message: "Invalid value: \(quoted(name)): \(problem)"))
            }
        }
        if let labels = object[path: ["metadata", "labels"]] {
            guard let map = labels.objectValue else {
                return causes + [(field: "metadata.labels", message: "Invalid value: labels must be an object of strings")]
            }
            for (k, v) in map.sorted(by: { $0.key < $1.key }) {
                for problem in NameValidation.labelKey(k) {
                    causes.append((field: "metadata.labels", message: "Invalid value: \(quoted(k)): \(problem)"))
                }
                guard let s = v.stringValue else {
                    causes.append((field: "metadata.labels", message: "Invalid value: label \(quoted(k)) must be a string, not a \(v.typeName)"))
                    continue
                }
                for problem in NameValidation.labelValue(s) {
                    causes.append((field: "metadata.labels", message: "Invalid value: \(quoted(s)): \(problem)"))
                }
            }
        }
        if let annotations = object[path: ["metadata", "annotations"]], let map = annotations.objectValue {
            var total = 0
            for (k, v) in map {
                total += k.utf8.count + (v.stringValue?.utf8.count ?? 0)
                if v.stringValue == nil {
                    causes.append((field: "metadata.annotations", message: "Invalid value: annotation \(quoted(k)) must be a string, not a \(v.typeName)"))
                }
            }
            if total > 256 * 1024 {
                causes.append((field: "metadata.annotations", message: "Too long: must have at most 262144 bytes"))
            }
        }
        switch (type.group, type.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            causes += validateWorkload(object)
        case ("", "Pod"):
            causes += validatePodSpec(object["spec"], path: "spec")
        case ("", "Service"):
            causes += validateService(object)
        case ("", "ConfigMap"), ("", "Secret"):
            for field in ["data", "stringData", "binaryData"] {
                if let d = object[field], d.objectValue == nil {
                    causes.append((field: field, message: "Invalid value: must be an object of strings"))
                } else if let d = object[field]?.objectValue, let bad = d.first(where: { $0.value.stringValue == nil }) {
                    causes.append((field: "\(field)[\(bad.key)]", message: "Invalid value: must be a string"))
                }
            }
            // kube-apiserver's limit on the data of one ConfigMap or Secret (1 MiB, decoded for a Secret).
            var size = 0
            for (key, value) in object["data"]?.objectValue ?? [:] {
                let text = value.stringValue ?? ""
                size += key.utf8.count + (type.kind == "Secret" ? (Data(base64Encoded: text)?.count ?? text.utf8.count) : text.utf8.count)
            }
            for (key, value) in object["binaryData"]?.objectValue ?? [:] {
                size += key.utf8.count + (Data(base64Encoded: value.stringValue ?? "")?.count ?? 0)
            }
            if size > 1_048_576 { causes.append((field: "[]", message: "Too long: must have at most 1048576 bytes")) }
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            if object[path: ["roleRef", "name"]]?.stringValue?.isEmpty ?? true {
                causes.append((field: "roleRef.name", message: "Required value"))
            }
            let kind = object[path: ["roleRef", "kind"]]?.stringValue ?? ""
            if kind != "Role" && kind != "ClusterRole" {
                causes.append((field: "roleRef.kind", message: "Unsupported value: \(quoted(kind)): supported values: \"Role\", \"ClusterRole\""))
            }
            if type.kind == "ClusterRoleBinding" && kind == "Role" {
                causes.append((field: "roleRef.kind", message: "Unsupported value: \"Role\": supported values: \"ClusterRole\""))
            }
        default:
            break
        }
        return causes
    }

    static func validateWorkload(_ object: JSONValue) -> [Cause] {
        var causes: [Cause] = []
        guard let selector = object[path: ["spec", "selector"]] else {
            causes.append((field: "spec.selector", message: "Required value"))
            return causes + validatePodSpec(object[path: ["spec", "template", "spec"]], path: "spec.template.spec")
        }
        let templateLabels = object[path: ["spec", "template", "metadata", "labels"]]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        do {
            let parsed = try LabelQuery(labelSelectorJSON: selector)
            if parsed.isEverything {
                causes.append((field: "spec.selector", message: "Invalid value: \(JSONWriter.string(selector)): empty selector is invalid for deployment"))
            } else if !parsed.matches(templateLabels) {
                let shown = "map[string]string{" + templateLabels.keys.sorted().map { "\(quoted($0)):\(quoted(templateLabels[$0]!))" }.joined(separator: ", ") + "}"
                causes.append((field: "spec.template.metadata.labels", message: "Invalid value: \(shown): `selector` does not match template `labels`"))
            }
        } catch {
            causes.append((field: "spec.selector", message: "Invalid value: \(error.message)"))
        }
        if let replicas = object[path: ["spec", "replicas"]], (replicas.intValue ?? -1) < 0 {
            causes.append((field: "spec.replicas", message: "Invalid value: \(JSONWriter.string(replicas)): must be greater than or equal to 0"))
        }
        return causes + validatePodSpec(object[path: ["spec", "template", "spec"]], path: "spec.template.spec")
    }

    static func validatePodSpec(_ spec: JSONValue?, path: String) -> [Cause] {
        guard let spec else { return [(field: path, message: "Required value")] }
        var causes: [Cause] = []
        let containers = spec["containers"]?.arrayValue ?? []
        if containers.isEmpty { causes.append((field: "\(path).containers", message: "Required value")) }
        var seen: Set<String> = []
        for (i, c) in containers.enumerated() {
            let name = c["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append((field: "\(path).containers[\(i)].name", message: "Required value"))
            } else {
                for problem in NameValidation.dns1123Label(name) {
                    causes.append((field: "\(path).containers[\(i)].name", message: "Invalid value: \(quoted(name)): \(problem)"))
                }
                if !seen.insert(name).inserted {
                    causes.append((field: "\(path).containers[\(i)].name", message: "Duplicate value: \(quoted(name))"))
                }
            }
            if (c["image"]?.stringValue ?? "").isEmpty {
                causes.append((field: "\(path).containers[\(i)].image", message: "Required value"))
            }
        }
        return causes
    }

    static func validateService(_ object: JSONValue) -> [Cause] {
        var causes: [Cause] = []
        let type = object[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        let ports = object[path: ["spec", "ports"]]?.arrayValue ?? []
        let headless = object[path: ["spec", "clusterIP"]]?.stringValue == "None"
        if ports.isEmpty && type != "ExternalName" && !headless {
            causes.append((field: "spec.ports", message: "Required value"))
        }
        for (i, p) in ports.enumerated() {
            guard let port = p["port"]?.intValue, port > 0, port < 65536 else {
                causes.append((field: "spec.ports[\(i)].port", message: "Invalid value: \(JSONWriter.string(p["port"] ?? .null)): must be between 1 and 65535, inclusive"))
                continue
            }
            if ports.count > 1 && (p["name"]?.stringValue ?? "").isEmpty {
                causes.append((field: "spec.ports[\(i)].name", message: "Required value"))
            }
        }
        if !["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].contains(type) {
            causes.append((field: "spec.type", message: "Unsupported value: \(quoted(type)): supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""))
        }
        return causes
    }
}
