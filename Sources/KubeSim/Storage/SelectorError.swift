/// A selector that could not be parsed or converted. `message` is the text the real API server reports
/// (the server wraps it in a 400 BadRequest).
struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
