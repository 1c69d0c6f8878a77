/// `boxBy`.
public struct BoxBy: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let app = BoxBy(rawValue: 1)
    public static let namespace = BoxBy(rawValue: 2)
    public static let cluster = BoxBy(rawValue: 4)
}
