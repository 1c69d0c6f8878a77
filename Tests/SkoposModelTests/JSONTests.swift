import Foundation

import SkoposModel
import Testing

/// Parses JSON text, failing the test if it does not parse.
private func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// The error parsing `text` fails with, or `nil` (and a recorded issue) if it parses.
private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONParseError? {
    #expect(throws: JSONParseError.self, sourceLocation: sourceLocation) { try JSONParser.parse(text) }
}

/// Serialises a value as a string.
private func write(_ value: JSONValue) -> String {
    JSONWriter.string(value)
}

// MARK: - Parser

@Suite struct JSONParserTests {
    @Test func literals() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse(" \t\r\n true \n") == .bool(true))
    }

    @Test func integersStayIntegers() throws {
        #expect(try parse("3") == .int(3))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-17") == .int(-17))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("9223372036854775807") == .int(Int.max))
        #expect(try parse("-9223372036854775808") == .int(Int.min))
        #expect(try parse(#"{"replicas":3}"#) == .object(["replicas": .int(3)]))
    }

    @Test func fractionsAndExponentsAreDoubles() throws {
        #expect(try parse("3.5") == .double(3.5))
        #expect(try parse("-0.25") == .double(-0.25))
        #expect(try parse("3.0") == .double(3.0))
        #expect(try parse("3.0") != .int(3))
        #expect(try parse("1e3") == .double(1000))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("25e-2") == .double(0.25))
        #expect(try parse("0.5e1") == .double(5))
    }

    @Test func integerTooLargeForIntBecomesDouble() throws {
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try parse("-99999999999999999999") == .double(-1e20))
    }

    @Test func simpleStrings() throws {
        #expect(try parse(#""""#) == .string(""))
        #expect(try parse(#""hello""#) == .string("hello"))
        #expect(try parse("\"héllo wörld 😀\"") == .string("héllo wörld 😀"))
    }

    @Test func escapes() throws {
        #expect(try parse(#""a\nb""#) == .string("a\nb"))
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""pre\"post""#) == .string("pre\"post"))
        #expect(try parse(#""caf\u00e9""#) == .string("café"))
        #expect(try parse(#""caf\u00E9""#) == .string("café"))
        #expect(try parse(#""\u0041\u003c\u0026""#) == .string("A<&"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""\u20ac""#) == .string("€"))
    }

    @Test func surrogatePairs() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00!""#) == .string("😀!"))
        #expect(try parse(#""x\ud834\udd1ey""#) == .string("x𝄞y"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\ud83dx""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\ude00x""#) == .string("\u{FFFD}x"))
    }

    /// A high surrogate followed by a `\u` escape that is not a low surrogate: as in Go's `encoding/json`, the high
    /// surrogate becomes U+FFFD and the second escape is decoded on its own.
    @Test func highSurrogateFollowedByOtherEscapeKeepsTheSecondCharacter() throws {
        #expect(try parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}😀"))
        #expect(try parse(#""\ud83d\n""#) == .string("\u{FFFD}\n"))
    }

    @Test func arraysAndObjects() throws {
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse("[ ]") == .array([]))
        #expect(try parse("{ }") == .object([:]))
        #expect(try parse(#"[1, "two", 3.5, true, null, [], {}]"#) == [1, "two", 3.5, true, nil, [], [:]])
        let doc = try parse(
            """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "web", "labels": {"app": "web"}},
              "spec": {"containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}]}]}
            }
            """
        )
        #expect(doc["kind"] == "Pod")
        #expect(doc[path: ["metadata", "labels", "app"]] == "web")
        #expect(doc[path: ["spec", "containers"]]?.arrayValue?.first?["ports"] == [["containerPort": 80]])
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try parse(#"{"a":1,"a":2}"#) == ["a": 2])
    }

    @Test func acceptsBytes() throws {
        #expect(try JSONParser.parse(Array(#"{"a":[1]}"#.utf8)) == ["a": [1]])
        #expect(try JSONParser.parse(Data(#""x""#.utf8)) == "x")
    }

    // MARK: Errors

    @Test func missingValueReportsItsPosition() throws {
        let error = try #require(parseError(#"{"a":}"#))
        #expect(error.message == "invalid character '}' looking for beginning of value")
        #expect(error.offset == 5)
        #expect(error.line == 1)
        #expect(error.column == 6)
        #expect(error.description == "invalid character '}' looking for beginning of value at line 1, column 6")
    }

    @Test func errorOnLaterLineReportsThatLine() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": ?\n}"
        let error = try #require(parseError(text))
        #expect(error.line == 3)
        #expect(error.column == 8)
        #expect(error.offset == 19)
        #expect(error.message == "invalid character '?' looking for beginning of value")
    }

    @Test func columnRestartsAfterEachNewline() throws {
        let error = try #require(parseError("[\n1,\n\n   x]"))
        #expect(error.line == 4)
        #expect(error.column == 4)
    }

    @Test func emptyInput() throws {
        let error = try #require(parseError(""))
        #expect(error.message == "unexpected end of JSON")
        #expect(error.offset == 0)
        #expect(error.line == 1)
        #expect(error.column == 1)
        let blank = try #require(parseError("  \n "))
        #expect(blank.message == "unexpected end of JSON")
        #expect(blank.line == 2)
        #expect(blank.column == 2)
    }

    @Test func trailingData() throws {
        let error = try #require(parseError("{} x"))
        #expect(error.message == "unexpected data after the JSON value")
        #expect(error.offset == 3)
        #expect(error.column == 4)
        #expect(parseError("1 2")?.message == "unexpected data after the JSON value")
        #expect(parseError("[1]]")?.offset == 3)
        #expect(parseError("01")?.message == "unexpected data after the JSON value")
        #expect(parseError(#""a""b""#)?.message == "unexpected data after the JSON value")
    }

    @Test func unterminatedStrings() throws {
        let plain = try #require(parseError(#""abc"#))
        #expect(plain.message == "unexpected end of JSON inside a string")
        #expect(plain.offset == 4)
        #expect(parseError(#""ab\"c"#)?.message == "unexpected end of JSON inside a string")
        #expect(parseError(#""ab\"#)?.message == "unexpected end of JSON inside a string")
        #expect(parseError(#"{"key"#)?.message == "unexpected end of JSON inside a string")
        #expect(parseError(#"["a\n"#)?.message == "unexpected end of JSON inside a string")
    }

    @Test func controlCharactersInStrings() throws {
        let tab = try #require(parseError("\"a\tb\""))
        #expect(tab.message == "invalid control character in string")
        #expect(tab.offset == 2)
        #expect(tab.column == 3)
        let newline = try #require(parseError("{\"a\":\"x\ny\"}"))
        #expect(newline.message == "invalid control character in string")
        #expect(newline.line == 1)
        #expect(newline.offset == 7)
        // Also after an escape sequence (the slow path).
        #expect(parseError("\"\\n\u{01}\"")?.message == "invalid control character in string")
        #expect(parseError("\"\u{1F}\"")?.message == "invalid control character in string")
        // DEL and non-ASCII are fine.
        #expect(try parse("\"\u{7F}\"") == .string("\u{7F}"))
    }

    @Test func invalidEscapes() throws {
        let error = try #require(parseError(#""a\xb""#))
        #expect(error.message == "invalid escape character in string")
        #expect(error.offset == 3)
        #expect(parseError(#""\'""#)?.message == "invalid escape character in string")
        #expect(parseError(#""\u12g4""#)?.message == "invalid hex digit in \\u escape")
        #expect(parseError(#"["\u12"]"#)?.message == "invalid hex digit in \\u escape")
        #expect(parseError(#""\u12"#)?.message == "unexpected end of JSON in \\u escape")
    }

    @Test func invalidNumbers() throws {
        #expect(parseError("-")?.message == "invalid number")
        #expect(parseError("-x")?.message == "invalid number")
        #expect(parseError("1.")?.message == "invalid number: expected digits after '.'")
        #expect(parseError("1.e5")?.message == "invalid number: expected digits after '.'")
        #expect(parseError("1e")?.message == "invalid number: expected exponent digits")
        #expect(parseError("1e+")?.message == "invalid number: expected exponent digits")
        #expect(parseError("+1")?.message == "invalid character '+' looking for beginning of value")
        #expect(parseError(".5")?.message == "invalid character '.' looking for beginning of value")
        #expect(parseError("NaN")?.message == "invalid character 'N' looking for beginning of value")
    }

    @Test func invalidLiterals() throws {
        #expect(parseError("nul")?.message == "unexpected end of JSON")
        let wrong = try #require(parseError("nulx"))
        #expect(wrong.message == "invalid literal, expected 'null'")
        #expect(wrong.offset == 3)
        #expect(parseError("[tru]")?.message == "invalid literal, expected 'true'")
        #expect(parseError("falsy")?.message == "invalid literal, expected 'false'")
        #expect(parseError("True")?.message == "invalid character 'T' looking for beginning of value")
        #expect(parseError("\u{01}")?.message == "invalid character '\\x1' looking for beginning of value")
    }

    @Test func malformedObjects() throws {
        #expect(parseError(#"{"a" 1}"#)?.message == "expected ':' after object key")
        #expect(parseError(#"{"a"}"#)?.message == "expected ':' after object key")
        #expect(parseError(#"{"a":1,}"#)?.message == "expected a string key in object")
        #expect(parseError("{a:1}")?.message == "expected a string key in object")
        #expect(parseError(#"{"a":1"#)?.message == "unexpected end of JSON inside an object")
        #expect(parseError(#"{"a":1,"#)?.message == "unexpected end of JSON inside an object")
        #expect(parseError("{")?.message == "unexpected end of JSON inside an object")
        #expect(parseError(#"{"a":1 "b":2}"#)?.message == "expected ',' or '}' after object value")
        #expect(parseError(#"{"a":1]"#)?.message == "expected ',' or '}' after object value")
    }

    @Test func malformedArrays() throws {
        #expect(parseError("[1,]")?.message == "invalid character ']' looking for beginning of value")
        #expect(parseError("[,1]")?.message == "invalid character ',' looking for beginning of value")
        #expect(parseError("[1")?.message == "unexpected end of JSON inside an array")
        #expect(parseError("[")?.message == "unexpected end of JSON")
        #expect(parseError("[1 2]")?.message == "expected ',' or ']' after array element")
        #expect(parseError("[1}")?.message == "expected ',' or ']' after array element")
    }

    // MARK: Nesting limit

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONParser.maximumDepth
        #expect(depth == 512)
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parse(arrays)
        var levels = 0
        while let inner = value.arrayValue {
            levels += 1
            guard let first = inner.first else { break }
            value = first
        }
        #expect(levels == depth)

        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(throws: Never.self) { try JSONParser.parse(objects) }
    }

    @Test func nestingBeyondTheLimitIsRejected() throws {
        let depth = JSONParser.maximumDepth + 1
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(parseError(arrays))
        #expect(error.message == "JSON nested too deeply")
        #expect(error.offset == JSONParser.maximumDepth)

        let mixed = String(repeating: #"{"a":["#, count: 257) + String(repeating: "]}", count: 257)
        #expect(parseError(mixed)?.message == "JSON nested too deeply")
    }
}

// MARK: - Writer

@Suite struct JSONWriterTests {
    @Test func scalars() {
        #expect(write(.null) == "null")
        #expect(write(.bool(true)) == "true")
        #expect(write(.bool(false)) == "false")
        #expect(write(.int(3)) == "3")
        #expect(write(.int(-42)) == "-42")
        #expect(write(.int(Int.min)) == "-9223372036854775808")
        #expect(write(.string("x")) == #""x""#)
    }

    @Test func doubles() {
        #expect(write(.double(3.5)) == "3.5")
        #expect(write(.double(-0.25)) == "-0.25")
        #expect(write(.double(0.1)) == "0.1")
        // Integral doubles are written without a fraction, as Go writes float64s.
        #expect(write(.double(3.0)) == "3")
        #expect(write(.double(-2.0)) == "-2")
        #expect(write(.double(0.0)) == "0")
        #expect(write(.double(1e20)) == "1e+20")
        // JSON has no NaN or infinities.
        #expect(write(.double(.nan)) == "null")
        #expect(write(.double(.infinity)) == "null")
        #expect(write(.double(-.infinity)) == "null")
    }

    @Test func compactArraysAndObjects() {
        #expect(write([]) == "[]")
        #expect(write([:]) == "{}")
        #expect(write([1, "a", nil, [true]]) == #"[1,"a",null,[true]]"#)
        #expect(write(["a": ["b": [1, 2]]]) == #"{"a":{"b":[1,2]}}"#)
    }

    @Test func keysAreSortedByUTF8Bytes() {
        let value: JSONValue = ["b": 1, "a": 2, "B": 3, "aa": 4, "é": 5, "_": 6, "1": 7]
        #expect(write(value) == #"{"1":7,"B":3,"_":6,"a":2,"aa":4,"b":1,"é":5}"#)
        let nested: JSONValue = ["z": ["y": 1, "x": 2], "m": [["d": 1, "c": 2]]]
        #expect(write(nested) == #"{"m":[{"c":2,"d":1}],"z":{"x":2,"y":1}}"#)
    }

    @Test func outputIsDeterministic() {
        var object: [String: JSONValue] = [:]
        for i in 0..<50 { object["key\(i)"] = .int(i) }
        let first = write(.object(object))
        #expect(write(.object(object)) == first)
        #expect(write(.object(Dictionary(uniqueKeysWithValues: object.reversed()))) == first)
    }

    @Test func escapesSpecialCharacters() {
        #expect(write("a\"b") == #""a\"b""#)
        #expect(write("a\\b") == #""a\\b""#)
        #expect(write("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(write("\u{0}\u{1}\u{8}\u{C}\u{1F}") == #""\u0000\u0001\u0008\u000c\u001f""#)
        #expect(write("/") == #""/""#)
        #expect(write("\u{7F}") == "\"\u{7F}\"")
    }

    @Test func escapesHTMLCharactersLikeGo() {
        #expect(write("<") == #""\u003c""#)
        #expect(write(">") == #""\u003e""#)
        #expect(write("&") == #""\u0026""#)
        #expect(write(#"<a href="x">&amp;</a>"#) == #""\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e""#)
        #expect(write(["a<b": "c&d"]) == #"{"a\u003cb":"c\u0026d"}"#)
    }

    @Test func nonASCIIIsWrittenAsUTF8() {
        #expect(write("café 😀") == "\"café 😀\"")
        #expect(JSONWriter.write("é") == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test func writeIntoAppends() {
        var out = Array("prefix:".utf8)
        JSONWriter.write(["a": 1], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"prefix:{"a":1}"#)
        var s: [UInt8] = []
        JSONWriter.writeString("<\n>", into: &s)
        #expect(String(decoding: s, as: UTF8.self) == #""\u003c\n\u003e""#)
    }
}

// MARK: - Round trips

@Suite struct JSONRoundTripTests {
    static let documents: [String] = [
        "null", "true", "false", "0", "-1", "3.5", #""""#, "[]", "{}",
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"labels":{"app":"web"},"name":"cm","resourceVersion":"12"},"data":{"k":"v"}}"#,
        #"[1,2.25,"x",null,true,false,[[]],{"a":{}}]"#,
        #"{"html":"\u003cb\u003e\u0026","ctl":"\u0001\n\t","quote":"\"\\"}"#,
        #"{"unicode":"é😀","replicas":3,"ratio":0.75}"#,
    ]

    @Test(arguments: documents)
    func parseThenWriteThenParse(_ text: String) throws {
        let value = try parse(text)
        let written = write(value)
        #expect(try parse(written) == value)
        // Writing is canonical: a second round produces the same bytes.
        #expect(write(try parse(written)) == written)
    }

    @Test func canonicalTextSurvivesExactly() throws {
        let text = #"{"a":[1,2.5,"\u003c"],"b":{"c":null,"d":true},"e":"é"}"#
        #expect(write(try parse(text)) == text)
    }

    @Test func writerNormalisesWhitespaceAndKeyOrder() throws {
        let value = try parse(#" { "b" : 1 , "a" : [ 1 , 2 ] } "#)
        #expect(write(value) == #"{"a":[1,2],"b":1}"#)
    }

    @Test func everyStringSurvives() throws {
        var all = ""
        for byte in UInt8(0x00)...UInt8(0x7F) { all.unicodeScalars.append(UnicodeScalar(byte)) }
        all += "é€😀𝄞\u{2028}\u{FEFF}"
        let value = JSONValue.string(all)
        #expect(try parse(write(value)) == value)
        #expect(try parse(write([all: value])) == [all: value])
    }

    @Test func integersStayIntegersAcrossARoundTrip() throws {
        let value: JSONValue = ["replicas": 3, "big": .int(Int.max), "ratio": 3.5]
        let back = try parse(write(value))
        #expect(back["replicas"] == .int(3))
        #expect(back["big"] == .int(Int.max))
        #expect(back["ratio"] == .double(3.5))
    }

    @Test func integralDoublesComeBackAsIntegers() throws {
        // A double without a fraction is written as an integer, so it reads back as `.int`.
        #expect(try parse(write(.double(3.0))) == .int(3))
        #expect(try parse(write(.double(1e20))) == .double(1e20))
    }
}

// MARK: - JSONValue

@Suite struct JSONValueTests {
    @Test func accessors() {
        let object: JSONValue = ["a": 1]
        #expect(object.objectValue == ["a": .int(1)])
        #expect(object.arrayValue == nil)
        #expect(JSONValue.array([1]).arrayValue == [.int(1)])
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.int(1).boolValue == nil)
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.int(0).isNull)
    }

    @Test func intValue() {
        #expect(JSONValue.int(7).intValue == 7)
        #expect(JSONValue.double(3.0).intValue == 3)
        #expect(JSONValue.double(-2.0).intValue == -2)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.double(1e16).intValue == nil)
        #expect(JSONValue.double(.nan).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
    }

    @Test func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(false).typeName == "boolean")
        #expect(JSONValue.int(1).typeName == "number")
        #expect(JSONValue.double(1.5).typeName == "number")
        #expect(JSONValue.string("").typeName == "string")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.object([:]).typeName == "object")
    }

    @Test func literals() {
        let value: JSONValue = ["s": "x", "i": 1, "d": 1.5, "b": true, "n": nil, "a": [1]]
        #expect(
            value
                == .object([
                    "s": .string("x"), "i": .int(1), "d": .double(1.5), "b": .bool(true), "n": .null, "a": .array([.int(1)]),
                ])
        )
    }

    @Test func keySubscript() {
        var value: JSONValue = ["a": 1]
        #expect(value["a"] == 1)
        #expect(value["missing"] == nil)
        value["b"] = "two"
        #expect(value == ["a": 1, "b": "two"])
        value["a"] = nil
        #expect(value == ["b": "two"])
        var notObject: JSONValue = [1, 2]
        #expect(notObject["a"] == nil)
        notObject["a"] = 1
        #expect(notObject == [1, 2])
    }

    @Test func pathGet() {
        let value: JSONValue = ["metadata": ["name": "web", "labels": ["app": "web"]], "list": [1]]
        #expect(value[path: ["metadata", "name"]] == "web")
        #expect(value[path: ["metadata", "labels", "app"]] == "web")
        #expect(value[path: ["metadata"]] == ["name": "web", "labels": ["app": "web"]])
        #expect(value[path: []] == value)
        #expect(value[path: ["metadata", "missing"]] == nil)
        #expect(value[path: ["missing", "name"]] == nil)
        #expect(value[path: ["metadata", "name", "deeper"]] == nil)
        // Paths walk objects only.
        #expect(value[path: ["list", "0"]] == nil)
    }

    @Test func pathSetReplacesExistingValues() {
        var value: JSONValue = ["metadata": ["name": "web", "labels": ["app": "web"]]]
        value[path: ["metadata", "name"]] = "api"
        value[path: ["metadata", "labels", "tier"]] = "fe"
        #expect(value == ["metadata": ["name": "api", "labels": ["app": "web", "tier": "fe"]]])
    }

    @Test func pathSetCreatesMissingObjects() {
        var value: JSONValue = [:]
        value[path: ["metadata", "annotations", "a"]] = "b"
        #expect(value == ["metadata": ["annotations": ["a": "b"]]])
    }

    @Test func pathSetReplacesNonObjectIntermediates() {
        var value: JSONValue = ["spec": "oops", "other": 1]
        value[path: ["spec", "replicas"]] = 3
        #expect(value == ["spec": ["replicas": 3], "other": 1])
    }

    @Test func pathSetNilRemovesTheKey() {
        var value: JSONValue = ["metadata": ["name": "web", "resourceVersion": "5"]]
        value[path: ["metadata", "resourceVersion"]] = nil
        #expect(value == ["metadata": ["name": "web"]])
        value[path: ["metadata"]] = nil
        #expect(value == [:])
    }

    @Test func pathSetWithEmptyPathReplacesTheValue() {
        var value: JSONValue = ["a": 1]
        value[path: []] = [1, 2]
        #expect(value == [1, 2])
        value[path: []] = nil
        #expect(value == [1, 2])
    }

    @Test func pathSetOnNonObjectIsIgnored() {
        var value: JSONValue = "text"
        value[path: ["a"]] = 1
        #expect(value == "text")
        var array: JSONValue = [["a": 1]]
        array[path: ["a", "b"]] = 2
        #expect(array == [["a": 1]])
    }

    @Test func codableMatchesTheParser() throws {
        let text = #"{"a":[1,2.5,"x",null,true,{"b":[]}]}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try decoded == parse(text))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try encoder.encode(decoded)
        #expect(try parse(String(decoding: encoded, as: UTF8.self)) == decoded)
    }
}
