/// Prometheus' duration syntax (`1y2w3d4h5m6s7ms`), as Kiali parses `duration` (`model.ParseDuration`).
enum PromDuration {
    /// The whole seconds of a duration text, or `nil` when it is not one.
    static func seconds(_ text: String) -> Int? {
        let units: [(String, Double)] = [("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001)]
        var rest = Substring(text)
        var total = 0.0
        var lastUnit = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let n = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // "ms" before "m".
            let unitIndex: Int
            if rest.hasPrefix("ms") { unitIndex = 6 } else if let i = units.firstIndex(where: { $0.0.count == 1 && rest.hasPrefix($0.0) }) { unitIndex = i } else { return nil }
            guard unitIndex > lastUnit else { return nil }
            lastUnit = unitIndex
            rest = rest.dropFirst(units[unitIndex].0.count)
            total += n * units[unitIndex].1
        }
        guard total < Double(Int32.max) else { return nil }
        return Int(total)
    }
}

/// Prometheus label names.
enum PromLabel {
    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
        guard letter(first) else { return false }
        return name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }
}
