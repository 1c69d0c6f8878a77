import KubeTypes
import SkoposModel

/// RFC 6902 JSON Patch (`Content-Type: application/json-patch+json`), as `kubectl patch --type=json` sends it.
///
/// The patch is an array of operations (`add`, `remove`, `replace`, `move`, `copy`, `test`) applied in order; if any
/// operation fails the whole patch fails and nothing is applied. Paths are RFC 6901 JSON pointers: `/`-separated
/// reference tokens in which `~1` stands for `/` and `~0` for `~`; array elements are addressed by decimal index
/// without leading zeros, and `-` (add only) means "after the last element". Members besides `op`, `path`, `from`
/// and `value` are ignored (RFC 6902 section 4). Error messages follow the wording of the JSON Patch library behind
/// the Kubernetes API server (e.g. `add operation does not apply: doc is missing path: "/a/b": missing value`).
enum JSONPatch {
    /// Applies a JSON Patch document to `target`.
    /// - Parameters:
    ///   - ops: the patch: a JSON array of operation objects.
    ///   - target: the document to patch; left untouched.
    /// - Returns: the patched document.
    /// - Throws: `PatchError` for a malformed patch or an operation that does not apply (missing path, bad index,
    ///   failed `test`), naming the operation and the JSON pointer.
    static func apply(_ ops: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let operations) = ops else {
            throw PatchError("invalid JSON patch: the patch must be a JSON array of operations, not \(ops.typeName)")
        }
        var document = target
        for (index, operation) in operations.enumerated() {
            try apply(operation: operation, index: index, to: &document)
        }
        return document
    }

    /// Splits an RFC 6901 JSON pointer into its unescaped reference tokens; `""` (the whole document) gives `[]`.
    /// - Throws: `PatchError` when the pointer does not start with `/` or contains a `~` not followed by `0` or `1`.
    static func parsePointer(_ pointer: String) throws(PatchError) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.first == "/" else {
            throw PatchError("invalid JSON pointer \"\(pointer)\": a pointer must be empty or start with \"/\"")
        }
        var tokens: [String] = []
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw PatchError("invalid JSON pointer \"\(pointer)\": \"~\" must be followed by \"0\" or \"1\"")
                }
            }
            tokens.append(token)
        }
        return tokens
    }

    /// The value a JSON pointer refers to, or `nil` when there is none (missing member, index out of range, `-`).
    static func value(at tokens: [String], in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members[token] else { return nil }
                current = member
            case .array(let elements):
                guard let index = strictIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    // MARK: - Operations

    /// Applies one operation object to `document`.
    private static func apply(operation: JSONValue, index: Int, to document: inout JSONValue) throws(PatchError) {
        guard case .object(let members) = operation else {
            throw PatchError("invalid JSON patch: operation \(index) is a \(operation.typeName), not an object")
        }
        guard let kind = members["op"] else {
            throw PatchError("invalid JSON patch: operation \(index) has no \"op\" member")
        }
        guard let kindName = kind.stringValue else {
            throw PatchError("invalid JSON patch: \"op\" of operation \(index) must be a string")
        }
        guard let pathValue = members["path"] else {
            throw PatchError("invalid JSON patch: \(kindName) operation \(index) has no \"path\" member")
        }
        guard let path = pathValue.stringValue else {
            throw PatchError("invalid JSON patch: \"path\" of \(kindName) operation \(index) must be a string")
        }
        let tokens = try parsePointer(path)

        switch kindName {
        case "add":
            let value = try required("value", of: members, kind: kindName, index: index)
            try add(value, at: tokens, pointer: path, kind: kindName, to: &document)
        case "remove":
            _ = try remove(at: tokens, pointer: path, kind: kindName, from: &document)
        case "replace":
            let value = try required("value", of: members, kind: kindName, index: index)
            try replace(at: tokens, with: value, pointer: path, to: &document)
        case "move":
            let from = try fromPointer(of: members, kind: kindName, index: index)
            let fromTokens = try parsePointer(from)
            if fromTokens == tokens {
                guard value(at: fromTokens, in: document) != nil else {
                    throw PatchError("move operation does not apply: doc is missing from path: \(from): missing value")
                }
                return
            }
            if tokens.count > fromTokens.count && Array(tokens.prefix(fromTokens.count)) == fromTokens {
                throw PatchError("move operation does not apply: cannot move \"\(from)\" into its own child \"\(path)\"")
            }
            guard value(at: fromTokens, in: document) != nil else {
                throw PatchError("move operation does not apply: doc is missing from path: \(from): missing value")
            }
            let moved = try remove(at: fromTokens, pointer: from, kind: kindName, from: &document)
            try add(moved, at: tokens, pointer: path, kind: kindName, to: &document)
        case "copy":
            let from = try fromPointer(of: members, kind: kindName, index: index)
            guard let copied = value(at: try parsePointer(from), in: document) else {
                throw PatchError("copy operation does not apply: doc is missing from path: \(from): missing value")
            }
            try add(copied, at: tokens, pointer: path, kind: kindName, to: &document)
        case "test":
            let expected = try required("value", of: members, kind: kindName, index: index)
            guard let actual = value(at: tokens, in: document) else {
                throw PatchError("test operation does not apply: doc is missing path: \"\(path)\": missing value")
            }
            guard actual.canonicalNumbers == expected.canonicalNumbers else {
                throw PatchError(
                    "testing value \(path) failed: test failed: expected \(JSONWriter.string(expected)), "
                        + "found \(JSONWriter.string(actual))")
            }
        default:
            throw PatchError("invalid JSON patch: unexpected kind: \(kindName) (operation \(index))")
        }
    }

    /// A member an operation must carry (`value`), or an error naming the operation.
    private static func required(
        _ name: String, of members: [String: JSONValue], kind: String, index: Int
    ) throws(PatchError) -> JSONValue {
        guard let value = members[name] else {
            throw PatchError("invalid JSON patch: \(kind) operation \(index) has no \"\(name)\" member")
        }
        return value
    }

    /// The `from` pointer of a `move` or `copy` operation.
    private static func fromPointer(of members: [String: JSONValue], kind: String, index: Int) throws(PatchError) -> String {
        guard let from = try required("from", of: members, kind: kind, index: index).stringValue else {
            throw PatchError("invalid JSON patch: \"from\" of \(kind) operation \(index) must be a string")
        }
        return from
    }

    /// RFC 6902 `add`: sets an object member (replacing any), inserts into an array, or replaces the whole document.
    private static func add(
        _ value: JSONValue, at tokens: [String], pointer: String, kind: String, to document: inout JSONValue
    ) throws(PatchError) {
        guard !tokens.isEmpty else {
            document = value
            return
        }
        let missing = PatchError("\(kind) operation does not apply: doc is missing path: \"\(pointer)\": missing value")
        try withParent(of: tokens[...], in: &document, missing: missing) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                parent = .null
                members[token] = value
                parent = .object(members)
            case .array(var elements):
                let index: Int
                if token == "-" {
                    index = elements.count
                } else {
                    guard let parsed = strictIndex(token), parsed <= elements.count else {
                        throw invalidIndex(token, pointer: pointer, kind: kind)
                    }
                    index = parsed
                }
                parent = .null
                elements.insert(value, at: index)
                parent = .array(elements)
            default:
                throw missing
            }
        }
    }

    /// RFC 6902 `remove`: deletes an object member or an array element that must exist.
    /// - Returns: the removed value (used by `move`).
    private static func remove(
        at tokens: [String], pointer: String, kind: String, from document: inout JSONValue
    ) throws(PatchError) -> JSONValue {
        guard !tokens.isEmpty else {
            throw PatchError("\(kind) operation does not apply: cannot remove the whole document (path \"\")")
        }
        let missing = PatchError("\(kind) operation does not apply: doc is missing path: \"\(pointer)\": missing value")
        var removed = JSONValue.null
        try withParent(of: tokens[...], in: &document, missing: missing) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                parent = .null
                guard let value = members.removeValue(forKey: token) else {
                    parent = .object(members)
                    throw PatchError("\(kind) operation does not apply: unable to remove nonexistent key: \(pointer): missing value")
                }
                removed = value
                parent = .object(members)
            case .array(var elements):
                guard let index = strictIndex(token), index < elements.count else {
                    throw invalidIndex(token, pointer: pointer, kind: kind)
                }
                parent = .null
                removed = elements.remove(at: index)
                parent = .array(elements)
            default:
                throw missing
            }
        }
        return removed
    }

    /// RFC 6902 `replace`: overwrites a value that must exist; `""` replaces the whole document.
    private static func replace(
        at tokens: [String], with value: JSONValue, pointer: String, to document: inout JSONValue
    ) throws(PatchError) {
        guard !tokens.isEmpty else {
            document = value
            return
        }
        let missing = PatchError("replace operation does not apply: doc is missing key: \(pointer): missing value")
        try withParent(of: tokens[...], in: &document, missing: missing) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                guard members[token] != nil else { throw missing }
                parent = .null
                members[token] = value
                parent = .object(members)
            case .array(var elements):
                guard let index = strictIndex(token), index < elements.count else {
                    throw invalidIndex(token, pointer: pointer, kind: "replace")
                }
                parent = .null
                elements[index] = value
                parent = .array(elements)
            default:
                throw missing
            }
        }
    }

    /// Walks down all tokens but the last and hands the container and the last token to `body`, writing the
    /// modified container back on the way up. Intermediate values must exist; otherwise `missing` is thrown.
    private static func withParent(
        of tokens: ArraySlice<String>,
        in value: inout JSONValue,
        missing: PatchError,
        _ body: (inout JSONValue, String) throws(PatchError) -> Void
    ) throws(PatchError) {
        guard let head = tokens.first else { return }
        let rest = tokens.dropFirst()
        if rest.isEmpty {
            try body(&value, head)
            return
        }
        switch value {
        case .object(var members):
            guard var child = members[head] else { throw missing }
            value = .null
            members[head] = .null
            try withParent(of: rest, in: &child, missing: missing, body)
            members[head] = child
            value = .object(members)
        case .array(var elements):
            guard let index = strictIndex(head), index < elements.count else { throw missing }
            var child = elements[index]
            value = .null
            elements[index] = .null
            try withParent(of: rest, in: &child, missing: missing, body)
            elements[index] = child
            value = .array(elements)
        default:
            throw missing
        }
    }

    /// An array index token per RFC 6901: `0` or a decimal number without leading zeros; `nil` otherwise.
    private static func strictIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if first == 0x30 && token.utf8.count > 1 { return nil }
        return Int(token)
    }

    /// The error for an array index that is malformed or out of range.
    private static func invalidIndex(_ token: String, pointer: String, kind: String) -> PatchError {
        PatchError("\(kind) operation does not apply: unable to access invalid index: \(token) in path \"\(pointer)\"")
    }
}

extension JSONValue {
    /// The same value with every integral floating-point number (within ±2^53) turned into `.int`, recursively.
    ///
    /// JSON does not distinguish `1` from `1.0`, so comparisons made by the patch algorithms (JSON Patch `test`,
    /// strategic-merge keys such as `containerPort`, primitive list union) compare canonical forms.
    var canonicalNumbers: JSONValue {
        switch self {
        case .double(let number) where number.rounded() == number && abs(number) <= 9_007_199_254_740_992:
            return .int(Int(number))
        case .array(let elements):
            return .array(elements.map(\.canonicalNumbers))
        case .object(let members):
            return .object(members.mapValues(\.canonicalNumbers))
        default:
            return self
        }
    }
}
