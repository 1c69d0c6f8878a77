import Foundation

/// Lexical path handling (no symlink resolution), like Go's `path/filepath`.
enum FilePath {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? clean(path) : clean(FileManager.default.currentDirectoryPath + "/" + path)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// `path` if empty or absolute, else `base/path` cleaned.
    static func resolve(_ path: String, against base: String) -> String {
        if path.isEmpty || path.hasPrefix("/") { return path }
        return clean(base + "/" + path)
    }

    /// Collapses `//`, `.` and `..` lexically.
    static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
