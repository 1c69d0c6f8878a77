/// Splits a byte stream into newline-terminated lines, whatever the chunk boundaries (they carry no meaning).
///
/// A line longer than `maximumLineLength` is an error rather than unbounded growth.
public struct LineSplitter: Sendable {
    public struct LineTooLong: Error, Sendable, CustomStringConvertible {
        public var limit: Int
        public var description: String { "a watch event line exceeded \(limit) bytes" }
    }

    public let maximumLineLength: Int
    private var buffer: [UInt8] = []
    private var scanned = 0

    public init(maximumLineLength: Int = 64 * 1024 * 1024) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds a chunk and returns the complete lines it finishes (without their newline; empty lines are dropped).
    public mutating func append(_ chunk: some Collection<UInt8>) throws(LineTooLong) -> [[UInt8]] {
        buffer.append(contentsOf: chunk)
        var lines: [[UInt8]] = []
        var start = 0
        var i = scanned
        while i < buffer.count {
            if buffer[i] == 0x0A {
                if i > start { lines.append(Array(buffer[start..<i])) }
                start = i + 1
            }
            i += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        scanned = buffer.count
        if buffer.count > maximumLineLength { throw LineTooLong(limit: maximumLineLength) }
        return lines
    }

    /// What is left after the stream ended (a last line without newline), if anything.
    public mutating func finish() -> [UInt8]? {
        defer {
            buffer.removeAll()
            scanned = 0
        }
        return buffer.isEmpty ? nil : buffer
    }
}
