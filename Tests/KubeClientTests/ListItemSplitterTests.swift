import Foundation
import Testing

@testable import KubeClient

@Suite struct ListItemSplitterTests {
    typealias Piece = ListItemSplitter.Piece
    typealias Malformed = ListItemSplitter.Malformed

    // MARK: - Fixtures

    /// Items with the traps of a real body: braces, brackets, commas and colons inside strings, escaped quotes,
    /// escaped backslashes right before a closing quote, unicode escapes and raw UTF-8, nested arrays and objects.
    static let podItems = [
        #"{"metadata":{"name":"reviews-v1-7f8c9d-abcde","namespace":"bookinfo","uid":"6a1e1b2c","labels":{"app":"reviews","version":"v1"},"annotations":{"note":"braces {}[] and \"quotes\", colons: and commas,","path":"C:\\Program Files\\","trap":"\\\"}],"}},"spec":{"containers":[{"name":"reviews","image":"istio/reviews:1.20","args":["--opts=[1,{2}]","}{","]"],"ports":[{"containerPort":9080}]}],"nodeName":"node-1"},"status":{"phase":"Running","podIP":"10.0.0.7","conditions":[{"type":"Ready","status":"True"}]}}"#,
        #"{"metadata":{"name":"caf\u00e9-\ud83d\ude00","namespace":"é ü 😀 ☃","labels":{}},"spec":{"containers":[]},"status":{"message":"line\nbreak\ttab \/ slash \b\f\r","empty":"","nested":[[[]],[{}],{"a":[{"b":[null,true,false,-1.5e-3]}]}]}}"#,
        #"{"metadata":{"name":"ratings-v1","namespace":"bookinfo","resourceVersion":"124"},"items":[{"not":"a top-level item"}],"metadata2":{"x":"]"}}"#,
    ]
    static let podMetadata = #"{"resourceVersion":"123","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ==","remainingItemCount":5}"#
    static let podList =
        #"{"kind":"PodList","apiVersion":"v1","metadata":"# + podMetadata + #","items":["# + podItems.joined(separator: ",")
        + "]}\n"
    static let podPieces = ["metadata " + podMetadata] + podItems.map { "item " + $0 }

    // MARK: - Splitting

    @Test func splitsARealisticPodList() throws {
        #expect(try texts(split(Self.podList)) == Self.podPieces)
    }

    @Test func givesTheSamePiecesWhateverTheChunkBoundaries() throws {
        let body = Array(Self.podList.utf8)
        #expect(try texts(split(body, chunkLengths: Array(repeating: 1, count: body.count))) == Self.podPieces)
        for cut in 0...body.count {
            let pieces = try texts(split(body, chunkLengths: [cut, body.count - cut]))
            #expect(pieces == Self.podPieces, "cut at \(cut)")
        }
        var random = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let lengths = randomChunkLengths(total: body.count, maximum: 40, using: &random)
            let pieces = try texts(split(body, chunkLengths: lengths))
            #expect(pieces == Self.podPieces, "chunks \(lengths)")
        }
    }

    @Test func readsItemsBeforeMetadata() throws {
        let body = #"{"items":[{"a":1},{"b":2}],"metadata":{"resourceVersion":"9"},"kind":"PodList"}"#
        try expectEveryChunking(body, gives: [#"item {"a":1}"#, #"item {"b":2}"#, #"metadata {"resourceVersion":"9"}"#])
    }

    @Test(arguments: [
        #"{"kind":"PodList","metadata":{"resourceVersion":"1"},"items":null}"#,
        #"{"kind":"PodList","metadata":{"resourceVersion":"1"},"items":[]}"#,
        #"{"kind":"PodList","metadata":{"resourceVersion":"1"},"items":[ ]}"#,
        #"{"kind":"PodList","items" : null ,"metadata":{"resourceVersion":"1"}}"#,
        #"{"kind":"PodList","metadata":{"resourceVersion":"1"}}"#,
    ])
    func givesNoItemsForNullEmptyOrMissingItems(body: String) throws {
        try expectEveryChunking(body, gives: [#"metadata {"resourceVersion":"1"}"#])
    }

    @Test func givesNothingForAnEmptyObject() throws {
        try expectEveryChunking(" {} ", gives: [])
        try expectEveryChunking(#"{"kind":"Status","code":500}"#, gives: [])
    }

    @Test func skipsOtherTopLevelValuesWhateverTheyHold() throws {
        let others = [
            #""kind":"Pod{List}[]\"items\":[{\"a\":1}],\\""#,
            #""extra":{"items":[{"not":"an item"}],"metadata":{"not":"the metadata"},"s":"}]\\","t":"\\\""}"#,
            #""array":[{"items":[1]},[[["]"]]],"{[","\\",{"metadata":null}]"#,
            #""n":-12.5e+3,"t":true,"f":false,"z":null,"s":"","u":"\u00e9\ud83d\ude00 é 😀""#,
            #""a\\":1,"\"items\"":[2],"item":[3],"itemss":[4],"metadat":{},"metadataX":{},"\u0069tems":[5]"#,
        ]
        let body =
            "{" + others[0] + "," + others[1] + #","items":[{"x":"y"}],"# + others[2] + ","
            + #""metadata":{"resourceVersion":"7"},"# + others[3] + "," + others[4] + "}"
        try expectEveryChunking(body, gives: [#"item {"x":"y"}"#, #"metadata {"resourceVersion":"7"}"#])
    }

    @Test func keepsItemsWithNestedValuesAndTrickyStringsWhole() throws {
        let items = [
            #"{"a":[[],[[{}]],{"b":{"c":[1,{"d":"]}"}]}}]}"#,
            #"{"s":"\\"}"#,
            #"{"s":"\\\\\"\\"}"#,
            #"{"s":"\"}\"]\","}"#,
            #"{"\"}":"{\"","k\\":[",\\"]}"#,
        ]
        let body = #"{"items":["# + items.joined(separator: ",") + "]}"
        try expectEveryChunking(body, gives: items.map { "item " + $0 })
    }

    @Test func keepsUnicodeEscapesAndUTF8AsTheyAre() throws {
        let item = #"{"name":"caf\u00e9 \u00E9 \ud83d\ude00 \u005c \u0022","raw":"é 😀 ☃ 日本語"}"#
        let body = #"{"metadata":{"note":"\u007b"},"items":["# + item + "]}"
        let pieces = try expectEveryChunking(body, gives: [#"metadata {"note":"\u007b"}"#, "item " + item])
        let object = try #require(try pieces.last.map(parse) as? [String: String])
        #expect(object["name"] == "café é 😀 \\ \"")
        #expect(object["raw"] == "é 😀 ☃ 日本語")
    }

    @Test func acceptsWhitespaceWhereverJSONDoes() throws {
        let body =
            " \r\n\t{ \n\t\"kind\" :\r\n \"PodList\" , \"metadata\" \t:\n { \"resourceVersion\" : \"5\" } ,\r\n"
            + "  \"items\"\n:\n[\n  { \"a\" : [ 1 , 2 ] } ,\n\t7 , \"s\"\t,\r\n true ,-1 ,\n[ ]\n ]\n}\r\n \t"
        try expectEveryChunking(
            body,
            gives: [
                #"metadata { "resourceVersion" : "5" }"#,
                #"item { "a" : [ 1 , 2 ] }"#, "item 7", #"item "s""#, "item true", "item -1", "item [ ]",
            ]
        )
    }

    @Test func returnsItemsThatAreNotObjects() throws {
        let body = #"{"items":[1,-2.5e3,"s\"]",true,false,null,[1,[2]],{},"",0]}"#
        try expectEveryChunking(
            body,
            gives: [
                "item 1", "item -2.5e3", #"item "s\"]""#, "item true", "item false", "item null", "item [1,[2]]",
                "item {}", #"item """#, "item 0",
            ]
        )
    }

    @Test func returnsMetadataThatIsNotAnObject() throws {
        try expectEveryChunking(#"{"metadata":null,"items":[]}"#, gives: ["metadata null"])
        try expectEveryChunking(#"{"metadata":"}","items":[]}"#, gives: [#"metadata "}""#])
        try expectEveryChunking(#"{"metadata":12 }"#, gives: ["metadata 12"])
    }

    @Test func acceptsAnyKindOfChunkCollection() throws {
        let body = Array(Self.podList.utf8)
        var splitter = ListItemSplitter()
        var pieces: [Piece] = []
        pieces += try splitter.append([UInt8]())
        pieces += try splitter.append(body[0..<100])  // an ArraySlice
        pieces += try splitter.append(body[100..<300].lazy.map { $0 })  // without contiguous storage
        pieces += try splitter.append(Data(body[300..<500]))
        pieces += try splitter.append(Self.podList.utf8.dropFirst(500))
        try splitter.finish()
        #expect(texts(pieces) == Self.podPieces)
    }

    // MARK: - Limits

    @Test func acceptsAPieceOfExactlyTheLimit() throws {
        // 10 bytes each: an object, a string, and a bare number that ends only at the delimiter after it.
        let body = #"{"metadata":{"a":"12"},"items":[{"a":"12"},"12345678",1234567890 ]}"#
        try expectEveryChunking(
            body,
            maximumPieceLength: 10,
            gives: [#"metadata {"a":"12"}"#, #"item {"a":"12"}"#, #"item "12345678""#, "item 1234567890"]
        )
    }

    @Test(arguments: [
        (#"{"items":[{"a":"12"}, {"a":"123"}]}"#, 22 + 10, "an item is longer than the limit of 10 bytes"),
        (#"{"items":[ 12345678901]}"#, 11 + 10, "an item is longer than the limit of 10 bytes"),
        (#"{"items":["123456789"]}"#, 10 + 10, "an item is longer than the limit of 10 bytes"),
        (#"{"kind":"a long value that is skipped","metadata":{"a":"123"}}"#, 50 + 10, "\"metadata\" is longer than the limit of 10 bytes"),
        (#"{"items":[{"a":"123"}]}"#, 10 + 10, "an item is longer than the limit of 10 bytes"),
    ])
    func rejectsAPieceLongerThanTheLimit(body: String, offset: Int, reason: String) throws {
        try expectEveryChunking(body, maximumPieceLength: 10, fails: Malformed(offset: offset, reason: reason))
    }

    @Test func rejectsNestingDeeperThanTheLimit() throws {
        let depth = ListItemSplitter.maximumDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        try expectEveryChunking(#"{"items":["# + deepest + "]}", gives: ["item " + deepest], cuts: false)
        let tooDeep = #"{"a":"# + String(repeating: "[", count: depth + 1)
        try expectEveryChunking(
            tooDeep,
            fails: Malformed(offset: 5 + depth, reason: "a value is nested deeper than \(depth) levels"),
            cuts: false
        )
    }

    // MARK: - Malformed bodies

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var body: String
        var offset: Int
        var reason: String
        var testDescription: String { body.debugDescription }
    }

    @Test(arguments: [
        MalformedCase(body: #"[{"a":1}]"#, offset: 0, reason: "expected '{' at the start of the body, found '['"),
        MalformedCase(body: #" "items""#, offset: 1, reason: "expected '{' at the start of the body, found '\"'"),
        MalformedCase(body: "\u{1}{}", offset: 0, reason: "expected '{' at the start of the body, found byte 0x01"),
        MalformedCase(body: "", offset: 0, reason: "the body is empty"),
        MalformedCase(body: " \n ", offset: 3, reason: "the body is empty"),
        MalformedCase(body: "{", offset: 1, reason: "the body ended before the end of the top-level object"),
        MalformedCase(
            body: #"{"items":[{"a":1}]"#,
            offset: 18,
            reason: "the body ended before the end of the top-level object"
        ),
        MalformedCase(body: #"{"items":[{"a":1},{"a":"}]}"#, offset: 27, reason: "the body ended inside an item"),
        MalformedCase(body: #"{"items":[{"a":"\"#, offset: 17, reason: "the body ended inside an item"),
        MalformedCase(body: #"{"metadata":{"a""#, offset: 16, reason: "the body ended inside \"metadata\""),
        MalformedCase(body: #"{"ite"#, offset: 5, reason: "the body ended before the end of the top-level object"),
        MalformedCase(body: #"{"items":[{"a":1}]]}"#, offset: 18, reason: "expected ',' or '}' after a value, found ']'"),
        MalformedCase(body: #"{"items":[{"a":1}}]}"#, offset: 17, reason: "expected ',' or ']' after an item, found '}'"),
        MalformedCase(body: #"{"a":1}}"#, offset: 7, reason: "expected the end of the body after the top-level object, found '}'"),
        MalformedCase(body: "{}\n{}", offset: 3, reason: "expected the end of the body after the top-level object, found '{'"),
        MalformedCase(body: #"{"items":[{"a":[1}]}"#, offset: 17, reason: "expected ']', found '}'"),
        MalformedCase(body: #"{"kind":{"a":[1}]}"#, offset: 15, reason: "expected ']', found '}'"),
        MalformedCase(body: #"{"metadata":[}"#, offset: 13, reason: "expected ']', found '}'"),
        MalformedCase(body: #"{"items":{"a":1}}"#, offset: 9, reason: "\"items\" is neither an array nor null, it starts with '{'"),
        MalformedCase(body: #"{"items":"[]"}"#, offset: 9, reason: "\"items\" is neither an array nor null, it starts with '\"'"),
        MalformedCase(body: #"{"items":nul}"#, offset: 12, reason: "\"items\" is neither an array nor null, found '}'"),
        MalformedCase(body: #"{"items":nulll}"#, offset: 13, reason: "expected ',' or '}' after a value, found 'l'"),
        MalformedCase(body: #"{"items":[1,]}"#, offset: 12, reason: "expected a value, found ']'"),
        MalformedCase(body: #"{"items":[,1]}"#, offset: 10, reason: "expected a value, found ','"),
        MalformedCase(body: #"{"items":[1 2]}"#, offset: 12, reason: "expected ',' or ']' after an item, found '2'"),
        MalformedCase(body: #"{"a":}"#, offset: 5, reason: "expected a value, found '}'"),
        MalformedCase(body: #"{"a" 1}"#, offset: 5, reason: "expected ':' after a key, found '1'"),
        MalformedCase(body: #"{,}"#, offset: 1, reason: "expected a key, found ','"),
        MalformedCase(body: #"{"a":1,}"#, offset: 7, reason: "expected a key, found '}'"),
        MalformedCase(body: #"{items:[]}"#, offset: 1, reason: "expected a key, found 'i'"),
        MalformedCase(body: #"{"a":1 "b":2}"#, offset: 7, reason: "expected ',' or '}' after a value, found '\"'"),
        MalformedCase(body: #"{"a":tru"e"}"#, offset: 8, reason: "unexpected '\"' in a value"),
        MalformedCase(body: #"{"items":[12{}]}"#, offset: 12, reason: "unexpected '{' in a value"),
    ])
    func rejectsMalformedStructure(_ test: MalformedCase) throws {
        try expectEveryChunking(test.body, fails: Malformed(offset: test.offset, reason: test.reason))
    }

    @Test func rejectsEveryTruncatedBody() throws {
        let body = Array(Self.podList.utf8.dropLast(2))  // up to the closing brace: the newline after it is optional
        for length in 0..<body.count {
            var splitter = ListItemSplitter()
            _ = try splitter.append(body[..<length])
            let error = #expect(throws: Malformed.self) { try splitter.finish() }
            #expect(error?.offset == length)
        }
    }

    @Test func keepsFailingAfterAnError() throws {
        var splitter = ListItemSplitter()
        let expected = Malformed(offset: 0, reason: "expected '{' at the start of the body, found '['")
        #expect(throws: expected) { try splitter.append(Array("[".utf8)) }
        #expect(throws: expected) { try splitter.append(Array(#"{"items":[]}"#.utf8)) }
        #expect(throws: expected) { try splitter.finish() }
    }

    @Test func describesWhereAndWhatWentWrong() {
        let error = Malformed(offset: 42, reason: "expected ',' or '}' after a value, found ']'")
        #expect(error.description == "malformed LIST response body at byte 42: expected ',' or '}' after a value, found ']'")
    }

    // MARK: - A large list against JSONSerialization

    @Test func splitsALargeListIntoItemsThatParseLikeTheWholeDocument() throws {
        let itemCount = 20_000
        var body = #"{"apiVersion":"v1","items":["#
        for n in 0..<itemCount {
            if n > 0 { body += n % 7 == 0 ? ",\n  " : "," }
            body += #"{"metadata":{"name":"pod-\#(n)","namespace":"ns-\#(n % 13)","labels":{"app":"a\#(n % 5)"},"#
            body += #""annotations":{"note":"q\"b\\ {[\#(n)]} \u00e9 é 😀 \\"}},"#
            body += #""spec":{"containers":[{"name":"c","ports":[{"containerPort":\#(8000 + n % 100)}],"#
            body += #""args":["-v=\#(n % 4)","}"],"ready":\#(n % 2 == 0),"ratio":\#(Double(n) / 8),"none":null}]}}"#
        }
        body += #"],"kind":"PodList","metadata":{"resourceVersion":"\#(itemCount)","remainingItemCount":0}}"#
        let bytes = Array(body.utf8)

        let whole = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let expectedItems = try #require(whole["items"] as? [Any])
        let expectedMetadata = try #require(whole["metadata"])
        #expect(expectedItems.count == itemCount)

        let pieces = try split(bytes, chunkLengths: Array(repeating: 997, count: bytes.count / 997 + 1))
        var items: [[UInt8]] = []
        var metadata: [[UInt8]] = []
        for piece in pieces {
            switch piece {
            case .item(let text): items.append(text)
            case .metadata(let text): metadata.append(text)
            }
        }
        #expect(items.count == itemCount)
        #expect(metadata.count == 1)
        for (index, (text, expected)) in zip(items, expectedItems).enumerated() {
            let parsed = try JSONSerialization.jsonObject(with: Data(text))
            #expect(try canonical(parsed) == canonical(expected), "item \(index)")
        }
        #expect(try canonical(JSONSerialization.jsonObject(with: Data(metadata[0]))) == canonical(expectedMetadata))
    }

    // MARK: - Helpers

    /// Splits `body` in one chunk and ends it.
    func split(_ body: String, maximumPieceLength: Int = 64 * 1024 * 1024) throws(Malformed) -> [Piece] {
        let bytes = Array(body.utf8)
        return try split(bytes, chunkLengths: [bytes.count], maximumPieceLength: maximumPieceLength)
    }

    /// Splits `body` fed in chunks of the given lengths (the last may run past the end) and ends it.
    func split(
        _ body: [UInt8],
        chunkLengths: [Int],
        maximumPieceLength: Int = 64 * 1024 * 1024
    ) throws(Malformed) -> [Piece] {
        var splitter = ListItemSplitter(maximumPieceLength: maximumPieceLength)
        var pieces: [Piece] = []
        var start = 0
        for length in chunkLengths {
            let end = min(start + length, body.count)
            pieces += try splitter.append(body[start..<end])
            start = end
        }
        precondition(start == body.count, "the chunks do not cover the body")
        try splitter.finish()
        return pieces
    }

    /// The chunkings every test body goes through: one chunk, byte by byte, and (when `cuts`) two chunks cut at
    /// every offset.
    func chunkings(of count: Int, cuts: Bool = true) -> [[Int]] {
        var chunkings = [[count], Array(repeating: 1, count: count)]
        if cuts { chunkings += (0...count).map { [$0, count - $0] } }
        return chunkings
    }

    /// Expects `body` to give the pieces described by `expected`, however it is cut into chunks.
    @discardableResult
    func expectEveryChunking(
        _ body: String,
        maximumPieceLength: Int = 64 * 1024 * 1024,
        gives expected: [String],
        cuts: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [Piece] {
        let bytes = Array(body.utf8)
        var result: [Piece] = []
        for lengths in chunkings(of: bytes.count, cuts: cuts) {
            let pieces = try split(bytes, chunkLengths: lengths, maximumPieceLength: maximumPieceLength)
            #expect(texts(pieces) == expected, "chunks \(lengths)", sourceLocation: sourceLocation)
            result = pieces
        }
        return result
    }

    /// Expects `body` to fail with `expected`, however it is cut into chunks.
    func expectEveryChunking(
        _ body: String,
        maximumPieceLength: Int = 64 * 1024 * 1024,
        fails expected: Malformed,
        cuts: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bytes = Array(body.utf8)
        for lengths in chunkings(of: bytes.count, cuts: cuts) {
            #expect(throws: expected, "chunks \(lengths)", sourceLocation: sourceLocation) {
                try split(bytes, chunkLengths: lengths, maximumPieceLength: maximumPieceLength)
            }
        }
    }

    /// `item {…}` and `metadata {…}`: pieces as text, so that a failure shows them readably.
    func texts(_ pieces: [Piece]) -> [String] {
        pieces.map { piece in
            switch piece {
            case .item(let text): "item " + String(decoding: text, as: UTF8.self)
            case .metadata(let text): "metadata " + String(decoding: text, as: UTF8.self)
            }
        }
    }

    /// Parses the text of a piece.
    func parse(_ piece: Piece) throws -> Any {
        switch piece {
        case .item(let text), .metadata(let text):
            try JSONSerialization.jsonObject(with: Data(text), options: .fragmentsAllowed)
        }
    }

    /// A JSON value serialised with sorted keys, to compare two parsed values.
    func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }

    /// Random chunk lengths from 1 to `maximum` that add up to `total`.
    func randomChunkLengths(total: Int, maximum: Int, using random: inout SplitMix64) -> [Int] {
        var lengths: [Int] = []
        var left = total
        while left > 0 {
            let length = min(left, Int(random.next() % UInt64(maximum)) + 1)
            lengths.append(length)
            left -= length
        }
        return lengths
    }

    /// A small seeded random number generator, so that the random chunkings are the same on every run.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
