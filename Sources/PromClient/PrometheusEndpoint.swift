import Foundation

/// A configured Prometheus URL taken apart: the base that requests go to and that messages show, without user info
/// or trailing slashes; and the user info, which Go's HTTP client (and so Kiali) sends as basic auth.
struct PrometheusEndpoint: Sendable, Hashable {
    /// `scheme://host:port/prefix`, without user info and trailing slashes.
    var base: String
    /// The percent-decoded user of `scheme://user:password@host`, if any.
    var username: String?
    /// The percent-decoded password of `scheme://user:password@host`, if any.
    var password: String?

    /// Parses a URL; never fails (a malformed URL fails at request time, or in ``validate()``).
    init(_ url: String) {
        var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if let schemeEnd = text.range(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let authorityEnd = text[authorityStart...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
            let authority = text[authorityStart..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    username = String(userInfo[..<colon]).removingPercentEncoding ?? String(userInfo[..<colon])
                    let secret = userInfo[userInfo.index(after: colon)...]
                    password = String(secret).removingPercentEncoding ?? String(secret)
                } else {
                    username = String(userInfo).removingPercentEncoding ?? String(userInfo)
                    password = ""
                }
                text.removeSubrange(authorityStart...at)
            }
        }
        while text.hasSuffix("/") { text.removeLast() }
        base = text
    }

    /// Whether the base is an `http` or `https` URL with a host.
    /// - Returns: Why not, or `nil` when it is.
    func validate() -> String? {
        guard let components = URLComponents(string: base) else { return "\"\(base)\" is not a URL" }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "\"\(base)\" is not an http or https URL"
        }
        guard let host = components.host, !host.isEmpty else { return "\"\(base)\" has no host" }
        return nil
    }
}
