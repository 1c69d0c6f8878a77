/// Container image references, as `--run-image` matches them.
enum ImageReference {
    /// The repository of an image reference, without its tag or digest: `quay.io/skopos/skopos:v2.1` and
    /// `quay.io/skopos/skopos@sha256:…` are both `quay.io/skopos/skopos`; a registry port (`host:5000/app`) stays.
    static func repository(_ image: String) -> String {
        var s = Substring(image)
        if let at = s.firstIndex(of: "@") { s = s[..<at] }
        let lastSlash = s.lastIndex(of: "/")
        if let colon = s.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true { s = s[..<colon] }
        return String(s)
    }
}
