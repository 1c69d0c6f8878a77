import Foundation
import KubeTypes
import SkoposModel

/// What kube-apiserver does with an object against its schema before storing it: custom resources are checked
/// against their CRD's structural schema (types, `required`, `enum`, lengths, bounds, `pattern`, items) and pruned of
/// fields the schema does not know (unless `x-kubernetes-preserve-unknown-fields`); every kind's `metadata`, and the
/// top level of the common built-in kinds, are checked for unknown fields. Unknown fields are what
/// `fieldValidation` reports: `Strict` refuses them, `Warn` (the default) answers with `Warning` headers, `Ignore`
/// drops them silently.
enum SchemaValidation {
    typealias Cause = (field: String, message: String)

    struct Outcome {
        /// The object with unknown fields removed (and non-nullable nulls dropped).
        var object: JSONValue
        /// Paths of the fields removed, as `spec.foo` or `metadata.labelz`.
        var unknownFields: [String] = []
        var causes: [Cause] = []
    }

    /// `ObjectMeta`'s fields.
    static let objectMetaFields: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]

    /// The top-level fields of built-in kinds whose unknown fields are reported (other built-in kinds are not checked).
    static let builtinTopLevel: [String: Set<String>] = {
        let base: Set<String> = ["apiVersion", "kind", "metadata"]
        let specStatus = base.union(["spec", "status"])
        return [
            "/ConfigMap": base.union(["data", "binaryData", "immutable"]),
            "/Secret": base.union(["data", "stringData", "type", "immutable"]),
            "/Service": specStatus, "/Pod": specStatus, "/Namespace": specStatus, "/Node": specStatus,
            "apps/Deployment": specStatus, "apps/ReplicaSet": specStatus, "apps/StatefulSet": specStatus, "apps/DaemonSet": specStatus,
            "/ServiceAccount": base.union(["secrets", "imagePullSecrets", "automountServiceAccountToken"]),
            "/Endpoints": base.union(["subsets"]),
            "rbac.authorization.k8s.io/Role": base.union(["rules"]),
            "rbac.authorization.k8s.io/ClusterRole": base.union(["rules", "aggregationRule"]),
            "rbac.authorization.k8s.io/RoleBinding": base.union(["roleRef", "subjects"]),
            "rbac.authorization.k8s.io/ClusterRoleBinding": base.union(["roleRef", "subjects"]),
        ]
    }()

    /// Checks and prunes `object` of `type` as sent in `version`.
    static func apply(_ type: ResourceType, version: String, to object: JSONValue) -> Outcome {
        var outcome = Outcome(object: object)
        var root = object.objectValue ?? [:]
        if var metadata = root["metadata"]?.objectValue {
            for key in metadata.keys.sorted() where !objectMetaFields.contains(key) {
                metadata[key] = nil
                outcome.unknownFields.append("metadata.\(key)")
            }
            root["metadata"] = .object(metadata)
        }
        if type.isCustom, let schema = type.schemas[version] ?? type.schemas[type.storageVersion] {
            let kept = root.filter { ["apiVersion", "kind", "metadata"].contains($0.key) }
            var rest = root.filter { !["apiVersion", "kind", "metadata"].contains($0.key) }
            var walker = Walker()
            var value = JSONValue.object(rest)
            walker.walk(&value, schema: schema, path: "", isRoot: true)
            rest = value.objectValue ?? [:]
            root = rest.merging(kept) { a, _ in a }
            outcome.unknownFields += walker.unknown
            outcome.causes += walker.causes
        } else if let allowed = builtinTopLevel["\(type.group)/\(type.kind)"] {
            for key in root.keys.sorted() where !allowed.contains(key) {
                root[key] = nil
                outcome.unknownFields.append(key)
            }
        }
        outcome.object = .object(root)
        return outcome
    }

    /// Walks a value with its schema, pruning and collecting problems.
    struct Walker {
        var unknown: [String] = []
        var causes: [Cause] = []

        static func typeName(_ v: JSONValue) -> String {
            switch v {
            case .null: "null"
            case .bool: "boolean"
            case .int: "integer"
            case .double: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }

        static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        mutating func walk(_ value: inout JSONValue, schema: JSONValue, path: String, isRoot: Bool = false) {
            if schema["x-kubernetes-int-or-string"] == true {
                switch value {
                case .int, .string: return
                default:
                    causes.append((path, "Invalid value: \"\(Self.typeName(value))\": \(path) in body must be of type integer,string: \"\(Self.typeName(value))\""))
                    return
                }
            }
            let type = schema["type"]?.stringValue
            if let type, !Self.matches(value, type) {
                causes.append((path, "Invalid value: \"\(Self.typeName(value))\": \(path) in body must be of type \(type): \"\(Self.typeName(value))\""))
                return
            }
            if let options = schema["enum"]?.arrayValue, !options.contains(value) {
                let list = options.map { String(decoding: JSONWriter.write($0), as: UTF8.self) }.joined(separator: ", ")
                causes.append((path, "Unsupported value: \(String(decoding: JSONWriter.write(value), as: UTF8.self)): supported values: \(list)"))
            }
            switch value {
            case .string(let s):
                let length = s.count
                if let max = schema["maxLength"]?.intValue, length > max {
                    causes.append((path, "Too long: may not be more than \(max) bytes"))
                }
                if let min = schema["minLength"]?.intValue, length < min {
                    causes.append((path, "Invalid value: \"\(s)\": \(path) in body should be at least \(min) chars long"))
                }
                if let pattern = schema["pattern"]?.stringValue, let regex = try? NSRegularExpression(pattern: pattern),
                    regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil
                {
                    causes.append((path, "Invalid value: \"\(s)\": \(path) in body should match '\(pattern)'"))
                }
            case .int, .double:
                let n = Self.number(value) ?? 0
                if let min = schema["minimum"].flatMap(Self.number) {
                    let exclusive = schema["exclusiveMinimum"] == true
                    if exclusive ? n <= min : n < min {
                        causes.append((path, "Invalid value: \(Self.format(n)): \(path) in body should be greater than \(exclusive ? "" : "or equal to ")\(Self.format(min))"))
                    }
                }
                if let max = schema["maximum"].flatMap(Self.number) {
                    let exclusive = schema["exclusiveMaximum"] == true
                    if exclusive ? n >= max : n > max {
                        causes.append((path, "Invalid value: \(Self.format(n)): \(path) in body should be less than \(exclusive ? "" : "or equal to ")\(Self.format(max))"))
                    }
                }
            case .array(var items):
                if let max = schema["maxItems"]?.intValue, items.count > max { causes.append((path, "Too many: \(items.count): must have at most \(max) items")) }
                if let min = schema["minItems"]?.intValue, items.count < min {
                    causes.append((path, "Invalid value: \(items.count): \(path) in body should have at least \(min) items"))
                }
                if let itemSchema = schema["items"] {
                    for i in items.indices { walk(&items[i], schema: itemSchema, path: "\(path)[\(i)]") }
                    value = .array(items)
                }
            case .object(var fields):
                let properties = schema["properties"]?.objectValue
                let additional = schema["additionalProperties"]
                let preserve = schema["x-kubernetes-preserve-unknown-fields"] == true
                for key in fields.keys.sorted() {
                    let child = Self.join(path, key)
                    if fields[key] == .null, let sub = properties?[key], sub["nullable"] != true {
                        // Nulls of fields that are not nullable are dropped, as the apiserver prunes them.
                        fields[key] = nil
                        continue
                    }
                    if let sub = properties?[key] {
                        walk(&fields[key]!, schema: sub, path: child)
                    } else if let additional, additional.objectValue != nil {
                        walk(&fields[key]!, schema: additional, path: child)
                    } else if additional == true || preserve {
                        continue
                    } else {
                        fields[key] = nil
                        unknown.append(child)
                    }
                }
                for required in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where fields[required] == nil {
                    causes.append((Self.join(path, required), "Required value"))
                }
                value = .object(fields)
            default:
                break
            }
        }

        static func matches(_ value: JSONValue, _ type: String) -> Bool {
            switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int),
                ("number", .double):
                return true
            case ("integer", .double(let d)):
                return d.rounded() == d
            default:
                return false
            }
        }

        static func number(_ v: JSONValue) -> Double? {
            switch v {
            case .int(let i): Double(i)
            case .double(let d): d
            default: nil
            }
        }

        static func format(_ n: Double) -> String {
            n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        }
    }
}
