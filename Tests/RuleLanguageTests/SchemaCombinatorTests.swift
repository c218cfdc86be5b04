import Testing
@testable import RuleLanguage

/// Diagnostics from hand-written schemas: combinators report one branch, not all of them,
/// and the keywords our shipped schemas do not use still get plain-words messages.
@Suite struct SchemaCombinatorTests {
    func diagnostics(_ schema: String, _ yaml: String) throws -> [Diagnostic] {
        let compiled = try JSONSchema(jsonText: schema, name: "t.schema.json")
        let root = try #require(YAMLParser.parse(text: yaml, path: "t.yaml").root)
        let found = compiled.validate(root)
        #expect(found.isEmpty == compiled.isValid(root))
        return found
    }

    @Test func anyOfWhereEveryBranchRejectsTheTypeMergesTheTypes() throws {
        let found = try diagnostics(#"{"properties": {"a": {"anyOf": [{"type": "number"}, {"type": "string"}]}}}"#, "a: [1]\n")
        #expect(found.count == 1)
        #expect(found.first?.code == .wrongType)
        #expect(found.first?.help == "expected text or a number, got a list")
    }

    @Test func anyOfReportsTheClosestBranchOnly() throws {
        let schema = #"""
        {"properties": {"size": {"anyOf": [
            {"type": "object", "required": ["shares"], "properties": {"shares": {"type": "number", "minimum": 1}}},
            {"type": "string"}
        ]}}}
        """#
        let found = try diagnostics(schema, "size: { shares: 0 }\n")
        #expect(found.map(\.code) == [.outOfRange])
        #expect(found.first?.help == "must be at least 1, got 0")
    }

    @Test func oneOfMatchingSeveralBranchesIsOneViolation() throws {
        let found = try diagnostics(#"{"oneOf": [{"type": "object"}, {"required": ["a"]}], "x-help": "pick one form"}"#, "a: 1\n")
        #expect(found.map(\.code) == [.schemaViolation])
        #expect(found.first?.message == "the top level of the file fits more than one of the allowed forms")
        #expect(found.first?.help == "pick one form")
    }

    @Test func notAndFalseSchemasAndIfThenElse() throws {
        let not = try diagnostics(#"{"properties": {"a": {"not": {"const": 0}, "x-help": "zero is not allowed"}}}"#, "a: 0\n")
        #expect(not.map(\.message) == ["'a' has a value that is not allowed here"])
        #expect(not.first?.help == "zero is not allowed")
        let forbidden = try diagnostics(#"{"properties": {"b": false}}"#, "a: 1\nb: 2\n")
        #expect(forbidden.map(\.message) == ["'b' is not allowed at the top level"])
        #expect(forbidden.first?.span.start == SourceLocation(line: 2, column: 1))
        let conditional = #"{"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}"#
        #expect(try diagnostics(conditional, "a: 1\n").map(\.message) == ["missing required key 'b' at the top level"])
        #expect(try diagnostics(conditional, "d: 1\n").map(\.message) == ["missing required key 'c' at the top level"])
        #expect(try diagnostics(conditional, "a: 1\nb: 2\n").isEmpty)
    }

    @Test func dependentRequiredPointsAtTheKeyThatNeedsIt() throws {
        let found = try diagnostics(#"{"dependentRequired": {"stop": ["limit"]}}"#, "x: 1\nstop: 5\n")
        #expect(found.map(\.code) == [.missingKey])
        #expect(found.first?.message == "'stop' needs 'limit' next to it at the top level")
        #expect(found.first?.span.start == SourceLocation(line: 2, column: 1))
    }

    @Test func otherKeywordsHavePlainWords() throws {
        let schema = #"""
        {"properties": {
            "step": {"multipleOf": 0.5},
            "tags": {"maxItems": 1},
            "name": {"maxLength": 3, "minLength": 2},
            "kind": {"const": "fixed"},
            "opts": {"minProperties": 1, "maxProperties": 1}
        }}
        """#
        let found = try diagnostics(schema, "step: 0.7\ntags: [a, b]\nname: abcd\nkind: open\nopts: {}\n")
        #expect(found.map(\.message) == [
            "'step' must be a multiple of 0.5",
            "'tags' has too many items",
            "'name' is too long",
            "'kind' must be fixed",
            "'opts' needs at least 1 key",
        ])
        #expect(found.map(\.code) == [.schemaViolation, .badListLength, .badFormat, .valueNotAllowed, .schemaViolation])
        #expect(found[2].help == "use at most 3 characters, got 4")
        #expect(found[3].fixIt?.replacement == "fixed")
        #expect(try diagnostics(schema, "name: a\n").first?.help == "use at least 2 characters, got 1")
    }

    @Test func recursiveReferencesWork() throws {
        let tree = ##"{"$defs": {"node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}}, "additionalProperties": false}}, "$ref": "#/$defs/node"}"##
        #expect(try diagnostics(tree, "kids: [{ kids: [] }, { kids: [{}] }]\n").isEmpty)
        let found = try diagnostics(tree, "kids: [{ kids: [{ kid: [] }] }]\n")
        #expect(found.map(\.message) == ["unknown key 'kid' in kids › item 1 › kids › item 1"])
        #expect(found.first?.help == "did you mean 'kids'?")
    }

    @Test func schemaErrorsNameTheFileAndPlace() {
        #expect(throws: SchemaError.invalidKeyword(file: "s.json", pointer: "/properties/a/minimum", message: "expected a number")) {
            try JSONSchema(jsonText: #"{"properties": {"a": {"minimum": "3"}}}"#, name: "s.json")
        }
        #expect(throws: SchemaError.unsupported(file: "s.json", pointer: "", message: "$ref \"other.json#/a\" is not a local JSON pointer")) {
            try JSONSchema(jsonText: #"{"$ref": "other.json#/a"}"#, name: "s.json")
        }
        #expect(throws: SchemaError.invalidKeyword(file: "s.json", pointer: "", message: "$ref \"#/$defs/missing\" points to nothing")) {
            try JSONSchema(jsonText: ##"{"$ref": "#/$defs/missing"}"##, name: "s.json")
        }
        #expect(throws: SchemaError.self) { try JSONSchema(jsonText: #"{"pattern": "(unclosed"}"#, name: "s.json") }
        #expect(throws: SchemaError.self) { try JSONSchema(jsonText: #"{"type": "decimal"}"#, name: "s.json") }
        #expect(throws: SchemaError.self) { try JSONSchema(jsonText: #"{"properties": {"a": {"$id": "x.json"}}}"#, name: "s.json") }
        #expect(throws: SchemaError.self) { try JSONSchema(jsonText: "[]", name: "s.json") }
    }
}
