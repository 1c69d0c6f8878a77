/// A label query over objects (`metav1.LabelSelector`): the `spec.selector` of Deployments, ReplicaSets,
/// StatefulSets and DaemonSets.
///
/// All of `matchLabels` and every requirement in `matchExpressions` must hold. An empty selector matches
/// everything, as in apimachinery.
public struct LabelSelector: Codable, Sendable, Hashable {
    /// Labels that must be present with exactly these values.
    public var matchLabels: [String: String]
    /// Further requirements, all of which must hold.
    public var matchExpressions: [LabelSelectorRequirement]

    /// Creates a selector; empty by default (matches everything).
    public init(matchLabels: [String: String] = [:], matchExpressions: [LabelSelectorRequirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    private enum CodingKeys: String, CodingKey {
        case matchLabels, matchExpressions
    }

    /// Decodes a selector; missing parts are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        matchLabels = try c.decode(.matchLabels, default: [:])
        matchExpressions = try c.decode(.matchExpressions, default: [])
    }

    /// Encodes the selector, leaving out empty parts.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !matchLabels.isEmpty { try c.encode(matchLabels, forKey: .matchLabels) }
        if !matchExpressions.isEmpty { try c.encode(matchExpressions, forKey: .matchExpressions) }
    }

    /// `true` when the selector has no labels and no expressions (it matches every object).
    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// Whether an object with these labels is selected.
    /// - Parameter labels: the object's labels.
    /// - Returns: `true` when every `matchLabels` entry and every requirement holds.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
    }
}

/// One requirement of a `LabelSelector`: `key` with an operator and, for `In` and `NotIn`, a set of values.
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    /// The label key the requirement is about.
    public var key: String
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`, as sent by the API server.
    public var `operator`: String
    /// The values for `In` and `NotIn`; empty for the other operators.
    public var values: [String]

    /// Creates a requirement.
    public init(key: String, operator: String, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    private enum CodingKeys: String, CodingKey {
        case key, `operator`, values
    }

    /// Decodes a requirement; missing fields are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(.key, default: "")
        `operator` = try c.decode(.operator, default: "")
        values = try c.decode(.values, default: [])
    }

    /// Encodes the requirement, leaving out empty `values`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(`operator`, forKey: .operator)
        if !values.isEmpty { try c.encode(values, forKey: .values) }
    }

    /// Whether an object with these labels meets the requirement.
    ///
    /// `NotIn` holds when the label is absent, as in apimachinery. An unknown operator matches nothing (the API
    /// server rejects such selectors).
    /// - Parameter labels: the object's labels.
    public func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch `operator` {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        default: return false
        }
    }
}
