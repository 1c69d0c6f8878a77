import KubeTypes
import SkoposModel

/// RFC 7386 JSON merge patch (`Content-Type: application/merge-patch+json`).
///
/// An object patch is merged member by member into the target: `null` removes a member, an object recurses, anything
/// else (including arrays) replaces the member outright. A non-object patch replaces the whole target. Merge patch
/// cannot fail: every JSON value is a valid patch.
enum JSONMergePatch {
    /// Applies `patch` to `target` as defined by RFC 7386 section 2 (`MergePatch(Target, Patch)`).
    /// - Parameters:
    ///   - patch: the merge patch document.
    ///   - target: the document to patch; left untouched.
    /// - Returns: the patched document.
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let existing) = target {
            result = existing
        } else {
            result = [:]
        }
        for (name, value) in members {
            if value.isNull {
                result.removeValue(forKey: name)
            } else {
                let current = result.removeValue(forKey: name) ?? .null
                result[name] = apply(value, to: current)
            }
        }
        return .object(result)
    }
}
