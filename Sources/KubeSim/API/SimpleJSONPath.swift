import Foundation
import KubeTypes
import SkoposModel

/// The JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`, `.a[*].b` and filters such as
/// `.status.conditions[?(@.type=="Ready")].status`.
enum SimpleJSONPath {
    /// Every value the path selects, in document order.
    static func evaluate(_ path: String, in root: JSONValue) -> [JSONValue] {
        var current: [JSONValue] = [root]
        var rest = Substring(path.hasPrefix("{") && path.hasSuffix("}") ? String(path.dropFirst().dropLast()) : path)
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(name.count)
                if name.isEmpty { continue }
                current = current.compactMap { $0[String(name)] }
            } else if rest.hasPrefix("[") {
                guard let close = closingBracket(rest) else { return [] }
                let inner = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                current = current.flatMap { select(inner, from: $0) }
            } else {
                return []
            }
        }
        return current
    }

    static func closingBracket(_ s: Substring) -> Substring.Index? {
        var depth = 0
        var inQuote: Character? = nil
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = inQuote {
                if c == q { inQuote = nil }
            } else if c == "\"" || c == "'" {
                inQuote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
                if depth == 0 { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    static func select(_ inner: Substring, from value: JSONValue) -> [JSONValue] {
        let trimmed = inner.trimmingCharacters(in: " ")
        if trimmed == "*" {
            if let a = value.arrayValue { return a }
            if let o = value.objectValue { return o.keys.sorted().compactMap { o[$0] } }
            return []
        }
        if let index = Int(trimmed) {
            guard let a = value.arrayValue else { return [] }
            let i = index < 0 ? a.count + index : index
            return a.indices.contains(i) ? [a[i]] : []
        }
        if trimmed.hasPrefix("'") || trimmed.hasPrefix("\"") {
            return value[String(trimmed.dropFirst().dropLast())].map { [$0] } ?? []
        }
        if trimmed.hasPrefix("?(") && trimmed.hasSuffix(")") {
            let expr = trimmed.dropFirst(2).dropLast()
            guard let a = value.arrayValue else { return [] }
            return a.filter { matches(String(expr), $0) }
        }
        return []
    }

    /// A filter `@.field==value` or `@.field!=value` or `@.field` (exists).
    static func matches(_ expr: String, _ element: JSONValue) -> Bool {
        for op in ["==", "!="] {
            if let r = expr.range(of: op) {
                let lhs = expr[..<r.lowerBound].trimmingCharacters(in: " ")
                var rhs = expr[r.upperBound...].trimmingCharacters(in: " ")
                if rhs.hasPrefix("\"") || rhs.hasPrefix("'") { rhs = String(rhs.dropFirst().dropLast()) }
                // A filter on a field the element lacks selects nothing, as client-go's JSONPath does.
                guard let value = evaluate(String(lhs.dropFirst()), in: element).first else { return false }
                let actual = render(value)
                return op == "==" ? actual == rhs : actual != rhs
            }
        }
        return !evaluate(String(expr.trimmingCharacters(in: " ").dropFirst()), in: element).isEmpty
    }

    /// How a selected value is shown in a table cell.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return JSONWriter.string(value)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String { self[...].trimmingCharacters(in: set) }
}
