public import SkoposModel

/// A `metav1.Status`: what the API server sends for a failed request and in a watch's `ERROR` event. The client reads
/// it, the informers decide on it, and the simulator writes it; all three use this one type.
public struct KubeStatus: Sendable, Hashable {
    /// One entry of `details.causes`.
    public struct Cause: Sendable, Hashable {
        /// The cause type (`FieldValueInvalid`, `ResourceVersionTooLarge`, …).
        public var reason: String
        /// What was wrong.
        public var message: String
        /// The field it concerns, for validation failures.
        public var field: String?

        /// Creates a cause.
        public init(reason: String, message: String = "", field: String? = nil) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// `details`: the object the failure concerns, its causes, and how long to wait before retrying.
    public struct Details: Sendable, Hashable {
        /// The object's name, when the failure concerns one object.
        public var name: String?
        /// Its API group.
        public var group: String?
        /// Its kind or resource.
        public var kind: String?
        /// Why, field by field.
        public var causes: [Cause]
        /// Seconds to wait before retrying (429, 504).
        public var retryAfterSeconds: Int?

        /// Creates details.
        public init(name: String? = nil, group: String? = nil, kind: String? = nil, causes: [Cause] = [], retryAfterSeconds: Int? = nil) {
            self.name = name
            self.group = group
            self.kind = kind
            self.causes = causes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// The HTTP status code.
    public var code: Int
    /// The machine-readable reason (`NotFound`, `Expired`, …); see ``StatusReason``.
    public var reason: String
    /// The human-readable message.
    public var message: String
    /// The object and causes, if any.
    public var details: Details?

    /// Creates a status.
    /// - Parameters:
    ///   - code: The HTTP status code.
    ///   - reason: The reason; when empty, the reason that goes with `code` (``StatusReason/init(code:)``).
    ///   - message: The message.
    ///   - details: The object and causes.
    public init(code: Int, reason: String = "", message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason.isEmpty ? (StatusReason(code: code)?.rawValue ?? "") : reason
        self.message = message
        self.details = details
    }

    /// Creates a status from one of the standard reasons, with the code that goes with it.
    public init(_ reason: StatusReason, message: String, details: Details? = nil) {
        self.init(code: reason.code, reason: reason.rawValue, message: message, details: details)
    }

    /// The cause types in `details.causes`.
    public var causeReasons: [String] { details?.causes.map(\.reason) ?? [] }

    /// The failure class of this status (``FailureKind/init(httpStatus:reason:)``).
    public var failureKind: FailureKind { FailureKind(httpStatus: code, reason: reason) }

    /// 410 Gone, or reason `Expired` or `Gone` (API servers up to 1.17 use either).
    public var isExpired: Bool { failureKind == .gone }

    /// The requested resourceVersion is newer than the server has: a cause `ResourceVersionTooLarge`, or (servers
    /// before 1.18.6) a 504 / `Timeout` whose message or cause message says "Too large resource version".
    public var isResourceVersionTooLarge: Bool {
        if causeReasons.contains("ResourceVersionTooLarge") { return true }
        guard code == 504 || reason == StatusReason.timeout.rawValue else { return false }
        let text = "Too large resource version"
        return message.contains(text) || (details?.causes.contains { $0.message == text } ?? false)
    }
}

// MARK: - JSON

extension KubeStatus {
    /// Reads a Status object (`code`, `reason`, `message`, `details`).
    /// - Parameter json: The object.
    /// - Returns: `nil` when `json` is not an object or has neither a code nor a reason.
    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        let code = json["code"]?.intValue
        let reason = json["reason"]?.stringValue ?? ""
        guard code != nil || !reason.isEmpty else { return nil }
        var details: Details?
        if let d = json["details"], d.objectValue != nil {
            details = Details(
                name: d["name"]?.stringValue, group: d["group"]?.stringValue, kind: d["kind"]?.stringValue,
                causes: (d["causes"]?.arrayValue ?? []).map {
                    Cause(reason: $0["reason"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "", field: $0["field"]?.stringValue)
                },
                retryAfterSeconds: d["retryAfterSeconds"]?.intValue
            )
        }
        self.init(code: code ?? StatusReason(rawValue: reason)?.code ?? 0, reason: reason, message: json["message"]?.stringValue ?? "", details: details)
    }

    /// The Status object as an API server sends it (`kind: Status`, `status: Failure`).
    public var json: JSONValue {
        var s: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        if let details {
            var d: [String: JSONValue] = [:]
            if let name = details.name { d["name"] = .string(name) }
            if let group = details.group { d["group"] = .string(group) }
            if let kind = details.kind { d["kind"] = .string(kind) }
            if !details.causes.isEmpty {
                d["causes"] = .array(
                    details.causes.map { c in
                        var o: [String: JSONValue] = ["reason": .string(c.reason), "message": .string(c.message)]
                        if let field = c.field { o["field"] = .string(field) }
                        return .object(o)
                    }
                )
            }
            if let retry = details.retryAfterSeconds { d["retryAfterSeconds"] = .int(retry) }
            s["details"] = .object(d)
        }
        return .object(s)
    }
}

// MARK: - Decodable

extension KubeStatus: Decodable {
    private enum CodingKeys: String, CodingKey { case code, reason, message, details }

    /// Decodes a Status; missing fields are empty (code 0 when neither code nor a known reason is given).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let code = try c.decodeIfPresent(Int.self, forKey: .code)
        let reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        let details = try? c.decodeIfPresent(Details.self, forKey: .details)
        self.init(
            code: code ?? StatusReason(rawValue: reason)?.code ?? 0, reason: reason,
            message: try c.decodeIfPresent(String.self, forKey: .message) ?? "", details: details ?? nil
        )
    }
}

extension KubeStatus.Details: Decodable {
    private enum CodingKeys: String, CodingKey { case name, group, kind, causes, retryAfterSeconds }

    /// Decodes details; missing fields are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decodeIfPresent(String.self, forKey: .name), group: try c.decodeIfPresent(String.self, forKey: .group),
            kind: try c.decodeIfPresent(String.self, forKey: .kind), causes: try c.decodeIfPresent([KubeStatus.Cause].self, forKey: .causes) ?? [],
            retryAfterSeconds: try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds)
        )
    }
}

extension KubeStatus.Cause: Decodable {
    private enum CodingKeys: String, CodingKey { case reason, message, field }

    /// Decodes a cause; missing fields are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            reason: try c.decodeIfPresent(String.self, forKey: .reason) ?? "", message: try c.decodeIfPresent(String.self, forKey: .message) ?? "",
            field: try c.decodeIfPresent(String.self, forKey: .field)
        )
    }
}
