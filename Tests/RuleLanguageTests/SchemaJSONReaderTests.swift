import Testing
@testable import RuleLanguage

/// The strict JSON reader that schema files and the conformance suite go through.
@Suite struct SchemaJSONReaderTests {
    @Test func keepsOrderTypesAndPositions() throws {
        let root = try JSONReader.parse("{\n  \"b\": 1,\n  \"a\": [true, null, -2.5e1, \"x\"]\n}", path: "t.json")
        #expect(root.entries?.map(\.key) == ["b", "a"])
        #expect(root["b"]?.number == 1)
        #expect(root["b"]?.bool == nil)
        let items = try #require(root["a"]?.items)
        #expect(items[0].bool == true)
        #expect(items[2].number == -25)
        #expect(items[3].string == "x")
        #expect(root.entries?[1].keySpan == SourceSpan(file: "t.json", line: 3, column: 3, length: 3))
        #expect(items[3].span == SourceSpan(file: "t.json", line: 3, column: 29, length: 3))
    }

    @Test func decodesEscapesAndCountsColumnsInCharacters() throws {
        let root = try JSONReader.parse(#"{"é": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "k": 1}"#, path: "t.json")
        #expect(root["é"]?.string == "a\"\\/\u{08}\u{0C}\n\r\té😀")
        #expect(root.entries?[1].keySpan.start == SourceLocation(line: 1, column: 46))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "-", "1e", "tru", "nul", "'a'", "\"a", "\"\t\"",
        "{\"a\" 1}", "{a: 1}", "[1 2]", "1 2", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u12\"", "{\"a\": 1, \"a\": 2}",
        "NaN", "Infinity",
    ])
    func rejectsWhatIsNotJSON(_ text: String) {
        #expect(throws: SchemaError.self) { try JSONReader.parse(text, path: "t.json") }
    }

    @Test func refusesRunawayNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: SchemaError.self) { try JSONReader.parse(deep, path: "t.json") }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONReader.parse(fine, path: "t.json") }
    }

    @Test func errorsSayWhere() {
        #expect(throws: SchemaError.invalidJSON(file: "t.json", line: 2, column: 3, message: "expected ',' or '}'")) {
            try JSONReader.parse("{\"a\": 1\n  \"b\": 2}", path: "t.json")
        }
    }
}
