import Testing
@testable import RuleLanguage

/// Thousands of small random edits of the shipped files: the schema stage must never trap,
/// must agree with `isValid`, and must give every finding a location inside the file.
@Suite struct SchemaMutationTests {
    /// A fixed-seed generator so a failure reproduces (SplitMix64).
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [" ", "\n", "-", ":", "[", "]", "{", "}", ",", "'", "0", "1.5", "-3", "true", "null", "x", "SPY",
                         "size", "shares", "rules", "  - ", "é", "~", "percent_of_equity: ", "fractional: true"]

    func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0...scalars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where at < scalars.count:
                scalars.removeSubrange(at..<min(scalars.count, at + Int.random(in: 1...8, using: &rng)))
            default:
                scalars.insert(contentsOf: Self.pieces.randomElement(using: &rng)!.unicodeScalars, at: at)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test(arguments: ["strategies/sma.yaml", "rules/limits.yaml"])
    func mutatedFilesGetLocatedDiagnostics(_ path: String) throws {
        let original = try SchemaTestSupport.read(path)
        var rng = SeededGenerator(state: 20_261_125)
        var validated = 0, invalid = 0
        for _ in 0..<800 {
            let text = mutate(original, &rng)
            let parsed = YAMLParser.parse(text: text, path: path)
            guard let root = parsed.root, parsed.diagnostics.isEmpty else { continue }
            let lines = parsed.source?.lineCount ?? 0
            for schema in [BundledSchemas.strategy, BundledSchemas.policy] {
                let diagnostics = schema.validate(root)
                validated += 1
                if !diagnostics.isEmpty { invalid += 1 }
                #expect(diagnostics.isEmpty == schema.isValid(root), "\(text)")
                for d in diagnostics {
                    #expect(d.span.file == path && d.span.start.line >= 1 && d.span.start.line <= lines, "\(d) in\n\(text)")
                    #expect(!d.message.isEmpty && d.help?.isEmpty != true)
                    #expect((10...18).contains(Int(d.code.rawValue.dropFirst()) ?? 0), "\(d.code)")
                }
            }
        }
        #expect(validated > 300 && invalid > 100, "the mutations should reach the schema stage often: \(validated), \(invalid)")
    }
}
