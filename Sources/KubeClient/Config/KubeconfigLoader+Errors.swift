import Yams

/// Translating Yams and `DecodingError` failures into ``KubeconfigError``s that name the file, the position or the
/// field path, and never quote the document (it may hold tokens and keys).
extension KubeconfigLoader {
    static func yamlError(_ error: YamlError, source: String) -> KubeconfigError {
        func at(_ mark: Mark) -> String { "line \(mark.line), column \(mark.column)" }
        func at(_ position: (line: Int, column: Int)) -> String { "line \(position.line), column \(position.column)" }
        let message: String
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // The snippet Yams attaches is left out on purpose: it may show a token or key.
            var text = "malformed YAML at \(at(mark)): \(problem)"
            if let context { text += " (\(context.text) at \(at(context.mark)))" }
            message = text
        case .reader(let problem, let offset, _, let yaml):
            if let offset, let position = lineAndColumn(of: offset, in: yaml) {
                message = "malformed YAML at \(at(position)): \(problem)"
            } else {
                message = "malformed YAML: \(problem)"
            }
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            message = "malformed YAML: duplicate key \(keys) in the mapping at \(at(context.mark))"
        default:
            message = "malformed YAML"
        }
        return KubeconfigError(code: .malformed, file: source, message: message)
    }

    private static func lineAndColumn(of offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        var index = 0
        for character in text {
            if index == offset { return (line, column) }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return index == offset ? (line, column) : nil
    }

    static func decodingError(_ error: DecodingError, source: String) -> KubeconfigError {
        switch error {
        case .keyNotFound(let key, let context):
            return KubeconfigError(
                code: .missingField, file: source, field: fieldPath(context.codingPath + [key]),
                message: "required field is missing"
            )
        case .valueNotFound(_, let context):
            return KubeconfigError(
                code: .missingField, file: source, field: fieldPath(context.codingPath), message: "required value is null"
            )
        case .typeMismatch(let type, let context):
            return KubeconfigError(
                code: .invalidValue, file: source, field: fieldPath(context.codingPath), message: "expected \(describe(type))"
            )
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? YamlError {
                return yamlError(underlying, source: source)
            }
            // Our own messages ("not valid base64"); they never quote the value.
            return KubeconfigError(
                code: .invalidValue, file: source, field: fieldPath(context.codingPath), message: context.debugDescription
            )
        @unknown default:
            return KubeconfigError(code: .malformed, file: source, message: "cannot decode the kubeconfig")
        }
    }

    /// `users[0].user.client-key-data` from a coding path; `nil` for the document root.
    static func fieldPath(_ path: [any CodingKey]) -> String? {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += key.stringValue
            }
        }
        return result.isEmpty ? nil : result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(Node.Mapping.self): "a mapping"
        case ObjectIdentifier(Node.Sequence.self): "a list"
        case ObjectIdentifier(Node.Scalar.self): "a single value, not a list or mapping"
        case ObjectIdentifier(Bool.self): "true or false"
        case ObjectIdentifier(String.self): "a string"
        default: "a value of type \(type)"
        }
    }
}
