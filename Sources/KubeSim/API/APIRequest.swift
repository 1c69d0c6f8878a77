import Foundation
import KubeTypes
import SkoposModel

/// A request as the API handlers see it: parsed path, query, headers, body and the authenticated user.
struct APIRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var accept: String
    var contentType: String
    var body: [UInt8]
    var info: RequestInfo
    var user: UserInfo
    /// The query string as sent, for requests passed on (`pods/proxy`).
    var rawQuery: String = ""

    func queryInt(_ name: String) throws(APIError) -> Int? {
        guard let raw = query[name], !raw.isEmpty else { return nil }
        guard let v = Int(raw) else { throw APIError.badRequest("invalid value for query parameter \(name): \(raw) is not an integer") }
        return v
    }

    var isDryRun: Bool { query["dryRun"] == "All" }

    var wantsTable: Bool { TableConverter.wantsTable(accept) }

    /// The request body decoded as JSON or YAML.
    func decodedBody() throws(APIError) -> JSONValue {
        guard !body.isEmpty else { throw APIError.badRequest("the request body is empty") }
        return try BodyDecoder.decode(body, contentType: contentType)
    }

    /// Splits a URL query string into its first values, percent-decoded.
    static func parseQuery(_ raw: String) -> [String: String] {
        var q: [String: String] = [:]
        for part in raw.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = decode(String(kv[0]))
            let v = kv.count > 1 ? decode(String(kv[1])) : ""
            if q[k] == nil { q[k] = v }
        }
        return q
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}
