import Foundation
import Testing
import Vocabulary

/// The one JSON writer: the report's layout, the log handler's and the simulator's one-line
/// form with sorted keys, and the quoting all three share.
@Suite struct JSONValueTests {
    private let document: JSONValue = .object([
        ("name", .string("sma")), ("empty", .array([])), ("none", .object([])),
        ("list", .array([.number(1.5), .int(-7), .null, .bool(true)])),
        ("nested", .object([("a", .object([("b", .string("c"))]))])),
    ])

    @Test func prettyTextIndentsByTwoSpaces() {
        #expect(document.serialized() == """
            {
              "name": "sma",
              "empty": [],
              "none": {},
              "list": [
                1.5,
                -7,
                null,
                true
              ],
              "nested": {
                "a": {
                  "b": "c"
                }
              }
            }
            """)
        #expect(JSONValue.array([.int(1)]).serialized(indent: 1) == "[\n    1\n  ]")
    }

    @Test func compactTextHasNoSpaces() {
        #expect(document.serialized(pretty: false)
                == #"{"name":"sma","empty":[],"none":{},"list":[1.5,-7,null,true],"nested":{"a":{"b":"c"}}}"#)
        #expect(String(decoding: document.data, as: UTF8.self) == document.serialized(pretty: false))
        var out = Array("x".utf8)
        JSONValue.bool(false).write(into: &out)
        #expect(out == Array("xfalse".utf8))
    }

    @Test func dictionariesAreWrittenWithSortedKeys() {
        let value = JSONValue.object(["time": .string("t"), "level": .string("info"), "a": .int(1)])
        #expect(value.serialized(pretty: false) == #"{"a":1,"level":"info","time":"t"}"#)
        #expect(value["level"] == .string("info"))
        #expect(value["missing"] == nil)
        #expect(JSONValue.string(nil) == .null)
    }

    @Test func numbers() {
        #expect(JSONValue.numberText(173) == "173")
        #expect(JSONValue.numberText(-0.0) == "0")
        #expect(JSONValue.numberText(174.78) == "174.78")
        #expect(JSONValue.numberText(1e15) == "1000000000000000.0")
        #expect(JSONValue.numberText(1e20) == "1e+20")
        #expect(JSONValue.numberText(.nan) == "null")
        #expect(JSONValue.int(Int64.min).serialized() == "-9223372036854775808")
        #expect(JSONValue.int(9_007_199_254_740_993).serialized() == "9007199254740993")
        #expect(JSONValue.int(2) == .number(2))
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(JSONText.quote("plain") == #""plain""#)
        #expect(JSONText.quote("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
        #expect(JSONText.quote("\u{1}\u{1b}\u{7f}") == "\"\\u0001\\u001b\u{7f}\"")
        #expect(JSONText.quote("née — 株 🙂") == "\"née — 株 🙂\"")
        #expect(JSONValue.object([("k\"ey", .string("v"))]).serialized(pretty: false) == #"{"k\"ey":"v"}"#)
    }

    @Test func parsedDocumentsHaveSortedKeysAndExactIntegers() throws {
        let parsed = try #require(JSONValue.parse(Data(#"{"qty": "2", "b": [1, 2.5, null, false], "a": {"z": 1, "y": "x"}}"#.utf8)))
        #expect(parsed.serialized(pretty: false) == #"{"a":{"y":"x","z":1},"b":[1,2.5,null,false],"qty":"2"}"#)
        #expect(parsed["qty"]?.stringValue == "2")
        #expect(JSONValue.parse(Data("12345678901234567".utf8)) == .int(12_345_678_901_234_567))
        #expect(JSONValue.parse(Data("{".utf8)) == nil)
    }
}
