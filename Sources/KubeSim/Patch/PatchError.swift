/// Why a PATCH body could not be applied: a malformed patch, a JSON Patch operation whose target is missing,
/// a failed `test` operation, a strategic-merge directive that does not fit, and so on.
///
/// `message` reads like the real API server's wording where one is known, and names the place that failed:
/// the JSON pointer for JSON Patch, the dotted field path (list elements as `[key=value]`) for strategic merge.
/// The HTTP layer decides the status code (the real server answers 422 for an inapplicable JSON Patch and
/// 400/422 for a malformed strategic merge patch).
struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The human-readable reason, including where in the document it went wrong.
    var message: String

    /// The message itself, so that `"\(error)"` prints it unchanged.
    var description: String { message }
}

extension PatchError {
    /// Creates an error with the given message.
    init(_ message: String) {
        self.message = message
    }
}
