import Foundation
@testable import RuleLanguage

/// Where the lint fixtures live and how a fixture is linted, shared by the fixture, coverage,
/// docs and fuzz tests. Everything is located from `#filePath`, never the working directory.
enum LintFixtureSupport {
    /// The package root: `Tests/RuleLanguageTests/<this file>` → up three levels.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// How fixture paths appear in diagnostics and `.expected` files.
    static let displayDirectory = "Tests/Fixtures/lint"
    static let directory = root.appendingPathComponent(displayDirectory)

    /// The symbols with bundled data, as `algobot lint` sees them.
    static let knownSymbols: Set<String> = ["SPY", "QQQ", "AAPL", "IWM", "GOOGL", "EEM", "IBM"]
    static let linter = Linter(knownSymbols: knownSymbols)

    /// `UPDATE_LINT_FIXTURES=1` rewrites `.expected` files and the outputs quoted in docs/errors.md.
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_LINT_FIXTURES"] == "1" }

    /// Every `*.yaml` entry of the fixture directory, sorted. Directories count too:
    /// `E009-unreadable.yaml` is one on purpose.
    static func fixtureNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// The example files that ship in `strategies/` and `rules/`.
    static func shippedFiles() -> [String] {
        ["strategies", "rules"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    static func expectedName(_ fixture: String) -> String {
        String(fixture.dropLast(".yaml".count)) + ".expected"
    }

    /// Lints one fixture exactly as `algobot lint Tests/Fixtures/lint/<name>` run from the
    /// package root would: same bytes, same display path, same known symbols.
    static func lintFixture(_ name: String) -> LintRun {
        let display = "\(displayDirectory)/\(name)"
        let url = directory.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
           let data = FileManager.default.contents(atPath: url.path) {
            return LintRun(files: [linter.lint(bytes: [UInt8](data), path: display)])
        }
        // Unreadable on purpose: let the linter try the real path, then show the display path.
        return LintRun(files: [relocate(linter.lint(file: url.path), to: display)])
    }

    /// The same finding about a file, reported under another path.
    static func relocate(_ file: LintedFile, to path: String) -> LintedFile {
        func move(_ span: SourceSpan) -> SourceSpan { SourceSpan(file: path, start: span.start, end: span.end) }
        let diagnostics = file.diagnostics.map { d -> Diagnostic in
            var d = d
            d.span = move(d.span)
            d.notes = d.notes.map { Diagnostic.Note($0.message, span: $0.span.map(move)) }
            if let fix = d.fixIt { d.fixIt = Diagnostic.FixIt(span: move(fix.span), replacement: fix.replacement) }
            return d
        }
        return LintedFile(path: path, source: file.source.map { SourceFile(path: path, text: $0.text) }, kind: file.kind,
                          diagnostics: diagnostics, strategy: file.strategy, policy: file.policy)
    }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// A readable line-by-line difference for a failed comparison: `-` expected, `+` actual.
    static func diff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : nil, y = i < a.count ? a[i] : nil
            if x == y { out.append("  " + (x ?? "")); continue }
            if let x { out.append("- " + x) }
            if let y { out.append("+ " + y) }
        }
        return out.joined(separator: "\n")
    }
}
