/// Why `skopos serve` cannot start, in words that name the setting or file.
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
