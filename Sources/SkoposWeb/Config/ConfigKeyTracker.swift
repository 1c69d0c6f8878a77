import Yams

/// What one decoding pass saw of a YAML document: every mapping that was read as a structure, which of its keys the
/// decoding asked for, the line of every key, and notes (deprecations) raised on the way.
///
/// After decoding, the keys nobody asked for are the document's unknown keys. Mappings decoded as a whole (raw values,
/// dictionaries) ask for every key, so only keys of modelled sections can be unknown. The tracker lives for one
/// `load` call on one task; it is a class because the decoder's containers, which are values, all write to it.
final class ConfigKeyTracker {
    private struct Mapping {
        var keys: [(name: String, line: Int?)]
        var used: Set<String> = []
    }

    private var mappings: [String: Mapping] = [:]
    private var keyLines: [String: Int] = [:]
    private var notes: [(line: Int?, text: String)] = []
    private let removedKeys: [String: String]

    /// - Parameter removedKeys: Key paths that are known but no longer read, with the reason shown in the warning.
    init(removedKeys: [String: String]) {
        self.removedKeys = removedKeys
    }

    /// Records a mapping about to be read as a structure at `path`.
    func register(_ mapping: Node.Mapping, at path: String) {
        guard mappings[path] == nil else { return }
        var keys: [(name: String, line: Int?)] = []
        for entry in ConfigDecoder.entries(of: mapping) {
            keys.append((entry.name, entry.key.mark?.line))
            if let line = entry.key.mark?.line { keyLines[ConfigKeyPath.join(path, entry.name)] = line }
        }
        mappings[path] = Mapping(keys: keys)
    }

    /// Records the line of a list item.
    func register(item: Node, at path: String) {
        if let line = item.mark?.line, keyLines[path] == nil { keyLines[path] = line }
    }

    /// Marks keys of the mapping at `path` as known.
    func use(_ keys: some Sequence<String>, at path: String) {
        guard mappings[path] != nil else { return }
        mappings[path]!.used.formUnion(keys)
    }

    /// Adds a note (a deprecation) for `key`, shown among the warnings.
    func note(_ text: String, key: String) {
        notes.append((keyLines[key], text))
    }

    /// The line of a key path, when the document has it.
    func line(of keyPath: String) -> Int? {
        keyLines[keyPath]
    }

    /// The warnings, in document order: unknown keys, removed keys, notes.
    func warnings(source: String) -> [String] {
        var found: [(line: Int?, text: String)] = []
        for (path, mapping) in mappings {
            for key in mapping.keys where !mapping.used.contains(key.name) {
                let full = ConfigKeyPath.join(path, key.name)
                let place = source + (key.line.map { " (line \($0))" } ?? "")
                if let reason = removedKeys[full] {
                    found.append((key.line, "removed key \(full) in \(place) is ignored: \(reason)"))
                } else {
                    found.append((key.line, "unknown key \(full) in \(place)"))
                }
            }
        }
        for note in notes {
            found.append((note.line, note.text + " (\(source)" + (note.line.map { ", line \($0)" } ?? "") + ")"))
        }
        return found.sorted { ($0.line ?? .max, $0.text) < ($1.line ?? .max, $1.text) }.map(\.text)
    }

    static func keyName(_ key: Node) -> String {
        key.scalar?.string ?? "\(key)"
    }
}
