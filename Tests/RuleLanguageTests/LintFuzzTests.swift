import Foundation
import Testing
@testable import RuleLanguage

/// Never crash: thousands of mutants of the shipped files and the fixtures, each linted.
/// The linter must return (no trap), every diagnostic must point inside the file, and a
/// file with errors must never come back as a checked strategy or policy.
///
/// Deterministic: mutant `i` is built from seed `seed ^ i`, so a failure names the mutant
/// to reproduce. `LINT_FUZZ_COUNT=100000 swift test --filter LintFuzzTests` runs longer;
/// `LINT_FUZZ_SEED` picks another seed.
@Suite struct LintFuzzTests {
    typealias Support = LintFixtureSupport

    static let defaultCount = 3_000
    static var count: Int { ProcessInfo.processInfo.environment["LINT_FUZZ_COUNT"].flatMap(Int.init) ?? defaultCount }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["LINT_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_0003 }

    /// The shipped examples and every fixture file, as bytes.
    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        var files = Support.shippedFiles()
        files += Support.fixtureNames().map { "\(Support.displayDirectory)/\($0)" }
        return files.compactMap { path in
            var isDirectory: ObjCBool = false
            let url = Support.root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: url.path) else { return nil }
            return (path, [UInt8](data))
        }
    }

    /// The mutants are split into slices that run in parallel.
    static let slices = 6

    @Test(arguments: 0..<slices)
    func mutantsNeverCrashAndAlwaysPointInsideTheFile(slice: Int) throws {
        let corpus = try Self.corpus()
        try #require(corpus.count > 10)
        var failures: [String] = []
        var withErrors = 0
        let mutants = Array(stride(from: slice, to: Self.count, by: Self.slices))
        for i in mutants {
            var mutator = YAMLMutator(seed: Self.seed ^ UInt64(i))
            let base = corpus[mutator.int(corpus.count)]
            let (bytes, kinds) = mutator.mutate(base.bytes)
            let path = "fuzz/\(i).yaml"
            let file = Support.linter.lint(bytes: bytes, path: path)
            if file.diagnostics.hasErrors { withErrors += 1 }
            let problems = Self.problems(in: file, bytes: bytes)
            if !problems.isEmpty {
                failures.append("mutant \(i) of \(base.name) (\(kinds)): \(problems.joined(separator: "; "))\n"
                    + Self.excerpt(bytes))
            }
            if failures.count >= 5 { break }   // enough to see the pattern
        }
        #expect(failures.isEmpty, "\(failures.count) bad mutant(s), seed \(Self.seed):\n\(failures.joined(separator: "\n\n"))")
        // The mutations must actually break files most of the time, or this test proves little.
        if failures.isEmpty {
            #expect(withErrors > mutants.count / 3, "only \(withErrors) of \(mutants.count) mutants had errors")
        }
    }

    /// Checks one linted mutant; returns what is wrong with it.
    static func problems(in file: LintedFile, bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let text = Self.lines(bytes)
        let lines = text.map(\.unicodeScalars.count)
        func check(_ span: SourceSpan, _ what: String) {
            let s = span.start, e = span.end
            if span.file != file.path { problems.append("\(what) is in file '\(span.file)'") }
            guard s.line >= 1, s.column >= 1, s.line <= lines.count else {
                problems.append("\(what) starts at \(s.line):\(s.column), outside the file's \(lines.count) lines")
                return
            }
            if s.column > lines[s.line - 1] + 1 {
                problems.append("\(what) starts at \(s.line):\(s.column) but line \(s.line) has \(lines[s.line - 1]) characters")
            }
            if let source = file.source, source.line(s.line) != text[s.line - 1] {
                problems.append("\(what) quotes line \(s.line) as \(source.line(s.line).debugDescription), but it is \(text[s.line - 1].debugDescription)")
            }
            // The end is exclusive; a caret just past the last character ("something is
            // missing here") ends one column further.
            if e < s || e.line > lines.count || e.column > lines[e.line - 1] + 2 {
                problems.append("\(what) ends at \(e.line):\(e.column), outside the file")
            }
        }
        for d in file.diagnostics {
            check(d.span, "\(d.code) '\(d.message)'")
            for note in d.notes { if let span = note.span { check(span, "note of \(d.code)") } }
            if let fix = d.fixIt { check(fix.span, "fix-it of \(d.code)") }
            if d.message.isEmpty { problems.append("\(d.code) has an empty message") }
        }
        if file.diagnostics.hasErrors, file.strategy != nil || file.policy != nil || file.config != nil {
            problems.append("a file with errors produced a checked \(file.strategy != nil ? "strategy" : "policy")")
        }
        // The schema stage and the checkers together leave no gap: no errors means usable.
        if !file.diagnostics.hasErrors, file.strategy == nil, file.policy == nil, file.config == nil, file.kind != nil {
            problems.append("a \(file.kind!) without errors produced nothing")
        }
        // Rendering is part of linting: it must not trap either, and quotes only real lines.
        let run = LintRun(files: [file])
        _ = run.render(.json)
        let rendered = run.render(.text)
        if !rendered.hasSuffix("checked: \(file.diagnostics.errorCount) error\(file.diagnostics.errorCount == 1 ? "" : "s"), "
                            + "\(file.diagnostics.warningCount) warning\(file.diagnostics.warningCount == 1 ? "" : "s")\n") {
            problems.append("text rendering lacks the summary line")
        }
        return problems
    }

    /// The file's lines, split where libyaml splits them: LF, CR LF, CR, NEL, LS, PS.
    /// Measured on the text the linter sees (BOM removed; after a UTF-8 error, lossy).
    static func lines(_ input: [UInt8]) -> [String] {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var lines: [String] = []
        var start = 0, i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" else { i += 1; continue }
            lines.append(String(String.UnicodeScalarView(scalars[start..<i])))
            i += c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" ? 2 : 1
            start = i
        }
        lines.append(String(String.UnicodeScalarView(scalars[start...])))
        return lines
    }

    static func excerpt(_ bytes: [UInt8]) -> String {
        let shown = bytes.count > 600 ? Array(bytes.prefix(600)) : bytes
        return String(decoding: shown, as: UTF8.self).debugDescription + (bytes.count > 600 ? " … (\(bytes.count) bytes)" : "")
    }

    /// Inputs the random mutants might miss: each must lint without trapping.
    @Test(arguments: [
        String(repeating: "(", count: 100_000),
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: " + String(repeating: "(", count: 50_000) + "close",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: " + String(repeating: "not ", count: 50_000) + "close > 1",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: " + String(repeating: "-", count: 50_000) + "close > 1",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: close" + String(repeating: " + close", count: 50_000) + " > 1",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: close" + String(repeating: "[1]", count: 50_000) + " > 1",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: " + String(repeating: "abs(", count: 50_000) + "close" + String(repeating: ")", count: 50_000),
        "policy: p\nlimits: {}\nrules:\n  - id: r\n    when: symbol in [" + Array(repeating: "\"SPY\"", count: 50_000).joined(separator: ", ") + "]\n    outcome: block\n    reason: x",
        String(repeating: "[", count: 100_000),
        String(repeating: "- ", count: 10_000) + "x",
        String(repeating: "a: ", count: 10_000) + "x",
        "\u{FEFF}strategy: s\r\nsymbols: [SPY]\r\nrules:\r\n  - id: r\r\n    when: clos > 1\r\n    action: sell_all\r\n",
        "strategy: s\rsymbols: [SPY]\rrules:\r  - id: r\r    when: clos > 1\r    action: sell_all\r",
        "strategy: s\u{2028}symbols: [SPY]\u{2028}rules:\u{2028}  - id: r\u{2028}    when: clos > 1\u{2028}    action: sell_all\n",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: \"clos\\t> 1\"\n    action: sell_all\n",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: >\n      clos\n      > 1\n    action: sell_all\n",
        "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: 'é𝄞 > clos'\n    action: sell_all\n",
        "\0", "\t", "\u{FEFF}", "---\n...\n", "%YAML 1.2\n---\nstrategy: s\n", "? [a]\n: b\n", "{[a]: 1}",
    ])
    func hostileInputsLintWithoutTrapping(_ text: String) {
        let bytes = Array(text.utf8)
        let file = Support.linter.lint(bytes: bytes, path: "hostile.yaml")
        let problems = Self.problems(in: file, bytes: bytes)
        #expect(problems.isEmpty, "\(problems)\n\(Self.excerpt(bytes))")
    }

    @Test func oversizedFileIsRefusedWithALocation() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: YAMLParser.maxBytes + 1)
        let file = Support.linter.lint(bytes: bytes, path: "big.yaml")
        #expect(file.diagnostics.map(\.code) == [.unreadableFile])
        #expect(file.diagnostics.first?.span.start == SourceLocation(line: 1, column: 1))
    }

    @Test func mutatorIsDeterministic() {
        let base = Array("strategy: s\nsymbols: [SPY]\n".utf8)
        var a = YAMLMutator(seed: 42), b = YAMLMutator(seed: 42)
        for _ in 0..<50 { #expect(a.mutate(base).bytes == b.mutate(base).bytes) }
    }
}
