/// Reading the few keys the graph needs from Istio's mesh config text (the `mesh` key of the `istio` ConfigMap), without
/// a YAML library in this module. Only top-level keys holding a list of scalars are understood, in block form
/// (`key:` then `- item` lines) or flow form (`key: [a, "b"]`); anything else reads as absent.
enum MeshConfigText {
    /// `defaultServiceExportTo`, when the mesh config sets it.
    static func defaultServiceExportTo(_ yaml: String) -> [String]? {
        topLevelList("defaultServiceExportTo", in: yaml)
    }

    /// A top-level key's list of scalars.
    static func topLevelList(_ key: String, in yaml: String) -> [String]? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let prefix = key + ":"
        guard let start = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return nil }
        let rest = stripComment(lines[start].dropFirst(prefix.count)).trimmed
        if !rest.isEmpty {
            guard rest.first == "[", rest.last == "]" else { return nil }
            return rest.dropFirst().dropLast().split(separator: ",").map { unquote($0.trimmed) }.filter { !$0.isEmpty }
        }
        var items: [String] = []
        for line in lines[(start + 1)...] {
            let text = stripComment(line)
            let trimmed = text.trimmed
            if trimmed.isEmpty { continue }
            // A block list at the key's level (`- x`) or indented; another key ends it.
            guard trimmed.hasPrefix("-") else { break }
            if text.first != " " && text.first != "-" { break }
            items.append(unquote(trimmed.dropFirst().trimmed))
        }
        return items
    }

    private static func stripComment(_ s: Substring) -> Substring {
        // A `#` starts a comment only outside quotes; the values read here never hold one.
        var inQuote: Character?
        for i in s.indices {
            let c = s[i]
            if let q = inQuote {
                if c == q { inQuote = nil }
            } else if c == "\"" || c == "'" {
                inQuote = c
            } else if c == "#" && (i == s.startIndex || s[s.index(before: i)] == " ") {
                return s[..<i]
            }
        }
        return s
    }

    private static func unquote(_ s: Substring) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return String(s)
    }
}

extension Substring {
    fileprivate var trimmed: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
