import Foundation
import Testing
@testable import RuleLanguage

/// The examples in the docs are real: every ```yaml block in docs/RULES.md and every fixed
/// example in docs/errors.md lints clean, and every ```yaml bad example in docs/errors.md
/// prints exactly the diagnostic quoted in the ```text block after it.
/// `UPDATE_LINT_FIXTURES=1` rewrites those quoted outputs.
@Suite struct DocExampleTests {
    typealias Support = LintFixtureSupport

    /// The path a docs example is linted under when its output is not quoted.
    static func lintClean(_ block: MarkdownBlocks.Block, in document: String) {
        let path = "\(document):\(block.line)"
        let file = Support.linter.lint(text: block.body, path: path)
        #expect(file.diagnostics.isEmpty, """
            the example at \(path) (section '\(block.section)') should lint clean, but:
            \(LintRun(files: [file]).render(.text))
            """)
        #expect(file.strategy != nil || file.policy != nil || file.config != nil, "the example at \(path) is not a usable file")
    }

    /// What `algobot lint <path>` prints for `text`, without the closing `N files checked` line.
    static func diagnostics(of text: String, path: String) -> String {
        let rendered = LintRun(files: [Support.linter.lint(text: text, path: path)]).render(.text)
        var lines = rendered.components(separatedBy: "\n")
        while lines.last == "" { lines.removeLast() }
        if lines.last?.contains(" checked: ") == true { lines.removeLast() }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func rulesReferenceExamplesLintClean() throws {
        let doc = MarkdownBlocks(try Support.read("docs/RULES.md"))
        let examples = doc.blocks.filter { $0.language == "yaml" && !$0.isBad }
        #expect(examples.count >= 6, "docs/RULES.md should show complete example files")
        for block in examples { Self.lintClean(block, in: "docs/RULES.md") }
    }

    /// RULES.md shows the shipped files as they are.
    @Test(arguments: ["strategies/sma.yaml", "rules/limits.yaml"])
    func rulesReferenceQuotesTheShippedFile(_ path: String) throws {
        let doc = MarkdownBlocks(try Support.read("docs/RULES.md"))
        let shipped = try Support.read(path)
        #expect(doc.blocks.contains { $0.language == "yaml" && $0.body == shipped }, "docs/RULES.md no longer shows \(path) as shipped")
    }

    /// The single conditions in docs/RULES.md (```text conditions blocks and the example column
    /// of the functions table) are valid strategy conditions.
    @Test func rulesConditionExamplesAreValid() throws {
        let text = try Support.read("docs/RULES.md")
        let doc = MarkdownBlocks(text)
        var conditions = doc.blocks.filter { $0.info == "text conditions" }
            .flatMap { $0.body.components(separatedBy: "\n") }.filter { !$0.isEmpty }
        let functions = try #require(text.components(separatedBy: "\n## Functions").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        for line in functions.components(separatedBy: "\n") where line.hasPrefix("| `") {
            let example = line.split(separator: "|").last!.trimmingCharacters(in: .whitespaces)
            conditions.append(String(example.dropFirst().dropLast()))
        }
        #expect(conditions.count >= 15)
        for condition in conditions {
            let yaml = "strategy: example\nsymbols: [SPY]\nparams:\n  fast: 10\n  slow: 30\nrules:\n  - id: r\n    when: \(condition)\n    action: sell_all\n"
            let file = Support.linter.lint(text: yaml, path: "example.yaml")
            #expect(!file.diagnostics.hasErrors, "docs/RULES.md example '\(condition)':\n\(LintRun(files: [file]).render(.text))")
        }
    }

    /// The warm-up table in docs/RULES.md states what the checker computes.
    @Test func rulesWarmUpTableIsRight() throws {
        let text = try Support.read("docs/RULES.md")
        let section = try #require(text.components(separatedBy: "\n## Warm-up").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        var rows = 0
        for line in section.components(separatedBy: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let condition = String(cells[0].dropFirst().dropLast())
            let stated = cells[1].components(separatedBy: "=").last!
                .trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }
            let yaml = "strategy: warm-up\nsymbols: [SPY]\nrules:\n  - id: r\n    when: \(condition)\n    action: sell_all\n"
            let strategy = try #require(Support.linter.lint(text: yaml, path: "warm-up.yaml").strategy, "\(condition)")
            #expect(strategy.rules[0].lookback == Int(stated), "docs/RULES.md says \(condition) warms up in \(stated) bars")
            rows += 1
        }
        #expect(rows >= 5)
    }

    @Test func errorsFixedExamplesLintClean() throws {
        let doc = MarkdownBlocks(try Support.read("docs/errors.md"))
        for block in doc.blocks where block.language == "yaml" && !block.isBad {
            Self.lintClean(block, in: "docs/errors.md")
        }
    }

    /// Each code's section has a quoted diagnostic with that code and a fixed example; every
    /// code whose mistake can be written as text also has a bad example.
    @Test func everyErrorsSectionHasBadOutputAndFix() throws {
        let doc = MarkdownBlocks(try Support.read("docs/errors.md"))
        let unwritable: Set<String> = ["E005", "E009"]   // invalid bytes; a file that cannot be read
        for (code, _) in DiagnosticCode.catalog {
            let blocks = doc.blocks.filter { $0.sectionCode == code.rawValue }
            #expect(blocks.contains { $0.language == "text" && $0.body.contains("[\(code)]") },
                    "docs/errors.md \(code): no ```text block quoting the diagnostic")
            #expect(blocks.contains { $0.language == "yaml" && !$0.isBad }, "docs/errors.md \(code): no fixed ```yaml example")
            if !unwritable.contains(code.rawValue) {
                #expect(blocks.contains { $0.language == "yaml" && $0.isBad }, "docs/errors.md \(code): no ```yaml bad example")
            }
        }
    }

    /// Quoted diagnostics without a bad example above them (the introduction, E005, E009)
    /// still use the linter's exact words: each message and help line appears in a fixture.
    @Test func errorsUncheckedQuotesUseRealMessages() throws {
        let doc = MarkdownBlocks(try Support.read("docs/errors.md"))
        var known = ""
        for name in Support.fixtureNames() {
            known += (try? String(contentsOf: Support.directory.appendingPathComponent(Support.expectedName(name)),
                                  encoding: .utf8)) ?? ""
        }
        for (i, block) in doc.blocks.enumerated() where block.language == "text" {
            if i > 0, doc.blocks[i - 1].isBad { continue }
            for line in block.body.components(separatedBy: "\n") {
                guard let marker = line.range(of: "error[") ?? line.range(of: "warning[") ?? line.range(of: "  help: ") else { continue }
                let words = String(line[marker.lowerBound...])
                #expect(known.contains(words), "docs/errors.md:\(block.line): '\(words)' is not something the linter prints")
            }
        }
    }

    @Test func errorsBadExamplesPrintTheQuotedDiagnostic() throws {
        var doc = MarkdownBlocks(try Support.read("docs/errors.md"))
        var changed = false
        for i in doc.blocks.indices where doc.blocks[i].language == "yaml" && doc.blocks[i].isBad {
            let bad = doc.blocks[i]
            let code = DiagnosticCode(bad.sectionCode)
            guard i + 1 < doc.blocks.count, doc.blocks[i + 1].language == "text" else {
                Issue.record("docs/errors.md:\(bad.line): a ```yaml bad block must be followed by the ```text output")
                continue
            }
            let quoted = doc.blocks[i + 1]
            // The path of the first line only: a stray line above it must not become part of it.
            let path = String(quoted.body.prefix { $0 != ":" && $0 != "\n" })
            let actual = Self.diagnostics(of: bad.body, path: path)
            if Support.updating, actual != quoted.body {
                doc.replaceBody(of: i + 1, with: actual)
                changed = true
                continue
            }
            #expect(actual.contains("[\(code)]"), "docs/errors.md:\(bad.line): the bad example for \(code) does not produce it")
            #expect(actual == quoted.body, """
                docs/errors.md:\(quoted.line): the quoted output for \(code) differs from what the linter prints (- quoted, + actual):
                \(Support.diff(expected: quoted.body, actual: actual))
                Run scripts/update-lint-fixtures.sh to refresh it.
                """)
        }
        if changed {
            try doc.text.write(to: Support.root.appendingPathComponent("docs/errors.md"), atomically: true, encoding: .utf8)
        }
    }
}
