/// Values of Kiali's query parameters (`backend.md` §1.4), read the same way by every route's parser: comma lists,
/// Go's `ParseBool`, `rateInterval` durations.
public enum QueryValues {
    /// A comma list of namespace names: items trimmed of spaces, empty items and repeats dropped, order kept.
    public static func namespaceList(_ text: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let name = trimmed(item)
            if !name.isEmpty && seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    /// Go's `strconv.ParseBool`: `1, t, T, TRUE, true, True` and `0, f, F, FALSE, false, False`.
    /// - Returns: `nil` for any other text.
    public static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// A boolean parameter; `nil` when absent or empty (the default applies).
    /// - Throws: `cannot parse query parameter '<name>'` for a value Go's `ParseBool` rejects.
    static func bool(_ params: [String: String], _ name: String) throws(APIError) -> Bool? {
        guard let text = params[name], !text.isEmpty else { return nil }
        guard let value = goBool(text) else { throw APIError(.badRequest, "cannot parse query parameter '\(name)'") }
        return value
    }

    /// Whether a text matches `^([0-9]+(ms|s|m|h|d|w|y))+$`, the durations `rateInterval` accepts.
    public static func isRateInterval(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard !u.isEmpty else { return false }
        var i = 0
        while i < u.count {
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > start, i < u.count else { return false }
            switch u[i] {
            case UInt8(ascii: "m"):
                i += (i + 1 < u.count && u[i + 1] == UInt8(ascii: "s")) ? 2 : 1
            case UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "y"):
                i += 1
            default:
                return false
            }
        }
        return true
    }

    /// Text without leading and trailing spaces.
    static func trimmed(_ s: some StringProtocol) -> String {
        var sub = s[...]
        while sub.first == " " { sub = sub.dropFirst() }
        while sub.last == " " { sub = sub.dropLast() }
        return String(sub)
    }
}
