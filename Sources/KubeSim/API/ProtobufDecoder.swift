import Foundation
import KubeTypes
import SkoposModel

/// Decodes the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`) of the request bodies that
/// kubectl's typed clients send — access reviews, TokenRequest, RBAC, and the simple kinds of `kubectl create` — into the
/// same JSON shape the JSON encoding has. Other kinds are refused with 415 and a message saying so.
enum ProtobufDecoder {
    /// The 4-byte prefix of every Kubernetes protobuf payload.
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    indirect enum FieldType: Sendable {
        case string, bytes, int, bool, time
        case message(String)
        case map(FieldType)
    }

    struct Field: Sendable {
        var name: String
        var type: FieldType
        var repeated = false
    }

    static func f(_ name: String, _ type: FieldType, repeated: Bool = false) -> Field { Field(name: name, type: type, repeated: repeated) }

    /// Field numbers from Kubernetes' `generated.proto` files.
    static let schemas: [String: [Int: Field]] = [
        "ObjectMeta": [
            1: f("name", .string), 2: f("generateName", .string), 3: f("namespace", .string), 5: f("uid", .string),
            6: f("resourceVersion", .string), 7: f("generation", .int), 8: f("creationTimestamp", .time),
            9: f("deletionTimestamp", .time), 10: f("deletionGracePeriodSeconds", .int), 11: f("labels", .map(.string)),
            12: f("annotations", .map(.string)), 13: f("ownerReferences", .message("OwnerReference"), repeated: true),
            14: f("finalizers", .string, repeated: true),
        ],
        "OwnerReference": [
            1: f("kind", .string), 3: f("name", .string), 4: f("uid", .string), 5: f("apiVersion", .string),
            6: f("controller", .bool), 7: f("blockOwnerDeletion", .bool),
        ],
        "SelfSubjectAccessReview": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("SelfSubjectAccessReviewSpec"))],
        "SelfSubjectAccessReviewSpec": [1: f("resourceAttributes", .message("ResourceAttributes")), 2: f("nonResourceAttributes", .message("NonResourceAttributes"))],
        "ResourceAttributes": [
            1: f("namespace", .string), 2: f("verb", .string), 3: f("group", .string), 4: f("version", .string),
            5: f("resource", .string), 6: f("subresource", .string), 7: f("name", .string),
        ],
        "NonResourceAttributes": [1: f("path", .string), 2: f("verb", .string)],
        "SubjectAccessReview": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("SubjectAccessReviewSpec"))],
        "LocalSubjectAccessReview": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("SubjectAccessReviewSpec"))],
        "SubjectAccessReviewSpec": [
            1: f("resourceAttributes", .message("ResourceAttributes")), 2: f("nonResourceAttributes", .message("NonResourceAttributes")),
            3: f("user", .string), 4: f("groups", .string, repeated: true), 6: f("uid", .string),
        ],
        "SelfSubjectRulesReview": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("SelfSubjectRulesReviewSpec"))],
        "SelfSubjectRulesReviewSpec": [1: f("namespace", .string)],
        "TokenReview": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("TokenReviewSpec"))],
        "TokenReviewSpec": [1: f("token", .string), 2: f("audiences", .string, repeated: true)],
        "TokenRequest": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("TokenRequestSpec"))],
        "TokenRequestSpec": [
            1: f("audiences", .string, repeated: true), 3: f("boundObjectRef", .message("BoundObjectReference")),
            4: f("expirationSeconds", .int),
        ],
        "BoundObjectReference": [1: f("kind", .string), 2: f("apiVersion", .string), 3: f("name", .string), 4: f("uid", .string)],
        "Namespace": [1: f("metadata", .message("ObjectMeta")), 2: f("spec", .message("NamespaceSpec"))],
        "NamespaceSpec": [1: f("finalizers", .string, repeated: true)],
        "Secret": [
            1: f("metadata", .message("ObjectMeta")), 2: f("data", .map(.bytes)), 3: f("type", .string),
            4: f("stringData", .map(.string)), 5: f("immutable", .bool),
        ],
        "ConfigMap": [
            1: f("metadata", .message("ObjectMeta")), 2: f("data", .map(.string)), 3: f("binaryData", .map(.bytes)),
            4: f("immutable", .bool),
        ],
        "ServiceAccount": [
            1: f("metadata", .message("ObjectMeta")), 2: f("secrets", .message("ObjectReference"), repeated: true),
            3: f("imagePullSecrets", .message("LocalObjectReference"), repeated: true), 4: f("automountServiceAccountToken", .bool),
        ],
        "ObjectReference": [
            1: f("kind", .string), 2: f("namespace", .string), 3: f("name", .string), 4: f("uid", .string),
            5: f("apiVersion", .string), 6: f("resourceVersion", .string), 7: f("fieldPath", .string),
        ],
        "LocalObjectReference": [1: f("name", .string)],
        "DeleteOptions": [
            1: f("gracePeriodSeconds", .int), 2: f("preconditions", .message("Preconditions")), 3: f("orphanDependents", .bool),
            4: f("propagationPolicy", .string), 5: f("dryRun", .string, repeated: true),
        ],
        "Preconditions": [1: f("uid", .string), 2: f("resourceVersion", .string)],
        // rbac.authorization.k8s.io/v1, as `kubectl create role`, `rolebinding`, `clusterrole` and `clusterrolebinding` send them.
        "Role": [1: f("metadata", .message("ObjectMeta")), 2: f("rules", .message("PolicyRule"), repeated: true)],
        "ClusterRole": [
            1: f("metadata", .message("ObjectMeta")), 2: f("rules", .message("PolicyRule"), repeated: true),
            3: f("aggregationRule", .message("AggregationRule")),
        ],
        "PolicyRule": [
            1: f("verbs", .string, repeated: true), 2: f("apiGroups", .string, repeated: true), 3: f("resources", .string, repeated: true),
            4: f("resourceNames", .string, repeated: true), 5: f("nonResourceURLs", .string, repeated: true),
        ],
        "AggregationRule": [1: f("clusterRoleSelectors", .message("LabelSelector"), repeated: true)],
        "LabelSelector": [1: f("matchLabels", .map(.string)), 2: f("matchExpressions", .message("LabelSelectorRequirement"), repeated: true)],
        "LabelSelectorRequirement": [1: f("key", .string), 2: f("operator", .string), 3: f("values", .string, repeated: true)],
        "RoleBinding": [
            1: f("metadata", .message("ObjectMeta")), 2: f("subjects", .message("Subject"), repeated: true), 3: f("roleRef", .message("RoleRef")),
        ],
        "ClusterRoleBinding": [
            1: f("metadata", .message("ObjectMeta")), 2: f("subjects", .message("Subject"), repeated: true), 3: f("roleRef", .message("RoleRef")),
        ],
        "Subject": [1: f("kind", .string), 2: f("apiGroup", .string), 3: f("name", .string), 4: f("namespace", .string)],
        "RoleRef": [1: f("apiGroup", .string), 2: f("kind", .string), 3: f("name", .string)],
        "Time": [1: f("seconds", .int), 2: f("nanos", .int)],
        "TypeMeta": [1: f("apiVersion", .string), 2: f("kind", .string)],
        "Unknown": [1: f("typeMeta", .message("TypeMeta")), 2: f("raw", .bytes), 3: f("contentEncoding", .string), 4: f("contentType", .string)],
    ]

    struct DecodeError: Error {
        var message: String
    }

    /// Decodes a `k8s\0`-prefixed payload into JSON with `apiVersion` and `kind`.
    static func decode(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        guard bytes.count >= 4, Array(bytes.prefix(4)) == magic else {
            throw APIError.badRequest("the protobuf body does not start with the Kubernetes magic number")
        }
        do {
            var reader = Reader(bytes: Array(bytes.dropFirst(4)))
            let envelope = try reader.message(schema: "Unknown")
            guard let kind = envelope[path: ["typeMeta", "kind"]]?.stringValue, let raw = envelope["raw"]?.stringValue,
                let rawBytes = Data(base64Encoded: raw)
            else { throw DecodeError(message: "the protobuf envelope has no type or payload") }
            guard schemas[kind] != nil else {
                throw APIError(
                    .unsupportedMediaType,
                    message: "the simulator decodes protobuf only for access reviews, TokenRequest, RBAC and simple kinds; send \(kind) as application/json"
                )
            }
            var inner = Reader(bytes: Array(rawBytes))
            var object = try inner.message(schema: kind)
            object["kind"] = .string(kind)
            if let apiVersion = envelope[path: ["typeMeta", "apiVersion"]] { object["apiVersion"] = apiVersion }
            return object
        } catch let error as APIError {
            throw error
        } catch let error as DecodeError {
            throw APIError.badRequest("the protobuf body could not be decoded: \(error.message)")
        } catch {
            throw APIError.badRequest("the protobuf body could not be decoded: \(error)")
        }
    }

    struct Reader {
        var bytes: [UInt8]
        var index = 0

        mutating func varint() throws(DecodeError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                let b = bytes[index]
                index += 1
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
                if shift > 63 { break }
            }
            throw DecodeError(message: "truncated varint at byte \(index)")
        }

        mutating func lengthDelimited() throws(DecodeError) -> [UInt8] {
            let raw = try varint()
            guard raw <= UInt64(bytes.count - index) else { throw DecodeError(message: "field longer than the message at byte \(index)") }
            let length = Int(raw)
            defer { index += length }
            return Array(bytes[index..<(index + length)])
        }

        mutating func skip(wireType: UInt64) throws(DecodeError) {
            switch wireType {
            case 0: _ = try varint()
            case 1: index += 8
            case 2: _ = try lengthDelimited()
            case 5: index += 4
            default: throw DecodeError(message: "unsupported wire type \(wireType)")
            }
            if index > bytes.count { throw DecodeError(message: "truncated field") }
        }

        mutating func message(schema name: String) throws(DecodeError) -> JSONValue {
            guard let schema = ProtobufDecoder.schemas[name] else { throw DecodeError(message: "no schema for \(name)") }
            var object: [String: JSONValue] = [:]
            while index < bytes.count {
                let key = try varint()
                let number = Int(key >> 3)
                let wireType = key & 7
                guard let field = schema[number] else {
                    try skip(wireType: wireType)
                    continue
                }
                let value = try read(field.type, wireType: wireType)
                if case .map = field.type {
                    var map = object[field.name]?.objectValue ?? [:]
                    if case .object(let entry) = value, let k = entry["key"]?.stringValue { map[k] = entry["value"] ?? "" }
                    object[field.name] = .object(map)
                } else if field.repeated {
                    var list = object[field.name]?.arrayValue ?? []
                    list.append(value)
                    object[field.name] = .array(list)
                } else if case .string = field.type, value == .string("") {
                    // Go writes unset optional strings as empty ones; the JSON form leaves them out (`omitempty`).
                    continue
                } else {
                    object[field.name] = value
                }
            }
            return .object(object)
        }

        mutating func read(_ type: FieldType, wireType: UInt64) throws(DecodeError) -> JSONValue {
            switch type {
            case .string: return .string(String(decoding: try lengthDelimited(), as: UTF8.self))
            case .bytes: return .string(Data(try lengthDelimited()).base64EncodedString())
            case .int: return .int(Int(Int64(bitPattern: try varint())))
            case .bool: return .bool(try varint() != 0)
            case .time:
                var sub = Reader(bytes: try lengthDelimited())
                let t = try sub.message(schema: "Time")
                return .string(Timestamp.format(Date(timeIntervalSince1970: Double(t["seconds"]?.intValue ?? 0))))
            case .message(let name):
                var sub = Reader(bytes: try lengthDelimited())
                return try sub.message(schema: name)
            case .map(let valueType):
                var sub = Reader(bytes: try lengthDelimited())
                var entry: [String: JSONValue] = [:]
                while sub.index < sub.bytes.count {
                    let key = try sub.varint()
                    switch key >> 3 {
                    case 1: entry["key"] = try sub.read(.string, wireType: key & 7)
                    case 2: entry["value"] = try sub.read(valueType, wireType: key & 7)
                    default: try sub.skip(wireType: key & 7)
                    }
                }
                return .object(entry)
            }
        }
    }
}
