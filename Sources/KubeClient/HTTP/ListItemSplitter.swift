/// Splits a LIST response body into the bytes of each element of its top-level `"items"` array and the bytes of its
/// top-level `"metadata"` value, as the body arrives in chunks of any size.
///
/// A LIST body looks like
/// `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"123"},"items":[{…},{…}]}`. The splitter lets a
/// client decode a huge list item by item while it streams in, without ever holding the whole body:
///
/// ```swift
/// var splitter = ListItemSplitter()
/// for try await chunk in body {
///     for piece in try splitter.append(chunk) {
///         switch piece {
///         case .item(let bytes): store.insert(try decoder.decode(Pod.self, from: bytes))
///         case .metadata(let bytes): listMeta = try decoder.decode(ListMeta.self, from: bytes)
///         }
///     }
/// }
/// try splitter.finish()
/// ```
///
/// It is a single pass over the bytes: a small state machine tracks where it is in the top-level object, and inside a
/// value the open brackets, whether it is inside a string and whether the last byte was a backslash. Only the bytes
/// of the piece being read are buffered; every other top-level value is skipped without being kept. Memory is
/// therefore bounded by the largest piece (at most `maximumPieceLength`), plus one byte per nesting level of the value
/// being read.
///
/// It does not validate the JSON grammar inside a piece (the decoder of each piece does that), but it never mis-splits
/// valid JSON, whatever the chunk boundaries. It rejects what would make the split meaningless: a body that is not a
/// JSON object, closers that do not match their openers, data after the object, a body that ends early, `"items"`
/// that is neither an array nor `null`, and nesting deeper than ``maximumDepth`` levels.
///
/// Edge cases:
/// - Elements of `"items"` that are not objects (numbers, strings, arrays, `null`) are returned as pieces all the same.
/// - `"items": null`, `"items": []` and a missing `"items"` give no items; a missing `"metadata"` gives no metadata.
/// - Top-level keys are compared byte for byte: a key spelt with escapes (`"\u0069tems"`) is not `"items"`.
///   (Kubernetes never escapes these keys.) A key that occurs twice gives its pieces twice.
/// - After an error, every later call throws the same error. A splitter reads one body.
public struct ListItemSplitter: Sendable {
    /// One complete piece of the body.
    public enum Piece: Sendable, Equatable {
        /// The complete JSON text of one element of the top-level `"items"` array.
        case item([UInt8])
        /// The complete JSON text of the top-level `"metadata"` value.
        case metadata([UInt8])
    }

    /// The body is not a LIST response the splitter can split: where it went wrong (a byte offset from the start
    /// of the body) and why.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        /// The offset of the offending byte from the start of the body; the body's length when it ended early.
        public var offset: Int
        /// What was wrong, for example `expected '{' at the start of the body, found '['`.
        public var reason: String

        /// Creates an error.
        /// - Parameters:
        ///   - offset: The offset of the offending byte from the start of the body.
        ///   - reason: What was wrong.
        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        /// `malformed LIST response body at byte 42: expected ',' or '}' after a value, found ']'`.
        public var description: String { "malformed LIST response body at byte \(offset): \(reason)" }
    }

    /// The deepest nesting of arrays and objects accepted inside one top-level value.
    public static let maximumDepth = 1024

    /// The largest piece accepted, in bytes; a longer item or metadata value is ``Malformed``.
    public let maximumPieceLength: Int

    /// Where the splitter is in the top-level object.
    private enum Phase: UInt8 {
        /// Before the opening `{` of the body.
        case beforeObject
        /// After the opening `{`: a key or `}`.
        case objectStart
        /// After a `,` between members: a key.
        case beforeKey
        /// Inside a top-level key.
        case inKey
        /// After a top-level key: `:`.
        case afterKey
        /// After `:`: the start of a member's value.
        case beforeValue
        /// Inside a value: a member's value or an element of `"items"`, as ``target`` says.
        case value
        /// Inside `null` as the value of `"items"`.
        case itemsNull
        /// After the `[` of `"items"`: an element or `]`.
        case itemsStart
        /// After a `,` in `"items"`: an element.
        case beforeItem
        /// After an element of `"items"`: `,` or `]`.
        case afterItem
        /// After a member's value: `,` or `}`.
        case afterValue
        /// After the closing `}`: only whitespace.
        case afterObject
    }

    /// What the value being read is, and so what becomes of its bytes.
    private enum Target: UInt8 {
        /// A top-level value other than `"items"` and `"metadata"`: skipped.
        case skip
        /// The value of `"items"`.
        case items
        /// The value of `"metadata"`: returned as ``Piece/metadata(_:)``.
        case metadata
        /// An element of `"items"`: returned as ``Piece/item(_:)``.
        case item
    }

    private var phase = Phase.beforeObject
    private var target = Target.skip
    /// The closers of the arrays and objects open in the value being read, innermost last.
    private var closers: [UInt8] = []
    /// Whether the value being read is inside a string.
    private var inString = false
    /// Whether the last byte was a backslash inside a string (of a value or a key).
    private var escaped = false
    /// The first up to 8 bytes of the top-level key being read, big-endian.
    private var keyBits: UInt64 = 0
    /// The length of the top-level key being read so far, stopping at 9 (longer than any key looked for); 9 as well
    /// once the key has an escape.
    private var keyLength = 0
    /// How many bytes of `null` have been read as the value of `"items"`.
    private var nullMatched = 0
    /// The bytes of the piece being read that arrived in earlier chunks.
    private var piece: [UInt8] = []
    /// The offset of the first byte of the piece being read.
    private var pieceStart = 0
    /// The number of bytes in earlier chunks.
    private var consumed = 0
    /// The error that stopped the splitter, thrown again by every later call.
    private var failure: Malformed?

    /// Creates a splitter for one body.
    /// - Parameter maximumPieceLength: The largest item or metadata value accepted, in bytes.
    public init(maximumPieceLength: Int = 64 * 1024 * 1024) {
        self.maximumPieceLength = max(0, maximumPieceLength)
    }

    /// Feeds the next chunk of the body.
    ///
    /// Complexity: O(*n*) in the length of the chunk, plus the copying of the pieces it completes.
    /// - Parameter chunk: The next bytes of the body; any length, cut anywhere (inside a string, an escape, a key or an
    ///   item).
    /// - Returns: The pieces completed by this chunk, in the order of the body.
    /// - Throws: ``Malformed`` when the body so far cannot be a LIST response, or a piece is longer than
    ///   `maximumPieceLength`; pieces completed earlier in the same chunk are then lost with the rest of the body.
    public mutating func append(_ chunk: some Collection<UInt8>) throws(Malformed) -> [Piece] {
        if let failure { throw failure }
        let result =
            chunk.withContiguousStorageIfAvailable { bytes in
                Result { () throws(Malformed) in try consume(bytes) }
            }
            ?? Array(chunk).withUnsafeBufferPointer { bytes in
                Result { () throws(Malformed) in try consume(bytes) }
            }
        do {
            return try result.get()
        } catch {
            failure = error
            throw error
        }
    }

    /// Ends the body.
    /// - Throws: ``Malformed`` when the body was empty, ended inside the top-level object, or an earlier call threw.
    public mutating func finish() throws(Malformed) {
        if let failure { throw failure }
        let reason: String
        switch phase {
        case .afterObject:
            return
        case .beforeObject:
            reason = "the body is empty"
        case .value where target == .item:
            reason = "the body ended inside an item"
        case .value where target == .metadata:
            reason = "the body ended inside \"metadata\""
        default:
            reason = "the body ended before the end of the top-level object"
        }
        let error = Malformed(offset: consumed, reason: reason)
        failure = error
        throw error
    }

    // MARK: - The state machine

    /// Reads one chunk through the state machine.
    private mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(Malformed) -> [Piece] {
        var pieces: [Piece] = []
        let count = bytes.count
        var i = 0
        // Where the bytes of the piece being read start in this chunk: 0 for a piece continued from an earlier chunk.
        var segmentStart = 0
        while i < count {
            let byte = bytes[i]
            switch phase {
            case .value:
                let capturing = target != .skip
                var scanEnd = count
                if capturing {
                    // Look no further than one byte past the limit, so that the error is the same whatever the chunks.
                    let room = maximumPieceLength - piece.count
                    if count - segmentStart > room { scanEnd = segmentStart + room + 1 }
                }
                let end = try scanValue(bytes, from: i, to: scanEnd)
                if capturing { try checkPieceLength(piece.count + ((end ?? scanEnd) - segmentStart)) }
                guard let end else {
                    // The value goes on in the next chunk; its bytes so far are kept below.
                    i = count
                    continue
                }
                if capturing {
                    let text: [UInt8]
                    if piece.isEmpty {
                        text = Array(UnsafeBufferPointer(rebasing: bytes[segmentStart..<end]))
                    } else {
                        piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<end]))
                        text = piece
                        piece = []
                    }
                    pieces.append(target == .item ? .item(text) : .metadata(text))
                }
                phase = target == .item ? .afterItem : .afterValue
                i = end

            case .inKey:
                i += 1
                if escaped {
                    escaped = false
                } else if byte == Byte.quote {
                    target =
                        if keyLength == 5 && keyBits == Self.itemsKey {
                            .items
                        } else if keyLength == 8 && keyBits == Self.metadataKey {
                            .metadata
                        } else {
                            .skip
                        }
                    phase = .afterKey
                } else if byte == Byte.backslash {
                    escaped = true
                    keyLength = 9
                } else if keyLength < 9 {
                    keyBits = keyBits << 8 | UInt64(byte)
                    keyLength += 1
                }

            default:
                // Between tokens: whitespace is skipped in every phase.
                if Byte.isWhitespace(byte) {
                    i += 1
                    continue
                }
                try step(byte, at: i)
                if phase == .value {
                    segmentStart = i
                    pieceStart = consumed + i
                }
                i += 1
            }
        }
        if phase == .value && target != .skip {
            // The piece goes on in the next chunk (it may have started at this chunk's last byte).
            try checkPieceLength(piece.count + (count - segmentStart))
            piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart..<count]))
        }
        consumed += count
        return pieces
    }

    /// Throws when the piece being read, `length` bytes so far, is longer than the limit.
    private func checkPieceLength(_ length: Int) throws(Malformed) {
        guard length > maximumPieceLength else { return }
        let what = target == .item ? "an item" : "\"metadata\""
        throw Malformed(
            offset: pieceStart + maximumPieceLength,
            reason: "\(what) is longer than the limit of \(maximumPieceLength) bytes"
        )
    }

    /// Handles one byte that is not whitespace, between tokens of the top-level object or of `"items"`.
    private mutating func step(_ byte: UInt8, at index: Int) throws(Malformed) {
        switch phase {
        case .beforeObject:
            guard byte == Byte.openBrace else {
                throw malformed(at: index, "expected '{' at the start of the body, found \(Byte.describe(byte))")
            }
            phase = .objectStart

        case .objectStart, .beforeKey:
            if byte == Byte.quote {
                keyBits = 0
                keyLength = 0
                phase = .inKey
            } else if byte == Byte.closeBrace && phase == .objectStart {
                phase = .afterObject
            } else {
                throw malformed(at: index, "expected a key, found \(Byte.describe(byte))")
            }

        case .afterKey:
            guard byte == Byte.colon else {
                throw malformed(at: index, "expected ':' after a key, found \(Byte.describe(byte))")
            }
            phase = .beforeValue

        case .beforeValue:
            if target == .items {
                if byte == Byte.openBracket {
                    phase = .itemsStart
                } else if byte == Self.null[0] {
                    nullMatched = 1
                    phase = .itemsNull
                } else {
                    throw malformed(at: index, "\"items\" is neither an array nor null, it starts with \(Byte.describe(byte))")
                }
            } else {
                try startValue(byte, at: index)
            }

        case .itemsNull:
            guard byte == Self.null[nullMatched] else {
                throw malformed(at: index, "\"items\" is neither an array nor null, found \(Byte.describe(byte))")
            }
            nullMatched += 1
            if nullMatched == Self.null.count { phase = .afterValue }

        case .itemsStart, .beforeItem:
            if byte == Byte.closeBracket && phase == .itemsStart {
                phase = .afterValue
            } else {
                target = .item
                try startValue(byte, at: index)
            }

        case .afterItem:
            if byte == Byte.comma {
                phase = .beforeItem
            } else if byte == Byte.closeBracket {
                phase = .afterValue
            } else {
                throw malformed(at: index, "expected ',' or ']' after an item, found \(Byte.describe(byte))")
            }

        case .afterValue:
            if byte == Byte.comma {
                phase = .beforeKey
            } else if byte == Byte.closeBrace {
                phase = .afterObject
            } else {
                throw malformed(at: index, "expected ',' or '}' after a value, found \(Byte.describe(byte))")
            }

        case .afterObject:
            throw malformed(at: index, "expected the end of the body after the top-level object, found \(Byte.describe(byte))")

        case .inKey, .value:
            preconditionFailure("consume(_:) reads keys and values itself")
        }
    }

    /// Starts reading a value (a member's value or an element of `"items"`) at its first byte, which is not
    /// whitespace.
    private mutating func startValue(_ byte: UInt8, at index: Int) throws(Malformed) {
        closers.removeAll(keepingCapacity: true)
        inString = false
        escaped = false
        switch byte {
        case Byte.openBrace: closers.append(Byte.closeBrace)
        case Byte.openBracket: closers.append(Byte.closeBracket)
        case Byte.quote: inString = true
        case Byte.closeBrace, Byte.closeBracket, Byte.comma, Byte.colon:
            throw malformed(at: index, "expected a value, found \(Byte.describe(byte))")
        default: break  // the first byte of a number, `true`, `false` or `null`
        }
        phase = .value
    }

    /// Reads the value being read from `start` up to `end`.
    ///
    /// A value is an object or array (ending with the closer of its first byte), a string (ending with its closing
    /// quote) or a bare scalar such as a number or `true` (ending before the first whitespace, `,`, `]` or `}`).
    /// - Returns: The index just past the value's last byte, or nil when the value goes on past `end`.
    private mutating func scanValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws(Malformed) -> Int? {
        var i = start
        if closers.isEmpty && !inString {
            // A bare scalar: no string and no brackets, so it ends at the first delimiter.
            while i < end {
                switch bytes[i] {
                case Byte.space, Byte.tab, Byte.lineFeed, Byte.carriageReturn, Byte.comma, Byte.closeBrace,
                    Byte.closeBracket:
                    return i
                case Byte.openBrace, Byte.openBracket, Byte.quote, Byte.colon:
                    throw malformed(at: i, "unexpected \(Byte.describe(bytes[i])) in a value")
                default:
                    i += 1
                }
            }
            return nil
        }
        var inString = self.inString
        var escaped = self.escaped
        defer {
            self.inString = inString
            self.escaped = escaped
        }
        while i < end {
            if inString {
                if escaped {
                    escaped = false
                    i += 1
                    continue
                }
                // The hot loop: most bytes of a body are inside strings, and only a quote or backslash matters there.
                while i < end {
                    let byte = bytes[i]
                    if byte == Byte.quote || byte == Byte.backslash { break }
                    i += 1
                }
                guard i < end else { return nil }
                if bytes[i] == Byte.backslash {
                    escaped = true
                    i += 1
                    continue
                }
                inString = false
                i += 1
                if closers.isEmpty { return i }
                continue
            }
            let byte = bytes[i]
            switch byte {
            case Byte.quote:
                inString = true
            case Byte.openBrace, Byte.openBracket:
                guard closers.count < Self.maximumDepth else {
                    throw malformed(at: i, "a value is nested deeper than \(Self.maximumDepth) levels")
                }
                closers.append(byte == Byte.openBrace ? Byte.closeBrace : Byte.closeBracket)
            case Byte.closeBrace, Byte.closeBracket:
                let expected = closers.removeLast()
                guard byte == expected else {
                    throw malformed(at: i, "expected \(Byte.describe(expected)), found \(Byte.describe(byte))")
                }
                if closers.isEmpty { return i + 1 }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// An error at `index` in the chunk being read.
    private func malformed(at index: Int, _ reason: String) -> Malformed {
        Malformed(offset: consumed + index, reason: reason)
    }

    /// `items` as the big-endian bytes of a `UInt64`, the way ``keyBits`` collects a key.
    private static let itemsKey: UInt64 = 0x69_74_65_6D_73
    /// `metadata` as the big-endian bytes of a `UInt64`.
    private static let metadataKey: UInt64 = 0x6D_65_74_61_64_61_74_61
    /// The bytes of `null`.
    private static let null: [UInt8] = Array("null".utf8)

    /// The bytes of JSON's structure.
    private enum Byte {
        static var quote: UInt8 { UInt8(ascii: "\"") }
        static var backslash: UInt8 { UInt8(ascii: "\\") }
        static var openBrace: UInt8 { UInt8(ascii: "{") }
        static var closeBrace: UInt8 { UInt8(ascii: "}") }
        static var openBracket: UInt8 { UInt8(ascii: "[") }
        static var closeBracket: UInt8 { UInt8(ascii: "]") }
        static var comma: UInt8 { UInt8(ascii: ",") }
        static var colon: UInt8 { UInt8(ascii: ":") }
        static var space: UInt8 { UInt8(ascii: " ") }
        static var tab: UInt8 { UInt8(ascii: "\t") }
        static var lineFeed: UInt8 { UInt8(ascii: "\n") }
        static var carriageReturn: UInt8 { UInt8(ascii: "\r") }

        /// Whether `byte` is JSON whitespace.
        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == space || byte == lineFeed || byte == carriageReturn || byte == tab
        }

        /// `'x'` for a printable ASCII byte, `byte 0x0A` otherwise.
        static func describe(_ byte: UInt8) -> String {
            if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
        }
    }
}
