/// Why Kiali's `config.yaml` (or a file it points to) cannot be used. Loading stops at the first one.
///
/// Every message names the file and, for values, the key path (`server.port`, `clustering.clusters[1].name`) and the
/// line. Messages never quote the document as a whole or a credential (a value may be a token or a key).
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document is not valid YAML.
    /// - Parameters:
    ///   - source: The file (or other origin) of the document.
    ///   - line: The line of the problem (from 1), when known.
    ///   - column: The column of the problem (from 1), when known.
    ///   - problem: What the YAML parser found.
    case syntax(source: String, line: Int?, column: Int?, problem: String)
    /// A value is missing, of the wrong type, or not allowed.
    /// - Parameters:
    ///   - key: The key path, e.g. `server.port` or `clustering.clusters[1].name`; empty for the whole document.
    ///   - reason: What is wrong, e.g. `expected an integer from 0 to 65535, got "abc"`.
    ///   - source: The file, once known.
    ///   - line: The line of the key (from 1), once known.
    case invalidValue(key: String, reason: String, source: String?, line: Int?)
    /// A file could not be read (the configuration file itself, or a credential file).
    /// - Parameters:
    ///   - path: The path as read, under the mount root.
    ///   - reason: The system's reason.
    case unreadable(path: String, reason: String)

    /// An invalid value whose file and line are filled in later by the loader.
    static func invalid(_ key: String, _ reason: String) -> ConfigError {
        .invalidValue(key: key, reason: reason, source: nil, line: nil)
    }

    /// The key path of an invalid value, else `nil`.
    public var keyPath: String? {
        if case .invalidValue(let key, _, _, _) = self { return key }
        return nil
    }

    public var description: String {
        switch self {
        case .syntax(let source, let line, let column, let problem):
            var position = ""
            if let line { position = ", line \(line)" + (column.map { ", column \($0)" } ?? "") }
            return "\(source)\(position): malformed YAML: \(problem)"
        case .invalidValue(let key, let reason, let source, let line):
            let subject = key.isEmpty ? "the document" : key
            var text = "\(subject): \(reason)"
            if let source { text += " (\(source)" + (line.map { ", line \($0)" } ?? "") + ")" }
            return text
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }

    /// The same error with the file and, when the tracker knows it, the line of its key.
    func located(in source: String, lines: (String) -> Int?) -> ConfigError {
        guard case .invalidValue(let key, let reason, nil, let line) = self else { return self }
        return .invalidValue(key: key, reason: reason, source: source, line: line ?? lines(key))
    }
}
