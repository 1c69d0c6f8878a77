public import KubeTypes
import SkoposModel

extension GroupVersionResource {
    /// The path of a collection or an object: `/apis/apps/v1/namespaces/ns/deployments/web/status`.
    /// - Parameters:
    ///   - namespace: `nil` or empty for cluster-scoped kinds and all-namespace lists.
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var p = apiPath
        if let namespace, !namespace.isEmpty { p += "/namespaces/\(Self.escape(namespace))" }
        p += "/\(resource)"
        if let name, !name.isEmpty { p += "/\(Self.escape(name))" }
        if let subresource, !subresource.isEmpty { p += "/\(subresource)" }
        return p
    }

    /// A path segment: unreserved characters plus `:` and `@` stay as they are (RFC 3986 `pchar`).
    static func escape(_ segment: String) -> String {
        PercentEncoding.encode(segment, keeping: [UInt8(ascii: ":"), UInt8(ascii: "@")])
    }
}

/// The query of a list or watch (`labelSelector`, `limit`, `resourceVersion`, ...), as a pure value.
public struct ListOptions: Sendable, Equatable {
    public var labelSelector: String?
    public var fieldSelector: String?
    public var limit: Int?
    public var continueToken: String?
    public var resourceVersion: String?
    public var resourceVersionMatch: String?
    public var watch = false
    public var allowWatchBookmarks = false
    public var timeoutSeconds: Int?
    public var sendInitialEvents: Bool?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil,
        resourceVersion: String? = nil, resourceVersionMatch: String? = nil, watch: Bool = false, allowWatchBookmarks: Bool = false,
        timeoutSeconds: Int? = nil, sendInitialEvents: Bool? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.watch = watch
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
        self.sendInitialEvents = sendInitialEvents
    }

    /// The query string without `?`, parameters in a fixed order, values percent-encoded.
    public var queryString: String {
        var items: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let limit, limit > 0 { items.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { items.append(("continue", continueToken)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch, !resourceVersionMatch.isEmpty { items.append(("resourceVersionMatch", resourceVersionMatch)) }
        if watch { items.append(("watch", "1")) }
        if allowWatchBookmarks { items.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        if let sendInitialEvents { items.append(("sendInitialEvents", sendInitialEvents ? "true" : "false")) }
        return items.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ value: String) -> String {
        PercentEncoding.encode(value)
    }
}
