import KubeTypes
import SkoposModel

/// The Kubernetes name, label and annotation validators (`k8s.io/apimachinery/pkg/util/validation` and
/// `.../api/validation`), returning the real server's message texts.
///
/// The `is…` style functions return a list of problems (empty when valid), exactly like their Go counterparts;
/// the `validate…` functions wrap them in `FieldError`s carrying a field path, as the server puts them in a
/// 422 `Invalid` status.
enum NameValidation {
    // MARK: Formats and messages (verbatim from apimachinery)

    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
        + "and must start and end with an alphanumeric character"
    static let dns1123LabelMaxLength = 63

    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
        + "and must start and end with an alphanumeric character"
    static let dns1123SubdomainMaxLength = 253

    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character"
    static let dns1035LabelMaxLength = 63

    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let qualifiedNameMaxLength = 63

    static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
        + "and must start and end with an alphanumeric character"
    static let labelValueMaxLength = 63

    /// The total size limit of all annotation keys and values: 256 KiB.
    static let totalAnnotationSizeLimit = 256 * 1024

    /// apimachinery `MaxLenError`.
    static func maxLengthError(_ length: Int) -> String { "must be no more than \(length) characters" }

    /// apimachinery `EmptyError`.
    static let emptyError = "must be non-empty"

    /// apimachinery `RegexError`: the message, the examples (joined with the real double space) and the regex.
    static func regexError(_ message: String, _ format: String, examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    // MARK: Character-level matchers (equivalent to the regexes above, anchored)

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
    static func matchesDNS1123Label<S: BidirectionalCollection<UInt8>>(_ bytes: S) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
    static func matchesDNS1123Subdomain(_ value: String) -> Bool {
        let labels = Array(value.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { matchesDNS1123Label($0) }
    }

    /// `^[a-z]([-a-z0-9]*[a-z0-9])?$`
    static func matchesDNS1035Label(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return matchesDNS1123Label(bytes)
    }

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
    static func matchesQualifiedNamePart(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    // MARK: The validators

    /// apimachinery `IsDNS1123Subdomain`: names of most kinds (at most 253 characters).
    static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > dns1123SubdomainMaxLength { errors.append(maxLengthError(dns1123SubdomainMaxLength)) }
        if !matchesDNS1123Subdomain(value) {
            errors.append(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, examples: ["example.com"]))
        }
        return errors
    }

    /// apimachinery `IsDNS1123Label`: namespace names (at most 63 characters).
    static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > dns1123LabelMaxLength { errors.append(maxLengthError(dns1123LabelMaxLength)) }
        if !matchesDNS1123Label(Array(value.utf8)) {
            if matchesDNS1123Subdomain(value) {
                errors.append("must not contain dots")
            } else {
                errors.append(regexError(dns1123LabelMessage, dns1123LabelFormat, examples: ["my-name", "123-abc"]))
            }
        }
        return errors
    }

    /// apimachinery `IsDNS1035Label`: Service names (at most 63 characters, starting with a letter).
    static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > dns1035LabelMaxLength { errors.append(maxLengthError(dns1035LabelMaxLength)) }
        if !matchesDNS1035Label(value) {
            errors.append(regexError(dns1035LabelMessage, dns1035LabelFormat, examples: ["my-name", "abc-123"]))
        }
        return errors
    }

    /// apimachinery `IsQualifiedName`: label keys and annotation keys — an optional DNS-subdomain prefix and `/`,
    /// then a name of at most 63 characters.
    static func qualifiedName(_ value: String) -> [String] {
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part " + emptyError)
            } else {
                errors.append(contentsOf: dns1123Subdomain(prefix).map { "prefix part " + $0 })
            }
        default:
            let regex = regexError(qualifiedNameMessage, qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"])
            return ["a qualified name " + regex + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part " + emptyError)
        } else if name.utf8.count > qualifiedNameMaxLength {
            errors.append("name part " + maxLengthError(qualifiedNameMaxLength))
        }
        if !matchesQualifiedNamePart(name) {
            errors.append(
                "name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// Label keys are qualified names.
    static func labelKey(_ value: String) -> [String] { qualifiedName(value) }

    /// apimachinery `IsValidLabelValue`: empty, or a qualified-name part of at most 63 characters.
    static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > labelValueMaxLength { errors.append(maxLengthError(labelValueMaxLength)) }
        if !value.isEmpty && !matchesQualifiedNamePart(value) {
            errors.append(regexError(labelValueMessage, labelValueFormat, examples: ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    /// apimachinery `path.IsValidPathSegmentName`: what RBAC object names must be (`system:foo` is fine).
    static func pathSegmentName(_ value: String) -> [String] {
        if value == "." || value == ".." { return ["may not be '\(value)'"] }
        var errors: [String] = []
        if value.contains("/") { errors.append("may not contain '/'") }
        if value.contains("%") { errors.append("may not contain '%'") }
        return errors
    }

    // MARK: Object names

    /// How a kind's `metadata.name` is validated.
    enum NameRule: Sendable, Hashable {
        case dns1123Subdomain
        case dns1123Label
        case dns1035Label
        case pathSegment
    }

    /// The rule the real server applies to names of a kind: Namespaces are DNS-1123 labels, Services DNS-1035
    /// labels, RBAC objects path segments, everything else (including custom resources) DNS-1123 subdomains.
    static func nameRule(group: String, kind: String) -> NameRule {
        switch (group, kind) {
        case ("", "Namespace"): .dns1123Label
        case ("", "Service"): .dns1035Label
        case ("rbac.authorization.k8s.io", _): .pathSegment
        default: .dns1123Subdomain
        }
    }

    /// Validates a name (or, with `isGenerateName`, a `generateName` prefix, whose trailing `-` is tolerated the way
    /// apimachinery's `maskTrailingDash` does; RBAC's path-segment rule ignores the distinction, as the real one does)
    /// against a rule; returns the problems.
    static func validateName(_ name: String, rule: NameRule, isGenerateName: Bool = false) -> [String] {
        switch rule {
        case .dns1123Subdomain: dns1123Subdomain(isGenerateName ? maskTrailingDash(name) : name)
        case .dns1123Label: dns1123Label(isGenerateName ? maskTrailingDash(name) : name)
        case .dns1035Label: dns1035Label(isGenerateName ? maskTrailingDash(name) : name)
        case .pathSegment: pathSegmentName(name)
        }
    }

    /// apimachinery `maskTrailingDash` — which, faithfully, replaces the last *two* characters with `a`.
    static func maskTrailingDash(_ name: String) -> String {
        guard name.utf8.count > 1, name.hasSuffix("-") else { return name }
        return String(decoding: name.utf8.dropLast(2), as: UTF8.self) + "a"
    }

    // MARK: Field errors

    /// One field error, as apimachinery `field.Error` renders it.
    struct FieldError: Sendable, Hashable, CustomStringConvertible {
        /// The error type: `Invalid value`, `Required value`, `Too long`, ...
        var type: String
        /// The status cause type: `FieldValueInvalid`, `FieldValueRequired`, `FieldValueTooLong`, ...
        var causeType: String
        /// The field path, e.g. `metadata.name`.
        var field: String
        /// `ErrorBody()`: what goes in a status cause's `message`, e.g. `Invalid value: "Foo": a lowercase ...`.
        var body: String

        /// `field: body`, the text of `Error()`.
        var description: String { field + ": " + body }

        /// A `field.Invalid` error with a string bad value.
        static func invalid(_ field: String, _ value: String, _ detail: String) -> FieldError {
            FieldError(type: "Invalid value", causeType: "FieldValueInvalid", field: field,
                       body: "Invalid value: \(goQuoted(value)): \(detail)")
        }

        /// A `field.Required` error.
        static func required(_ field: String, _ detail: String) -> FieldError {
            FieldError(type: "Required value", causeType: "FieldValueRequired", field: field,
                       body: detail.isEmpty ? "Required value" : "Required value: \(detail)")
        }

        /// A `field.TooLong` error.
        static func tooLong(_ field: String, maxLength: Int) -> FieldError {
            FieldError(type: "Too long", causeType: "FieldValueTooLong", field: field,
                       body: "Too long: may not be more than \(maxLength) \(maxLength == 1 ? "byte" : "bytes")")
        }

        /// The status cause object (`{"reason","message","field"}`).
        var cause: JSONValue {
            ["reason": .string(causeType), "message": .string(body), "field": .string(field)]
        }
    }

    /// The message of a 422 from apimachinery `NewInvalid`: `Pod "x" is invalid: <errors>`; the kind is qualified
    /// with its group when it has one (`Deployment.apps "web" is invalid: ...`).
    static func invalidMessage(group: String, kind: String, name: String, errors: [FieldError]) -> String {
        let qualified = group.isEmpty ? kind : kind + "." + group
        let head = "\(qualified) \(goQuoted(name)) is invalid"
        guard let aggregated = LabelQuery.aggregate(errors.map(\.description)) else { return head }
        return head + ": " + aggregated
    }

    /// Validates `metadata.name`/`metadata.generateName` like `ValidateObjectMeta`: one of them is required, and
    /// each must satisfy the rule.
    static func validateObjectName(
        name: String, generateName: String = "", rule: NameRule, path: String = "metadata"
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if !generateName.isEmpty {
            for message in validateName(generateName, rule: rule, isGenerateName: true) {
                errors.append(.invalid(path + ".generateName", generateName, message))
            }
        }
        if name.isEmpty {
            errors.append(.required(path + ".name", "name or generateName is required"))
        } else {
            for message in validateName(name, rule: rule) {
                errors.append(.invalid(path + ".name", name, message))
            }
        }
        return errors
    }

    /// `ValidateLabels`: every key a qualified name, every value a label value (keys visited in sorted order).
    static func validateLabels(_ labels: [String: String], path: String = "metadata.labels") -> [FieldError] {
        var errors: [FieldError] = []
        for key in labels.keys.sorted() {
            for message in qualifiedName(key) { errors.append(.invalid(path, key, message)) }
            let value = labels[key] ?? ""
            for message in labelValue(value) { errors.append(.invalid(path, value, message)) }
        }
        return errors
    }

    /// `ValidateAnnotations`: keys are qualified names (case-insensitively) and keys plus values total at most
    /// 256 KiB.
    static func validateAnnotations(_ annotations: [String: String], path: String = "metadata.annotations") -> [FieldError] {
        var errors: [FieldError] = []
        var total = 0
        for key in annotations.keys.sorted() {
            for message in qualifiedName(key.lowercased()) { errors.append(.invalid(path, key, message)) }
            total += key.utf8.count + (annotations[key]?.utf8.count ?? 0)
        }
        if total > totalAnnotationSizeLimit {
            errors.append(.tooLong(path, maxLength: totalAnnotationSizeLimit))
        }
        return errors
    }

    // MARK: Go formatting helpers

    /// The text of Go's `%q` for a string: double-quoted, with `\"`, `\\`, `\n`, `\t`, ... and `\xNN`/`\uNNNN`
    /// escapes for other control characters.
    static func goQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if (0x80..<0xA0).contains(scalar.value) || scalar.value == 0xFEFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Go's `%#v` of a `[]string`: `[]string(nil)` when empty, else `[]string{"a", "b"}`.
    static func goStringSlice(_ values: [String]) -> String {
        values.isEmpty ? "[]string(nil)" : "[]string{" + values.map(goQuoted).joined(separator: ", ") + "}"
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
