/// A Kubernetes label selector in its text form, the `labelSelector` query parameter: requirements separated by
/// commas, all of which must hold.
///
/// | Form | Holds when |
/// |---|---|
/// | `key`, `!key` | the label is present / absent |
/// | `key=value`, `key==value` | the label has the value |
/// | `key!=value` | the label is absent or has another value |
/// | `key in (a,b)` | the label has one of the values |
/// | `key notin (a,b)` | the label is absent or has none of the values |
/// | `key>n`, `key<n` | the label is an integer greater / less than `n` |
///
/// ```swift
/// let query = try LabelQuery(parsing: "app=reviews,version in (v1,v2),!canary")
/// query.matches(["app": "reviews", "version": "v2"])  // true
/// ```
public struct LabelQuery: Sendable, Hashable {
    /// One requirement.
    public enum Requirement: Sendable, Hashable {
        case exists(String)
        case notExists(String)
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case greaterThan(String, Int)
        case lessThan(String, Int)

        /// Whether labels satisfy the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .exists(let k): labels[k] != nil
            case .notExists(let k): labels[k] == nil
            case .equals(let k, let v): labels[k] == v
            case .notEquals(let k, let v): labels[k] != v
            case .in(let k, let values): labels[k].map(values.contains) ?? false
            case .notIn(let k, let values): labels[k].map { !values.contains($0) } ?? true
            case .greaterThan(let k, let n): labels[k].flatMap { Int($0) }.map { $0 > n } ?? false
            case .lessThan(let k, let n): labels[k].flatMap { Int($0) }.map { $0 < n } ?? false
            }
        }
    }

    /// The requirements; none matches everything.
    public var requirements: [Requirement]

    /// A query of requirements.
    public init(_ requirements: [Requirement] = []) {
        self.requirements = requirements
    }

    /// Whether the query has no requirement (matches everything).
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether labels satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Reads the text form; blank text is the empty query.
    /// - Returns: `nil` when the text is not a label selector.
    public init?(parsing text: String) {
        var scanner = Scanner(Array(text.unicodeScalars))
        var requirements: [Requirement] = []
        scanner.skipSpaces()
        if scanner.atEnd {
            self.init()
            return
        }
        while true {
            guard let requirement = scanner.requirement() else { return nil }
            requirements.append(requirement)
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.take(",") else { return nil }
        }
        self.init(requirements)
    }
}

extension LabelQuery {
    /// A hand-written scanner over the text's scalars.
    fileprivate struct Scanner {
        let s: [Unicode.Scalar]
        var i = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var atEnd: Bool { i >= s.count }
        var peek: Unicode.Scalar? { atEnd ? nil : s[i] }

        mutating func skipSpaces() {
            while let c = peek, c == " " || c == "\t" { i += 1 }
        }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            guard peek == c else { return false }
            i += 1
            return true
        }

        /// A label key or value: letters, digits, `-`, `_`, `.`, `/`.
        mutating func word() -> String {
            var out = String.UnicodeScalarView()
            while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." || c == "/" {
                out.append(c)
                i += 1
            }
            return String(out)
        }

        /// A keyword (`in`, `notin`) followed by a space or `(`.
        mutating func keyword(_ k: String) -> Bool {
            let scalars = Array(k.unicodeScalars)
            guard i + scalars.count <= s.count, Array(s[i..<(i + scalars.count)]) == scalars else { return false }
            let after = i + scalars.count
            guard after < s.count, s[after] == " " || s[after] == "(" else { return false }
            i = after
            return true
        }

        mutating func requirement() -> Requirement? {
            skipSpaces()
            if take("!") {
                skipSpaces()
                let key = word()
                return key.isEmpty ? nil : .notExists(key)
            }
            let key = word()
            guard !key.isEmpty else { return nil }
            skipSpaces()
            guard let c = peek, c != "," else { return .exists(key) }
            if take("!") {
                guard take("=") else { return nil }
                return value().map { .notEquals(key, $0) }
            }
            if take("=") {
                _ = take("=")
                return value().map { .equals(key, $0) }
            }
            if take(">") { return value().flatMap(Int.init).map { .greaterThan(key, $0) } }
            if take("<") { return value().flatMap(Int.init).map { .lessThan(key, $0) } }
            if keyword("in") { return set().map { .in(key, $0) } }
            if keyword("notin") { return set().map { .notIn(key, $0) } }
            return nil
        }

        /// A value after an operator (may be empty).
        mutating func value() -> String? {
            skipSpaces()
            return word()
        }

        /// `(a, b, …)`.
        mutating func set() -> Set<String>? {
            skipSpaces()
            guard take("(") else { return nil }
            var values = Set<String>()
            while true {
                skipSpaces()
                values.insert(word())
                skipSpaces()
                if take(")") { return values }
                guard take(",") else { return nil }
            }
        }
    }
}
