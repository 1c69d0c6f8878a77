import Foundation

/// One request the fake Prometheus received.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    /// The raw URL query, empty when there is none.
    var query: String
    var headers: [HeaderField]
    var body: String

    struct HeaderField: Sendable {
        var name: String
        var value: String
    }

    /// Every value of a header, matched case-insensitively.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The only value of a header, or `nil` when it is missing (or repeated).
    func header(_ name: String) -> String? {
        let all = values(name)
        return all.count == 1 ? all[0] : nil
    }

    /// The form parameters of the body (POST) or the URL query (GET).
    var parameters: [String: String] {
        Self.decodeForm(method == "POST" ? body : query)
    }

    static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            out[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }
}

/// What the fake answers.
struct CannedResponse: Sendable {
    var status: Int
    var body: String
    var contentType: String = "application/json"
}

extension Array {
    /// The only element, or `nil` when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
