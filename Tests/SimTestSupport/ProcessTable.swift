import Foundation

/// The processes of this machine, read from /proc: for checking that nothing a test started outlives it.
public enum ProcessTable {
    /// Command lines (arguments joined by spaces) of live processes whose command line contains `text`.
    public static func commandLines(containing text: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [String] = []
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty else { continue }
            // A zombie has an empty command line; anything else with the text is alive.
            let line = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            if line.contains(text) { found.append("\(entry): \(line)") }
        }
        return found
    }

    /// Waits until no live process's command line contains `text`; returns those still there after `timeout`.
    public static func waitUntilGone(_ text: String, timeout: Duration = .seconds(15)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if commandLines(containing: text).isEmpty { return [] }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return commandLines(containing: text)
    }
}
