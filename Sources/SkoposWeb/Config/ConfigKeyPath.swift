/// Key paths as messages show them: mapping keys joined by `.`, list positions as `[i]`
/// (`deployment.discovery_selectors.default[0].matchLabels`).
enum ConfigKeyPath {
    /// The rendering of a coding path.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key as? ConfigIndexKey {
                text += "[\(index.index)]"
            } else {
                text = join(text, key.stringValue)
            }
        }
        return text
    }

    /// A key under a path.
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}

/// A position in a YAML list, as a coding-path component.
struct ConfigIndexKey: CodingKey {
    let index: Int

    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }

    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
}

/// A coding key for any name.
struct AnyConfigKey: CodingKey {
    let stringValue: String
    init(_ name: String) { self.stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    var intValue: Int? { nil }
}
