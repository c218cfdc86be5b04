import ArgumentParser
import Foundation
import Jobs
import MarketData
import RuleLanguage

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check strategy and policy files and report every problem with file:line:col and a fix.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage problem (e.g. a missing path).")

    @Argument(help: "Files or folders (searched recursively for *.yaml / *.yml). Default: strategies/, rules/ and algobot.yaml.",
              completion: PathCompletion.yamlFile)
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: DiagnosticRenderer.Format = .text

    @Option(help: ArgumentHelp("Folder of SYMBOL.csv files used to warn about symbols without data.", valueName: "path"), completion: PathCompletion.barFolder)
    var data: String = DefaultPaths.data

    @Option(help: "Colour the text output: auto (when standard output is a terminal and NO_COLOR is not set), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        var targets = paths
        if targets.isEmpty {
            targets = ["strategies", "rules", "algobot.yaml"].filter { FileManager.default.fileExists(atPath: $0) }
            if targets.isEmpty {
                Console.error("algobot lint: no strategies/ or rules/ folder here (\(FileManager.default.currentDirectoryPath)); run it in the project folder or give paths")
                throw ExitCode(2)
            }
        }
        let known = (try? BarLoader.csvFiles(inFolder: data)).map { Set($0.map(\.symbol)) }
        let run: LintRun
        do {
            run = try Linter(knownSymbols: known).lint(paths: targets)
        } catch let usage as LintUsageError {
            Console.error("algobot lint: \(usage.message)")
            throw ExitCode(2)
        }
        Console.out(run.render(format, color: format == .text && color.enabled()))
        if run.diagnostics.hasErrors { throw ExitCode(1) }
    }
}

extension DiagnosticRenderer.Format: ExpressibleByArgument {}
