import Foundation
import Testing
@testable import RuleLanguage

/// `Tests/Fixtures/lint/<CODE>-<name>.yaml`: one realistic file per mistake, and next to it
/// `<CODE>-<name>.expected`, exactly what `algobot lint` prints for it. After an intended
/// change to a message, run `scripts/update-lint-fixtures.sh` (or
/// `UPDATE_LINT_FIXTURES=1 swift test --filter LintFixtureTests`) and review the diff.
@Suite struct LintFixtureTests {
    typealias Support = LintFixtureSupport

    @Test func thereAreFixtures() {
        #expect(Support.fixtureNames().count >= 40)
    }

    @Test(arguments: Support.fixtureNames())
    func fixtureMatchesItsExpectedOutput(_ name: String) throws {
        let rendered = Support.lintFixture(name).render(.text)
        let expectedURL = Support.directory.appendingPathComponent(Support.expectedName(name))
        if Support.updating {
            try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try #require(try? String(contentsOf: expectedURL, encoding: .utf8),
                                    "\(Support.expectedName(name)) is missing; run scripts/update-lint-fixtures.sh")
        #expect(rendered == expected, """
            \(name): the linter's output differs from \(Support.expectedName(name)) (- expected, + actual):
            \(Support.diff(expected: expected, actual: rendered))
            If the change is intended, run scripts/update-lint-fixtures.sh and review the diff.
            """)
    }

    /// The code in a fixture's name is the code it is about, and a file with an error is
    /// never handed on as a checked strategy or policy.
    @Test(arguments: Support.fixtureNames())
    func fixtureProducesTheCodeInItsName(_ name: String) {
        let code = DiagnosticCode(String(name.prefix(4)))
        let file = Support.lintFixture(name).files[0]
        #expect(file.diagnostics.contains { $0.code == code }, "\(name) does not produce \(code)")
        if code.defaultSeverity == .warning {
            #expect(!file.diagnostics.hasErrors, "\(name) is about a warning but also has errors")
        }
        if file.diagnostics.hasErrors {
            #expect(file.strategy == nil && file.policy == nil)
        }
    }

    @Test func everyExpectedFileBelongsToAFixture() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Support.directory.path)
        let fixtures = Set(Support.fixtureNames().map(Support.expectedName))
        for name in names where name.hasSuffix(".expected") {
            #expect(fixtures.contains(name), "\(name) has no .yaml next to it")
        }
    }

    @Test func theTwoExampleFilesShip() {
        #expect(Set(["strategies/sma.yaml", "rules/limits.yaml"]).isSubset(of: Support.shippedFiles()))
    }

    @Test(arguments: Support.shippedFiles())
    func shippedFilesLintClean(_ path: String) throws {
        let text = try Support.read(path)
        let file = Support.linter.lint(text: text, path: path)
        #expect(file.diagnostics.isEmpty, "\(LintRun(files: [file]).render(.text))")
        #expect(file.strategy != nil || file.policy != nil)
    }

    @Test func directoryWalkFindsEveryFixtureAndTheUnreadableOne() throws {
        let run = try Support.linter.lint(paths: [Support.directory.path])
        #expect(run.files.count == Support.fixtureNames().count)
        let unreadable = try #require(run.files.first { $0.path.hasSuffix("E009-unreadable.yaml") })
        #expect(unreadable.diagnostics.map(\.code) == [.unreadableFile])
    }

    /// The `--format json` contract, checked on a fixture with a help line and a fix-it.
    @Test func jsonRenderingHasTheDocumentedShape() throws {
        let output = Support.lintFixture("E021-unknown-function.yaml").render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["files", "errors", "warnings", "diagnostics"])
        #expect(object["files"] as? Int == 1)
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 0)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let d = try #require(diagnostics.first)
        for key in ["file", "line", "column", "end_line", "end_column", "code", "severity", "message", "help", "notes"] {
            #expect(d[key] != nil, "diagnostic has no '\(key)'")
        }
        #expect(d["file"] as? String == "Tests/Fixtures/lint/E021-unknown-function.yaml")
        #expect(d["line"] as? Int == 11)
        #expect(d["column"] as? Int == 25)
        #expect(d["end_line"] as? Int == 11)
        #expect(d["end_column"] as? Int == 29)
        #expect(d["code"] as? String == "E021")
        #expect(d["severity"] as? String == "error")
        #expect(d["message"] as? String == "unknown function 'smaa'")
        #expect(d["help"] as? String == "did you mean 'sma'?")
        let fix = try #require(d["fix"] as? [String: Any])
        #expect(fix["replacement"] as? String == "sma")
        // Output a program compares must not depend on dictionary order.
        #expect(output == Support.lintFixture("E021-unknown-function.yaml").render(.json))
        #expect(output.range(of: "\"code\"")!.lowerBound < output.range(of: "\"column\"")!.lowerBound)
    }

    /// `help` is always present: `null` when a diagnostic has no help line.
    @Test func jsonHelpIsNullWhenThereIsNone() throws {
        let text = "strategy: s\nsymbols: [SPY]\nrules:\n  - id: r\n    when: close + (close > open) > 1\n    action: sell_all\n"
        let output = LintRun(files: [Support.linter.lint(text: text, path: "s.yaml")]).render(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let d = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(d["code"] as? String == "E024")
        #expect(d["help"] is NSNull, "\(output)")
        #expect(d["fix"] == nil)

        let clean = Support.linter.lint(text: try Support.read("strategies/sma.yaml"), path: "strategies/sma.yaml")
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(LintRun(files: [clean]).render(.json).utf8)) as? [String: Any])
        #expect((empty["diagnostics"] as? [Any])?.isEmpty == true)
        #expect(empty["errors"] as? Int == 0 && empty["files"] as? Int == 1)
    }
}
