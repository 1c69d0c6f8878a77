/// Text transformations applied to PromQL before it is sent.
public enum PromQL {
    /// Adds `query_scope` label matchers to a query (`graph.md` §5.1 step 1; Kiali's `AddQueryScope`).
    ///
    /// Every `{` in the query text becomes `{<label>="<value>",` for each scope entry, so every selector gets the
    /// matchers. Label names are made valid Prometheus label names with ``sanitizedLabelName(_:)``; the matchers are
    /// **sorted by label name** (upstream writes them in random map order), so the text is deterministic. Values are
    /// written as PromQL strings: `\` and `"` are escaped, and newlines are written as `\n` (upstream writes them
    /// raw, which breaks the query; plain values come out the same).
    ///
    /// ```swift
    /// PromQL.applyingScope(["mesh_id": "mesh1"], to: #"istio_requests_total{reporter="source"}"#)
    /// // istio_requests_total{mesh_id="mesh1",reporter="source"}
    /// ```
    ///
    /// Edge cases, as upstream: a selector without braces (`up`) gets no matchers; an empty selector `{}` becomes
    /// `{mesh_id="mesh1",}` (valid PromQL); a `{` inside a string literal is rewritten too.
    /// Complexity: O(n + m·k) for a query of n characters with m braces and k scope entries.
    /// - Parameters:
    ///   - scope: Label names and values; empty leaves the query unchanged.
    ///   - query: The PromQL text.
    /// - Returns: The scoped query.
    public static func applyingScope(_ scope: [String: String], to query: String) -> String {
        guard !scope.isEmpty, query.contains("{") else { return query }
        let matchers = scope.map { (label: sanitizedLabelName($0.key), original: $0.key, value: $0.value) }
            .sorted { ($0.label, $0.original) < ($1.label, $1.original) }
        var opening = "{"
        for matcher in matchers {
            opening += "\(matcher.label)=\"\(escapedString(matcher.value))\","
        }
        return query.split(separator: "{", omittingEmptySubsequences: false).joined(separator: opening)
    }

    /// A valid Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`) made from any text: every other character, and a
    /// leading digit, becomes `_`; the empty string becomes `_`.
    /// - Parameter name: The label name as configured, for example `mesh-id`.
    /// - Returns: The sanitised name, for example `mesh_id`.
    public static func sanitizedLabelName(_ name: String) -> String {
        guard !name.isEmpty else { return "_" }
        var out = String.UnicodeScalarView()
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let valid: Bool
            switch scalar {
            case "a"..."z", "A"..."Z", "_": valid = true
            case "0"..."9": valid = index > 0
            default: valid = false
            }
            out.append(valid ? scalar : "_")
        }
        return String(out)
    }

    /// Escapes text for a double-quoted PromQL string: `\`, `"`, newline, carriage return and tab.
    public static func escapedString(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
