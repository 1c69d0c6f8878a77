import SkoposModel

/// Reads Istio's mesh config (the `mesh` key of the `istio` ConfigMap) into a `JSONValue`, without a YAML library in
/// this module. The subset Istio writes: block mappings and sequences by indentation, plain and quoted scalars
/// (`true`, `false`, `null`, integers and floats typed as in YAML 1.2's core schema), one-line flow collections
/// (`{}`, `[a, b]`, `{k: v}`), `|` and `>` block scalars, and comments.
enum MeshConfigYAML {
    /// What could not be read, and on which line.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "mesh config line \(line): \(message)" }
    }

    /// The document's value; an empty document is an empty object.
    static func parse(_ text: String) throws(Failure) -> JSONValue {
        var parser = Parser(text)
        return try parser.document()
    }

    private struct Line {
        var number: Int
        var indent: Int
        /// The text after the indentation, without a trailing comment.
        var content: Substring
        /// The whole line, for block scalars.
        var raw: Substring
    }

    private struct Parser {
        var lines: [Line] = []
        var i = 0

        init(_ text: String) {
            for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let raw = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
                let indent = raw.prefix { $0 == " " }.count
                let content = Self.stripComment(raw.dropFirst(indent))
                if content == "---" || content == "..." { continue }
                lines.append(Line(number: n + 1, indent: indent, content: content, raw: raw))
            }
        }

        /// Drops a `#` comment that starts the text or follows a space, outside quotes; trims trailing spaces.
        static func stripComment(_ s: Substring) -> Substring {
            var quote: Character?
            var end = s.endIndex
            var previous: Character = " "
            for idx in s.indices {
                let c = s[idx]
                if let q = quote {
                    if c == q { quote = nil }
                } else if (c == "\"" || c == "'") && (previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":") {
                    quote = c
                } else if c == "#" && (previous == " " || previous == "\t") {
                    end = idx
                    break
                }
                previous = c
            }
            var out = s[..<end]
            while let last = out.last, last == " " || last == "\t" { out = out.dropLast() }
            return out
        }

        mutating func skipBlank() {
            while i < lines.count && lines[i].content.isEmpty { i += 1 }
        }

        mutating func document() throws(Failure) -> JSONValue {
            skipBlank()
            guard i < lines.count else { return [:] }
            let value = try block(indent: lines[i].indent)
            skipBlank()
            if i < lines.count { throw Failure(line: lines[i].number, message: "unexpected indentation") }
            return value
        }

        /// The value that starts at line `i`, indented exactly `indent`.
        mutating func block(indent: Int) throws(Failure) -> JSONValue {
            skipBlank()
            guard i < lines.count else { return .null }
            let line = lines[i]
            if line.content == "-" || line.content.hasPrefix("- ") { return try sequence(indent: indent) }
            if Self.keySplit(line.content) != nil { return try mapping(indent: indent) }
            i += 1
            return try Self.inline(line.content, line: line.number)
        }

        mutating func sequence(indent: Int) throws(Failure) -> JSONValue {
            var items: [JSONValue] = []
            while true {
                skipBlank()
                guard i < lines.count, lines[i].indent == indent, lines[i].content == "-" || lines[i].content.hasPrefix("- ") else { break }
                let line = lines[i]
                let rest = line.content.dropFirst(1).drop { $0 == " " }
                if rest.isEmpty {
                    i += 1
                    skipBlank()
                    if i < lines.count && lines[i].indent > indent { items.append(try block(indent: lines[i].indent)) } else { items.append(.null) }
                } else {
                    // `- key: value` or `- - x`: the item is a block starting at the text after the dash.
                    let column = indent + (line.content.count - rest.count)
                    lines[i] = Line(number: line.number, indent: column, content: rest, raw: line.raw)
                    items.append(try block(indent: column))
                }
            }
            return .array(items)
        }

        mutating func mapping(indent: Int) throws(Failure) -> JSONValue {
            var object: [String: JSONValue] = [:]
            while true {
                skipBlank()
                guard i < lines.count, lines[i].indent == indent else { break }
                let line = lines[i]
                guard let (key, rest) = Self.keySplit(line.content) else {
                    throw Failure(line: line.number, message: "expected `key: value`")
                }
                i += 1
                if rest.isEmpty {
                    skipBlank()
                    if i < lines.count && lines[i].indent > indent {
                        object[key] = try block(indent: lines[i].indent)
                    } else if i < lines.count && lines[i].indent == indent && (lines[i].content == "-" || lines[i].content.hasPrefix("- ")) {
                        object[key] = try sequence(indent: indent)
                    } else {
                        object[key] = .null
                    }
                } else if let style = rest.first, style == "|" || style == ">", rest.dropFirst().allSatisfy({ "+-0123456789".contains($0) }) {
                    object[key] = .string(blockScalar(parentIndent: indent, folded: style == ">", chomp: rest.dropFirst()))
                } else {
                    object[key] = try Self.inline(rest, line: line.number)
                }
            }
            return .object(object)
        }

        /// The lines of a `|` or `>` scalar: every following line indented more than the key, or blank.
        mutating func blockScalar(parentIndent: Int, folded: Bool, chomp: Substring) -> String {
            var body: [Substring] = []
            var indent: Int?
            while i < lines.count {
                let line = lines[i]
                let blank = line.raw.allSatisfy { $0 == " " }
                if !blank && line.indent <= parentIndent { break }
                if !blank && indent == nil { indent = line.indent }
                body.append(blank ? "" : line.raw.dropFirst(min(indent ?? line.indent, line.indent)))
                i += 1
            }
            var trailing = 0
            while let last = body.last, last.isEmpty {
                body.removeLast()
                trailing += 1
            }
            var text: String
            if folded {
                text = ""
                for (n, part) in body.enumerated() {
                    if n > 0 { text += (part.isEmpty || body[n - 1].isEmpty) ? "\n" : " " }
                    text += part
                }
            } else {
                text = body.joined(separator: "\n")
            }
            if chomp.contains("-") { return text }
            if chomp.contains("+") { return text + String(repeating: "\n", count: 1 + trailing) }
            return body.isEmpty ? "" : text + "\n"
        }

        /// `key: rest` outside quotes and brackets: the key (unquoted) and the rest after the separator.
        static func keySplit(_ s: Substring) -> (String, Substring)? {
            if let f = s.first, f == "[" || f == "{" { return nil }
            var quote: Character?
            var idx = s.startIndex
            if let f = s.first, f == "\"" || f == "'" {
                quote = f
                idx = s.index(after: idx)
                while idx < s.endIndex {
                    if s[idx] == quote {
                        if quote == "'" && s.index(after: idx) < s.endIndex && s[s.index(after: idx)] == "'" {
                            idx = s.index(idx, offsetBy: 2)
                            continue
                        }
                        if quote == "\"" && s[s.index(before: idx)] == "\\" {
                            idx = s.index(after: idx)
                            continue
                        }
                        break
                    }
                    idx = s.index(after: idx)
                }
                guard idx < s.endIndex else { return nil }
                let after = s[s.index(after: idx)...]
                guard after.hasPrefix(":"), after.count == 1 || after.dropFirst().first == " " else { return nil }
                guard case .string(let key)? = try? inline(s[...idx], line: 0) else { return nil }
                return (key, after.dropFirst().drop { $0 == " " })
            }
            while idx < s.endIndex {
                if s[idx] == ":" {
                    let next = s.index(after: idx)
                    if next == s.endIndex || s[next] == " " || s[next] == "\t" {
                        return (String(s[..<idx]).trimmingTrailingSpaces, s[next...].drop { $0 == " " || $0 == "\t" })
                    }
                }
                idx = s.index(after: idx)
            }
            return nil
        }

        /// A one-line value: a flow collection or a scalar.
        static func inline(_ s: Substring, line: Int) throws(Failure) -> JSONValue {
            var flow = Flow(text: Array(s), line: line)
            let value = try flow.value(inFlow: false)
            flow.skipSpaces()
            if flow.pos != flow.text.count { throw Failure(line: line, message: "unexpected text after a value: \(String(s))") }
            return value
        }
    }

    /// Flow collections and scalars on one line.
    private struct Flow {
        var text: [Character]
        var line: Int
        var pos = 0

        mutating func skipSpaces() {
            while pos < text.count && (text[pos] == " " || text[pos] == "\t") { pos += 1 }
        }

        mutating func value(inFlow: Bool) throws(Failure) -> JSONValue {
            skipSpaces()
            guard pos < text.count else { return .null }
            switch text[pos] {
            case "[":
                pos += 1
                var items: [JSONValue] = []
                skipSpaces()
                if pos < text.count && text[pos] == "]" {
                    pos += 1
                    return .array(items)
                }
                while true {
                    items.append(try value(inFlow: true))
                    skipSpaces()
                    guard pos < text.count else { throw Failure(line: line, message: "unclosed [") }
                    if text[pos] == "," {
                        pos += 1
                        skipSpaces()
                        if pos < text.count && text[pos] == "]" {
                            pos += 1
                            return .array(items)
                        }
                        continue
                    }
                    if text[pos] == "]" {
                        pos += 1
                        return .array(items)
                    }
                    throw Failure(line: line, message: "expected , or ] in a flow sequence")
                }
            case "{":
                pos += 1
                var object: [String: JSONValue] = [:]
                skipSpaces()
                if pos < text.count && text[pos] == "}" {
                    pos += 1
                    return .object(object)
                }
                while true {
                    let keyValue = try value(inFlow: true)
                    let key: String
                    switch keyValue {
                    case .string(let s): key = s
                    case .int(let n): key = String(n)
                    case .bool(let b): key = String(b)
                    case .double(let d): key = String(d)
                    default: key = ""
                    }
                    skipSpaces()
                    if pos < text.count && text[pos] == ":" {
                        pos += 1
                        object[key] = try value(inFlow: true)
                    } else {
                        object[key] = .null
                    }
                    skipSpaces()
                    guard pos < text.count else { throw Failure(line: line, message: "unclosed {") }
                    if text[pos] == "," {
                        pos += 1
                        skipSpaces()
                        if pos < text.count && text[pos] == "}" {
                            pos += 1
                            return .object(object)
                        }
                        continue
                    }
                    if text[pos] == "}" {
                        pos += 1
                        return .object(object)
                    }
                    throw Failure(line: line, message: "expected , or } in a flow mapping")
                }
            case "\"":
                return .string(try doubleQuoted())
            case "'":
                return .string(try singleQuoted())
            default:
                var end = pos
                while end < text.count {
                    let c = text[end]
                    if inFlow && (c == "," || c == "]" || c == "}") { break }
                    if inFlow && c == ":" && (end + 1 == text.count || text[end + 1] == " " || text[end + 1] == "," || text[end + 1] == "}") { break }
                    end += 1
                }
                var plain = String(text[pos..<end])
                pos = end
                while plain.last == " " || plain.last == "\t" { plain.removeLast() }
                return MeshConfigYAML.scalar(plain)
            }
        }

        mutating func doubleQuoted() throws(Failure) -> String {
            pos += 1
            var out = ""
            while pos < text.count {
                let c = text[pos]
                pos += 1
                if c == "\"" { return out }
                guard c == "\\" else {
                    out.append(c)
                    continue
                }
                guard pos < text.count else { break }
                let e = text[pos]
                pos += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\0")
                case "\"", "\\", "/": out.append(e)
                case " ": out.append(" ")
                case "x", "u", "U":
                    let width = e == "x" ? 2 : e == "u" ? 4 : 8
                    guard pos + width <= text.count, let code = UInt32(String(text[pos..<(pos + width)]), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw Failure(line: line, message: "bad \\\(e) escape") }
                    out.unicodeScalars.append(scalar)
                    pos += width
                default: out.append(e)
                }
            }
            throw Failure(line: line, message: "unclosed double quote")
        }

        mutating func singleQuoted() throws(Failure) -> String {
            pos += 1
            var out = ""
            while pos < text.count {
                let c = text[pos]
                pos += 1
                if c == "'" {
                    if pos < text.count && text[pos] == "'" {
                        out.append("'")
                        pos += 1
                        continue
                    }
                    return out
                }
                out.append(c)
            }
            throw Failure(line: line, message: "unclosed single quote")
        }
    }

    /// A plain scalar typed by YAML 1.2's core schema.
    static func scalar(_ s: String) -> JSONValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN": return .string(s)
        default: break
        }
        let body = s.hasPrefix("-") || s.hasPrefix("+") ? s.dropFirst() : Substring(s)
        if !body.isEmpty && body.allSatisfy(\.isASCIIDigit), let n = Int(s) { return .int(n) }
        if body.hasPrefix("0x"), let n = Int(body.dropFirst(2), radix: 16) { return .int(s.hasPrefix("-") ? -n : n) }
        if body.hasPrefix("0o"), let n = Int(body.dropFirst(2), radix: 8) { return .int(s.hasPrefix("-") ? -n : n) }
        if isFloat(body), let d = Double(s) { return .double(d) }
        return .string(s)
    }

    /// `[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?` with at least one digit.
    private static func isFloat(_ s: Substring) -> Bool {
        var sawDigit = false
        var sawDot = false
        var idx = s.startIndex
        while idx < s.endIndex {
            let c = s[idx]
            if c.isASCIIDigit {
                sawDigit = true
            } else if c == "." && !sawDot {
                sawDot = true
            } else if (c == "e" || c == "E") && sawDigit {
                var rest = s[s.index(after: idx)...]
                if let f = rest.first, f == "+" || f == "-" { rest = rest.dropFirst() }
                return !rest.isEmpty && rest.allSatisfy(\.isASCIIDigit)
            } else {
                return false
            }
            idx = s.index(after: idx)
        }
        return sawDigit
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
