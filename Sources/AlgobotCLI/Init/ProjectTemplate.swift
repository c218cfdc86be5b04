import Foundation
import RuleLanguage

/// What `algobot init` writes: the repository's own starter files and the bundled daily SPY
/// history (embedded by `scripts/embed-project.sh`), the schemas for editors, a `.gitignore`,
/// and VS Code settings that map each schema to its files. All of it comes from the binary.
enum ProjectTemplate {
    struct File: Equatable {
        /// Relative to the project folder, `/`-separated.
        let path: String
        let text: String
        /// One line for the summary `init` prints.
        let purpose: String
    }

    /// Every file, in the order `init` writes and lists them.
    static var files: [File] {
        var files = [
            File(path: "strategies/sma.yaml", text: EmbeddedProject.strategy, purpose: "the strategy: what to trade and when"),
            File(path: "rules/limits.yaml", text: EmbeddedProject.policy, purpose: "the policy: what the bot may never do"),
            File(path: "algobot.yaml", text: EmbeddedProject.settings, purpose: "run settings (flags and the environment win)"),
            File(path: ".env.example", text: EmbeddedProject.envExample, purpose: "where API keys go: copy it to .env"),
            File(path: ".gitignore", text: gitignore, purpose: "keeps .env, state folders and out/ out of git"),
            File(path: ".vscode/settings.json", text: vscodeSettings, purpose: "VS Code: check the YAML files while typing"),
        ]
        files += BundledSchemas.files.map {
            File(path: $0.path, text: editorSchema($0.text), purpose: "what the editor checks and completes")
        }
        files += [
            File(path: "data/daily/SPY.csv", text: EmbeddedProject.spyDaily, purpose: "daily SPY bars for backtests and the simulator"),
            File(path: "data/README.md", text: dataReadme, purpose: "where the bars come from"),
        ]
        return files
    }

    /// The `$schema` our schemas declare (the dialect algobot's validator implements) and the one
    /// the copies for editors declare. The VS Code YAML extension (redhat.vscode-yaml, through
    /// yaml-language-server) "is shipped with JSON Schema Draft 7" and answers a 2020-12 schema
    /// with "not yet fully supported"; every keyword our schemas use means the same in draft-07
    /// (`ProjectTemplateTests` checks the list), so the editor gets a draft-07 declaration and
    /// validates exactly what `algobot lint` validates.
    static let repositoryDialect = #""$schema": "https://json-schema.org/draft/2020-12/schema""#
    static let editorDialect = #""$schema": "http://json-schema.org/draft-07/schema#""#

    static func editorSchema(_ text: String) -> String {
        text.replacingOccurrences(of: repositoryDialect, with: editorDialect)
    }

    /// Each schema and the files it describes, by the project's layout. The YAML files also
    /// name their schema in a first-line comment; these globs cover files written without one.
    static let schemaGlobs: [(schema: String, globs: [String])] = [
        ("schemas/config.schema.json", ["algobot.yaml"]),
        ("schemas/policy.schema.json", ["rules/*.yaml", "rules/*.yml"]),
        ("schemas/strategy.schema.json", ["strategies/*.yaml", "strategies/*.yml"]),
    ]

    static var vscodeSettings: String {
        let entries = schemaGlobs.map { schema, globs in
            "    \"\(schema)\": [" + globs.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
        return "{\n  \"yaml.schemas\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}\n"
    }

    static let gitignore = """
        # Secrets: copy .env.example to .env and fill it in; never commit .env.
        .env
        # State folders (state/, state-tour/, state-paper/ …): audit logs, approval queues,
        # status. Back them up, but keep them out of version control.
        /state*/
        # Reports and other output.
        out/

        """

    /// The bundled history's row count and first and last dates, read from the file itself.
    static var spyRange: (rows: Int, first: String, last: String) {
        let rows = EmbeddedProject.spyDaily.split(separator: "\n").dropFirst()
        let date = { (row: Substring?) in row.map { String($0.prefix { $0 != "," }) } ?? "?" }
        return (rows.count, date(rows.first), date(rows.last))
    }

    static var dataReadme: String {
        let range = spyRange
        return """
            # Market data

            `daily/SPY.csv`: \(range.rows) daily bars of the SPDR S&P 500 ETF from \(range.first) to \
            \(range.last), the history that ships with algobot, written here by `algobot init`. A \
            header `date,open,high,low,close,volume`, then one row per trading day, oldest first; \
            prices in US dollars, split-adjusted but not dividend-adjusted (a buy-and-hold \
            backtest leaves dividends out).

            The bars come from QuantConnect's open-source engine Lean (AlgoSeek data); algobot's own \
            `data/README.md` describes how they were prepared and the few known bad prints.

            `algobot backtest` and `algobot run` read this folder by default (`data:` in \
            `algobot.yaml`). Add `SYMBOL.csv` files in the same layout for other symbols, or \
            download bars into a bar store with `algobot data fetch`.

            """
    }
}
