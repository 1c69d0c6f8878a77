/// A field that holds either a number or a name, like a Service port's `targetPort` (`8080` or `"http"`) or a
/// rolling update's `maxSurge` (`1` or `"25%"`).
public enum IntOrString: Codable, Sendable, Hashable, CustomStringConvertible {
    /// A number.
    case int(Int)
    /// A string: a port name or a percentage.
    case string(String)

    /// Decodes a JSON number or string.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Int.self) {
            self = .int(number)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    /// Encodes a JSON number or string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let number): try c.encode(number)
        case .string(let text): try c.encode(text)
        }
    }

    /// The number, or `nil` for a string.
    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    /// The string, or `nil` for a number.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as text: `8080` or `http`.
    public var description: String {
        switch self {
        case .int(let number): String(number)
        case .string(let text): text
        }
    }
}

extension IntOrString: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// Creates `.int(value)`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// Creates `.string(value)`.
    public init(stringLiteral value: String) { self = .string(value) }
}
