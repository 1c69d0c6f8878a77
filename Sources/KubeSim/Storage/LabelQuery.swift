import KubeTypes
import SkoposModel

/// A parsed label selector, as the `labelSelector` query parameter gives it: an AND of requirements over an
/// object's labels. (Not KubeTypes' `LabelSelector`, the `metav1.LabelSelector` struct; this is what the server
/// turns that struct or the query text into, `labels.Selector` in Go.)
///
/// Parsing follows `k8s.io/apimachinery/pkg/labels.Parse` token for token — the same lexer, the same grammar
/// (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma = AND) and the same
/// error texts, including the quirks (`found '...'` messages, `<nil>:` field paths, values sets). A selector
/// can also be built from a `metav1.LabelSelector` JSON object the way `metav1.LabelSelectorAsSelector` does.
struct LabelQuery: Sendable, Hashable, CustomStringConvertible {
    /// A requirement's operator; raw values are the apimachinery `selection.Operator` strings.
    enum Operator: String, Sendable, Hashable {
        case equals = "="
        case doubleEquals = "=="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    /// One `key op values` term.
    struct Requirement: Sendable, Hashable, CustomStringConvertible {
        var key: String
        var op: Operator
        /// The values; sorted and de-duplicated when parsed from a string, as given when built from JSON.
        var values: [String]

        /// Whether `labels` satisfy this requirement (apimachinery `Requirement.Matches`).
        func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .equals, .doubleEquals, .in:
                guard let value = labels[key] else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value = labels[key] else { return true }
                return !values.contains(value)
            case .exists:
                return labels[key] != nil
            case .doesNotExist:
                return labels[key] == nil
            case .greaterThan, .lessThan:
                guard let value = labels[key], let actual = Int64(value), values.count == 1,
                    let bound = Int64(values[0])
                else { return false }
                return op == .greaterThan ? actual > bound : actual < bound
            }
        }

        /// The canonical text (apimachinery `Requirement.String`), e.g. `env in (dev,prod)` or `!tier`.
        var description: String {
            var text = op == .doesNotExist ? "!" + key : key
            switch op {
            case .exists, .doesNotExist: return text
            case .equals: text += "="
            case .doubleEquals: text += "=="
            case .notEquals: text += "!="
            case .in: text += " in "
            case .notIn: text += " notin "
            case .greaterThan: text += ">"
            case .lessThan: text += "<"
            }
            let joined = values.count == 1 ? values[0] : values.sorted().joined(separator: ",")
            return op == .in || op == .notIn ? text + "(" + joined + ")" : text + joined
        }
    }

    /// The requirements, sorted by key. All must hold.
    var requirements: [Requirement]
    /// `true` for the selector that matches nothing (what a missing `metav1.LabelSelector` converts to).
    var matchesNothing: Bool

    /// Builds a selector from requirements (sorted stably by key, like `Selector.Add`).
    init(requirements: [Requirement] = []) {
        self.requirements = Self.sortedByKey(requirements)
        self.matchesNothing = false
    }

    /// The selector matching every object.
    static let everything = LabelQuery()

    /// The selector matching no object.
    static let nothing: LabelQuery = {
        var selector = LabelQuery()
        selector.matchesNothing = true
        return selector
    }()

    /// `true` when the selector places no constraint (matches everything).
    var isEverything: Bool { !matchesNothing && requirements.isEmpty }

    /// Whether the labels satisfy every requirement.
    func matches(_ labels: [String: String]) -> Bool {
        if matchesNothing { return false }
        for requirement in requirements where !requirement.matches(labels) { return false }
        return true
    }

    /// Whether an object's `metadata.labels` satisfy the selector.
    func matches(object: JSONValue) -> Bool {
        matches(Self.labels(of: object))
    }

    /// The canonical selector text (apimachinery `Selector.String`), e.g. `app=web,tier notin (db)`.
    /// Empty for `everything` and `nothing`.
    var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    /// The string labels in an object's `metadata.labels` (non-string values are skipped).
    static func labels(of object: JSONValue) -> [String: String] {
        guard let map = object[path: ["metadata", "labels"]]?.objectValue else { return [:] }
        var labels: [String: String] = [:]
        labels.reserveCapacity(map.count)
        for (key, value) in map {
            if let text = value.stringValue { labels[key] = text }
        }
        return labels
    }

    static func sortedByKey(_ requirements: [Requirement]) -> [Requirement] {
        requirements.enumerated()
            .sorted { $0.element.key != $1.element.key ? $0.element.key < $1.element.key : $0.offset < $1.offset }
            .map(\.element)
    }
}

// MARK: - Building requirements with validation

extension LabelQuery {
    /// Validates and builds one requirement exactly like apimachinery `labels.NewRequirement`, whose errors
    /// name the field paths `key`, `values`, `values[i]` and `values[i][key]`.
    static func requirement(key: String, op: Operator, values: [String]) throws(SelectorError) -> Requirement {
        var errors: [String] = []
        let keyErrors = NameValidation.qualifiedName(key)
        if !keyErrors.isEmpty {
            errors.append("key: Invalid value: \(NameValidation.goQuoted(key)): \(keyErrors.joined(separator: "; "))")
        }
        let valuesRepr = NameValidation.goStringSlice(values)
        switch op {
        case .in, .notIn:
            if values.isEmpty {
                errors.append("values: Invalid value: \(valuesRepr): for 'in', 'notin' operators, values set can't be empty")
            }
        case .equals, .doubleEquals, .notEquals:
            if values.count != 1 {
                errors.append("values: Invalid value: \(valuesRepr): exact-match compatibility requires one single value")
            }
        case .exists, .doesNotExist:
            if !values.isEmpty {
                errors.append("values: Invalid value: \(valuesRepr): values set must be empty for exists and does not exist")
            }
        case .greaterThan, .lessThan:
            if values.count != 1 {
                errors.append("values: Invalid value: \(valuesRepr): for 'Gt', 'Lt' operators, exactly one value is required")
            }
            for (index, value) in values.enumerated() where Int64(value) == nil {
                errors.append(
                    "values[\(index)]: Invalid value: \(NameValidation.goQuoted(value)): "
                        + "for 'Gt', 'Lt' operators, the value must be an integer")
            }
        }
        for (index, value) in values.enumerated() {
            let valueErrors = NameValidation.labelValue(value)
            if !valueErrors.isEmpty {
                errors.append(
                    "values[\(index)][\(key)]: Invalid value: \(NameValidation.goQuoted(value)): "
                        + valueErrors.joined(separator: "; "))
            }
        }
        if let message = aggregate(errors) { throw SelectorError(message) }
        return Requirement(key: key, op: op, values: values)
    }

    /// The text of apimachinery's `utilerrors.NewAggregate`: one message alone, several de-duplicated in `[a, b]`.
    static func aggregate(_ messages: [String]) -> String? {
        var seen = Set<String>()
        var unique: [String] = []
        for message in messages where seen.insert(message).inserted { unique.append(message) }
        switch unique.count {
        case 0: return nil
        case 1: return unique[0]
        default: return "[" + unique.joined(separator: ", ") + "]"
        }
    }
}

// MARK: - metav1.LabelSelector

extension LabelQuery {
    /// Converts a `metav1.LabelSelector` JSON object (`matchLabels`, `matchExpressions`) like
    /// `metav1.LabelSelectorAsSelector`: a missing or `null` selector matches nothing, an empty one everything.
    /// - Throws: `SelectorError` for an unknown operator (`"Foo" is not a valid label selector operator`),
    ///   invalid keys or values, or values given to `Exists`/missing for `In`.
    init(labelSelectorJSON json: JSONValue?) throws(SelectorError) {
        guard let json, !json.isNull else {
            self = .nothing
            return
        }
        guard let object = json.objectValue else {
            throw SelectorError("label selector must be an object, not \(json.typeName)")
        }
        var requirements: [Requirement] = []
        if let matchLabels = object["matchLabels"], !matchLabels.isNull {
            guard let map = matchLabels.objectValue else {
                throw SelectorError("matchLabels must be an object, not \(matchLabels.typeName)")
            }
            for key in map.keys.sorted() {
                guard let value = map[key]?.stringValue else {
                    throw SelectorError("matchLabels[\(key)] must be a string")
                }
                requirements.append(try Self.requirement(key: key, op: .equals, values: [value]))
            }
        }
        if let matchExpressions = object["matchExpressions"], !matchExpressions.isNull {
            guard let expressions = matchExpressions.arrayValue else {
                throw SelectorError("matchExpressions must be an array, not \(matchExpressions.typeName)")
            }
            for expression in expressions {
                let key = expression["key"]?.stringValue ?? ""
                let operatorName = expression["operator"]?.stringValue ?? ""
                let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                let op: Operator
                switch operatorName {
                case "In": op = .in
                case "NotIn": op = .notIn
                case "Exists": op = .exists
                case "DoesNotExist": op = .doesNotExist
                default: throw SelectorError("\(NameValidation.goQuoted(operatorName)) is not a valid label selector operator")
                }
                requirements.append(try Self.requirement(key: key, op: op, values: values))
            }
        }
        self.init(requirements: requirements)
    }
}

// MARK: - Parsing the query-string syntax

extension LabelQuery {
    /// Parses a `labelSelector` query parameter like the API server (`labels.Parse`). Empty text matches everything.
    /// - Throws: `SelectorError` carrying the server's message, e.g. `unable to parse requirement: found 'b',
    ///   expected: in, notin, =, ==, !=, gt, lt`.
    init(parsing text: String) throws(SelectorError) {
        var lexer = Lexer(Array(text.utf8))
        var parser = Parser(items: lexer.scanAll())
        self.init(requirements: try parser.parse())
    }

    /// Same as `init(parsing:)`.
    static func parse(_ text: String) throws(SelectorError) -> LabelQuery {
        try LabelQuery(parsing: text)
    }

    /// The tokens of the selector language (apimachinery `labels.Token`).
    enum Token: Sendable, Hashable {
        case error, endOfString, closedPar, comma, doesNotExist, doubleEquals, equals, greaterThan
        case identifier, `in`, lessThan, notEquals, notIn, openPar

        /// The literal tokens, as in apimachinery's `string2token`.
        static func literal(_ text: String) -> Token? {
            switch text {
            case ")": .closedPar
            case ",": .comma
            case "!": .doesNotExist
            case "==": .doubleEquals
            case "=": .equals
            case ">": .greaterThan
            case "in": .in
            case "<": .lessThan
            case "!=": .notEquals
            case "notin": .notIn
            case "(": .openPar
            default: nil
            }
        }
    }

    /// A scanned token and its literal text.
    struct ScannedItem: Sendable, Hashable {
        var token: Token
        var literal: String
    }

    /// The byte-oriented lexer of apimachinery's label selector (NUL ends the input, as there).
    struct Lexer {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
        }

        static func isSpecialSymbol(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
                UInt8(ascii: ">"), UInt8(ascii: "<"):
                true
            default: false
            }
        }

        mutating func read() -> UInt8 {
            guard position < bytes.count else { return 0 }
            position += 1
            return bytes[position - 1]
        }

        mutating func unread() { position -= 1 }

        mutating func lex() -> ScannedItem {
            var byte = read()
            while Self.isWhitespace(byte) { byte = read() }
            if byte == 0 { return ScannedItem(token: .endOfString, literal: "") }
            unread()
            return Self.isSpecialSymbol(byte) ? scanSpecialSymbol() : scanIdentifierOrKeyword()
        }

        mutating func scanIdentifierOrKeyword() -> ScannedItem {
            var buffer: [UInt8] = []
            while true {
                let byte = read()
                if byte == 0 { break }
                if Self.isSpecialSymbol(byte) || Self.isWhitespace(byte) {
                    unread()
                    break
                }
                buffer.append(byte)
            }
            let text = String(decoding: buffer, as: UTF8.self)
            return ScannedItem(token: Token.literal(text) ?? .identifier, literal: text)
        }

        mutating func scanSpecialSymbol() -> ScannedItem {
            var buffer: [UInt8] = []
            var last: ScannedItem? = nil
            while true {
                let byte = read()
                if byte == 0 { break }
                guard Self.isSpecialSymbol(byte) else {
                    unread()
                    break
                }
                buffer.append(byte)
                let text = String(decoding: buffer, as: UTF8.self)
                if let token = Token.literal(text) {
                    last = ScannedItem(token: token, literal: text)
                } else if last != nil {
                    unread()
                    break
                }
            }
            return last ?? ScannedItem(
                token: .error, literal: "error expected: keyword found '\(String(decoding: buffer, as: UTF8.self))'")
        }

        /// All tokens up to and including the end-of-string token.
        mutating func scanAll() -> [ScannedItem] {
            var items: [ScannedItem] = []
            while true {
                let item = lex()
                items.append(item)
                if item.token == .endOfString { return items }
            }
        }
    }

    /// The recursive-descent parser of apimachinery's `labels.Parser`.
    struct Parser {
        /// In the `values` context the keywords `in` and `notin` are plain identifiers.
        enum Context { case keyAndOperator, values }

        static let binaryOperators = "in, notin, =, ==, !=, gt, lt"

        let items: [ScannedItem]
        var position = 0

        init(items: [ScannedItem]) { self.items = items }

        func lookahead(_ context: Context) -> ScannedItem {
            Self.adjust(items[min(position, items.count - 1)], context)
        }

        mutating func consume(_ context: Context) -> ScannedItem {
            let item = items[min(position, items.count - 1)]
            position += 1
            return Self.adjust(item, context)
        }

        static func adjust(_ item: ScannedItem, _ context: Context) -> ScannedItem {
            guard context == .values, item.token == .in || item.token == .notIn else { return item }
            return ScannedItem(token: .identifier, literal: item.literal)
        }

        mutating func parse() throws(SelectorError) -> [Requirement] {
            var requirements: [Requirement] = []
            while true {
                let next = lookahead(.values)
                switch next.token {
                case .identifier, .doesNotExist:
                    do {
                        requirements.append(try parseRequirement())
                    } catch {
                        throw SelectorError("unable to parse requirement: \(error.message)")
                    }
                    let separator = consume(.values)
                    switch separator.token {
                    case .endOfString:
                        return requirements
                    case .comma:
                        let following = lookahead(.values)
                        if following.token != .identifier && following.token != .doesNotExist {
                            throw SelectorError("found '\(following.literal)', expected: identifier after ','")
                        }
                    default:
                        throw SelectorError("found '\(separator.literal)', expected: ',' or 'end of string'")
                    }
                case .endOfString:
                    return requirements
                default:
                    throw SelectorError("found '\(next.literal)', expected: !, identifier, or 'end of string'")
                }
            }
        }

        mutating func parseRequirement() throws(SelectorError) -> Requirement {
            let (key, inferred) = try parseKeyAndInferOperator()
            if let inferred {
                return try LabelQuery.requirement(key: key, op: inferred, values: [])
            }
            let op = try parseOperator()
            let values: [String]
            switch op {
            case .in, .notIn: values = try parseValues()
            default: values = try parseExactValue()
            }
            return try LabelQuery.requirement(key: key, op: op, values: Array(Set(values)).sorted())
        }

        /// Reads `[!]key` and infers `exists`/`doesNotExist` when no binary operator follows.
        mutating func parseKeyAndInferOperator() throws(SelectorError) -> (String, Operator?) {
            var op: Operator? = nil
            var item = consume(.values)
            if item.token == .doesNotExist {
                op = .doesNotExist
                item = consume(.values)
            }
            guard item.token == .identifier else {
                throw SelectorError("found '\(item.literal)', expected: identifier")
            }
            let keyErrors = NameValidation.qualifiedName(item.literal)
            if !keyErrors.isEmpty {
                throw SelectorError(
                    "<nil>: Invalid value: \(NameValidation.goQuoted(item.literal)): \(keyErrors.joined(separator: "; "))")
            }
            let next = lookahead(.values).token
            if (next == .endOfString || next == .comma) && op == nil {
                op = .exists
            }
            return (item.literal, op)
        }

        mutating func parseOperator() throws(SelectorError) -> Operator {
            let item = consume(.keyAndOperator)
            switch item.token {
            case .in: return .in
            case .equals: return .equals
            case .doubleEquals: return .doubleEquals
            case .greaterThan: return .greaterThan
            case .lessThan: return .lessThan
            case .notIn: return .notIn
            case .notEquals: return .notEquals
            default: throw SelectorError("found '\(item.literal)', expected: \(Self.binaryOperators)")
            }
        }

        mutating func parseValues() throws(SelectorError) -> [String] {
            let open = consume(.values)
            guard open.token == .openPar else {
                throw SelectorError("found '\(open.literal)' expected: '('")
            }
            let first = lookahead(.values)
            switch first.token {
            case .identifier, .comma:
                let values = try parseIdentifiersList()
                if consume(.values).token != .closedPar {
                    throw SelectorError("found '\(first.literal)', expected: ')'")
                }
                return values
            case .closedPar:
                _ = consume(.values)
                return [""]
            default:
                throw SelectorError("found '\(first.literal)', expected: ',', ')' or identifier")
            }
        }

        mutating func parseIdentifiersList() throws(SelectorError) -> [String] {
            var values: [String] = []
            while true {
                let item = consume(.values)
                switch item.token {
                case .identifier:
                    values.append(item.literal)
                    let next = lookahead(.values)
                    switch next.token {
                    case .comma: continue
                    case .closedPar: return values
                    default: throw SelectorError("found '\(next.literal)', expected: ',' or ')'")
                    }
                case .comma:
                    if values.isEmpty { values.append("") }
                    let next = lookahead(.values).token
                    if next == .closedPar {
                        values.append("")
                        return values
                    }
                    if next == .comma {
                        _ = consume(.values)
                        values.append("")
                    }
                default:
                    throw SelectorError("found '\(item.literal)', expected: ',', or identifier")
                }
            }
        }

        mutating func parseExactValue() throws(SelectorError) -> [String] {
            let next = lookahead(.values).token
            if next == .endOfString || next == .comma { return [""] }
            let item = consume(.values)
            guard item.token == .identifier else {
                throw SelectorError("found '\(item.literal)', expected: identifier")
            }
            return [item.literal]
        }
    }
}
