import KubeTypes
import SkoposModel

/// A Kubernetes field selector: an AND of `field=value` / `field!=value` terms over an object's selectable fields.
///
/// Parsing follows `k8s.io/apimachinery/pkg/fields.ParseSelector`: terms split on unescaped commas and sorted,
/// operators `!=`, `==`, `=` found at their first occurrence, values unescaped (`\,`, `\=`, `\\`), no whitespace
/// trimming. `validated(group:kind:)` then applies the per-kind field label check the API server runs before
/// listing (`field label not supported: X`, or `"X" is not a known field selector: ...` for kinds with no
/// special fields).
struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// A term's operator (`==` parses as `equals`).
    enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
    }

    /// One `field op value` term.
    struct Requirement: Sendable, Hashable, CustomStringConvertible {
        var field: String
        var op: Operator
        var value: String

        /// Whether the field's actual value satisfies the term.
        func matches(_ actual: String) -> Bool {
            op == .equals ? actual == value : actual != value
        }

        /// `field=value` with the value escaped as `fields.EscapeValue` does.
        var description: String { field + op.rawValue + FieldSelector.escape(value) }
    }

    /// The terms, in the server's order (sorted by their text). All must hold.
    var requirements: [Requirement]

    init(requirements: [Requirement] = []) { self.requirements = requirements }

    /// The selector matching every object.
    static let everything = FieldSelector()

    /// `true` when the selector has no terms.
    var isEverything: Bool { requirements.isEmpty }

    /// The canonical text (apimachinery `Selector.String`), e.g. `metadata.name=web,status.phase!=Running`.
    var description: String { requirements.map(\.description).joined(separator: ",") }

    /// Whether an object satisfies every term; fields are read with `fieldValue(_:of:)`.
    func matches(_ object: JSONValue) -> Bool {
        for requirement in requirements where !requirement.matches(Self.fieldValue(requirement.field, of: object)) {
            return false
        }
        return true
    }

    /// Whether a precomputed field set satisfies every term (a missing field is "").
    func matches(fields: [String: String]) -> Bool {
        for requirement in requirements where !requirement.matches(fields[requirement.field] ?? "") { return false }
        return true
    }

    /// The value an `=` term demands for a field (e.g. `metadata.name` of a single-object watch), if any.
    func requiredValue(for field: String) -> String? {
        requirements.first { $0.field == field && $0.op == .equals }?.value
    }
}

// MARK: - Parsing

extension FieldSelector {
    /// Parses a `fieldSelector` query parameter like `fields.ParseSelector`. Empty text matches everything.
    /// - Throws: `SelectorError`, e.g. `invalid selector: 'foo'; can't understand 'foo'` or
    ///   `invalid field selector: unescaped character in value: 61`.
    init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        let terms = Self.splitTerms(text).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for term in terms where !term.isEmpty {
            guard let split = Self.splitTerm(term) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            requirements.append(Requirement(field: split.field, op: split.op, value: try Self.unescape(split.value)))
        }
        self.init(requirements: requirements)
    }

    /// Same as `init(parsing:)`.
    static func parse(_ text: String) throws(SelectorError) -> FieldSelector {
        try FieldSelector(parsing: text)
    }

    /// Splits on commas not escaped by a backslash (the backslashes stay in the terms).
    static func splitTerms(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        let bytes = Array(text.utf8)
        var terms: [String] = []
        var start = 0
        var inSlash = false
        for (index, byte) in bytes.enumerated() {
            if inSlash {
                inSlash = false
            } else if byte == UInt8(ascii: "\\") {
                inSlash = true
            } else if byte == UInt8(ascii: ",") {
                terms.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
        }
        terms.append(String(decoding: bytes[start...], as: UTF8.self))
        return terms
    }

    /// Splits a term at the first operator occurrence, preferring `!=`, then `==`, then `=` at each position.
    static func splitTerm(_ term: String) -> (field: String, op: Operator, value: String)? {
        let bytes = Array(term.utf8)
        let equals = UInt8(ascii: "="), bang = UInt8(ascii: "!")
        for index in bytes.indices {
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            let length: Int
            let op: Operator
            if bytes[index] == bang && next == equals {
                (length, op) = (2, .notEquals)
            } else if bytes[index] == equals && next == equals {
                (length, op) = (2, .equals)
            } else if bytes[index] == equals {
                (length, op) = (1, .equals)
            } else {
                continue
            }
            return (String(decoding: bytes[..<index], as: UTF8.self), op,
                    String(decoding: bytes[(index + length)...], as: UTF8.self))
        }
        return nil
    }

    /// `fields.UnescapeValue`: `\\`, `\,`, `\=` are escapes; other escapes, a trailing `\` and bare `,`/`=` are errors.
    static func unescape(_ value: String) throws(SelectorError) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "," || $0 == "=" }) else { return value }
        var out = String.UnicodeScalarView()
        var inSlash = false
        for scalar in value.unicodeScalars {
            if inSlash {
                guard scalar == "\\" || scalar == "," || scalar == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(Character(scalar))")
                }
                out.append(scalar)
                inSlash = false
                continue
            }
            switch scalar {
            case "\\": inSlash = true
            case ",", "=": throw SelectorError("invalid field selector: unescaped character in value: \(scalar.value)")
            default: out.append(scalar)
            }
        }
        if inSlash { throw SelectorError("invalid field selector: invalid escape sequence: \\") }
        return String(out)
    }

    /// `fields.EscapeValue`: backslash-escapes `\`, `,` and `=`.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

// MARK: - Supported fields per kind

extension FieldSelector {
    /// Fields every kind supports.
    static let objectMetaFields: Set<String> = ["metadata.name", "metadata.namespace"]

    /// The extra fields the real server's field label conversion functions accept, by `group/kind`.
    static let kindFields: [String: Set<String>] = [
        "/Pod": [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName", "spec.host",
        ],
        "/Event": [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        "events.k8s.io/Event": [
            "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
        ],
        "/Secret": ["type"],
        "/Namespace": ["status.phase"],
        "/Node": ["spec.unschedulable"],
        "/Service": ["spec.clusterIP", "spec.type"],
        "/ReplicationController": ["status.replicas"],
        "apps/ReplicaSet": ["status.replicas"],
        "extensions/ReplicaSet": ["status.replicas"],
        "batch/Job": ["status.successful"],
        "batch/CronJob": ["status.successful"],
        "certificates.k8s.io/CertificateSigningRequest": ["spec.signerName"],
    ]

    /// The field labels the real server accepts in a `fieldSelector` for a kind: `metadata.name`,
    /// `metadata.namespace`, plus the kind's own (e.g. Pods' `spec.nodeName`, `status.phase`; Secrets' `type`).
    static func supportedFields(group: String, kind: String) -> Set<String> {
        objectMetaFields.union(kindFields[group + "/" + kind] ?? [])
    }

    /// The server's error text for a field label the kind does not support.
    static func unsupportedFieldMessage(group: String, kind: String, field: String) -> String {
        if group == "batch" && (kind == "Job" || kind == "CronJob") {
            return "field label \(NameValidation.goQuoted(field)) not supported for \(NameValidation.goQuoted(kind))"
        }
        if kindFields[group + "/" + kind] != nil {
            return "field label not supported: \(field)"
        }
        return "\(NameValidation.goQuoted(field)) is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
    }

    /// Checks every term against the kind's supported fields, in order, like the list handler's `Transform` call;
    /// rewrites Pods' legacy `spec.host` to `spec.nodeName`.
    /// - Throws: `SelectorError` with the first unsupported field's message (the server answers 400 BadRequest).
    func validated(group: String, kind: String) throws(SelectorError) -> FieldSelector {
        let supported = Self.supportedFields(group: group, kind: kind)
        var converted = self
        for index in converted.requirements.indices {
            let field = converted.requirements[index].field
            guard supported.contains(field) else {
                throw SelectorError(Self.unsupportedFieldMessage(group: group, kind: kind, field: field))
            }
            if field == "spec.host" && group.isEmpty && kind == "Pod" { converted.requirements[index].field = "spec.nodeName" }
        }
        return converted
    }
}

// MARK: - Reading fields

extension FieldSelector {
    /// An object's value for a selectable field, as the kind's `GetAttrs` would compute it. Plain dotted paths
    /// are read directly (a missing field or non-scalar is ""); a few fields are computed like the real server:
    /// `spec.hostNetwork`/`spec.unschedulable` default to "false", `status.replicas`/`status.successful`
    /// (from `status.succeeded`) to "0"; `status.podIP` prefers `status.podIPs[0].ip`; Event fields read either
    /// the core (`involvedObject`, `source.component`, `reportingComponent`) or the events.k8s.io shape
    /// (`regarding`, `deprecatedSource.component`, `reportingController`).
    static func fieldValue(_ field: String, of object: JSONValue) -> String {
        func read(_ path: String) -> String? {
            guard let value = object[path: path.split(separator: ".").map(String.init)] else { return nil }
            return scalarText(value)
        }
        func firstNonEmpty(_ paths: String...) -> String {
            for path in paths {
                if let text = read(path), !text.isEmpty { return text }
            }
            return ""
        }
        switch field {
        case "spec.host":
            return read("spec.nodeName") ?? ""
        case "spec.hostNetwork", "spec.unschedulable":
            return read(field) ?? "false"
        case "status.replicas":
            return read(field) ?? "0"
        case "status.successful":
            return read("status.succeeded") ?? "0"
        case "status.podIP":
            if let first = object[path: ["status", "podIPs"]]?.arrayValue?.first, let ip = first["ip"]?.stringValue {
                return ip
            }
            return read(field) ?? ""
        case "source":
            return firstNonEmpty("source.component", "deprecatedSource.component", "reportingComponent", "reportingController")
        case "reportingComponent", "reportingController":
            return firstNonEmpty("reportingComponent", "reportingController")
        default:
            if field.hasPrefix("involvedObject.") {
                return firstNonEmpty(field, "regarding." + field.dropFirst("involvedObject.".count))
            }
            if field.hasPrefix("regarding.") {
                return firstNonEmpty(field, "involvedObject." + field.dropFirst("regarding.".count))
            }
            return read(field) ?? ""
        }
    }

    /// The text of a scalar JSON value as the Go field sets format it; nil for null, "" for arrays and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.rounded() == number && abs(number) < 9.0e15 ? String(Int(number)) : String(number)
        case .array, .object: return ""
        }
    }
}
