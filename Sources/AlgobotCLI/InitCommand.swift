import ArgumentParser
import Foundation

/// `algobot init [DIR]`: a new project from the files inside the binary, so an installed
/// `algobot` needs no checkout. It never overwrites: if any file it would write is already
/// there, it names them all and writes nothing.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a new project: a strategy, a policy, settings, schemas for your editor and daily SPY history.",
        discussion: """
        Writes strategies/sma.yaml, rules/limits.yaml, algobot.yaml, .env.example, .gitignore, \
        .vscode/settings.json with the schemas it names (schemas/*.schema.json, so the VS Code YAML \
        extension checks the files while you type), and data/daily/SPY.csv, the daily history \
        backtests and the simulator read by default. Nothing is overwritten: if any of these files \
        exists, init lists them and writes nothing (exit 1).
        """)

    @Argument(help: ArgumentHelp("The project folder; created if missing.", valueName: "dir"), completion: .directory)
    var directory = "."

    func run() throws {
        try Console.run {
            let files = ProjectTemplate.files
            let writer = ProjectWriter(folder: directory)
            do {
                _ = try writer.write(files)
            } catch let problem as ProjectWriter.Problem {
                throw CLIFailure(Self.describe(problem, folder: directory))
            }
            Console.out(Self.summary(files, folder: directory))
        }
    }

    static func describe(_ problem: ProjectWriter.Problem, folder: String) -> String {
        switch problem {
        case .folderIsAFile:
            return "algobot init: \(folder) is a file, not a folder; nothing was written. Give a folder (it is created if missing)."
        case .taken(let paths):
            return "algobot init: \(folder) already has \(paths.count == 1 ? "a file" : "files") init would write; "
                + "nothing was written:\n" + paths.map { "  \($0)\n" }.joined()
                + "Move \(paths.count == 1 ? "it" : "them") aside, or start the project in another folder: algobot init DIR"
        case .writeFailed(let path, let reason, let written):
            return "algobot init: cannot write \(path) in \(folder): \(reason). "
                + (written.isEmpty ? "Nothing was written." : "Already written: \(written.joined(separator: ", ")).")
        }
    }

    /// What was written and what to type next.
    static func summary(_ files: [ProjectTemplate.File], folder: String) -> String {
        let width = (files.map(\.path.count).max() ?? 0) + 2
        var text = "algobot init: wrote a new project in \(folder == "." ? "this folder" : folder)\n"
        for file in files {
            text += "  " + file.path.padding(toLength: width, withPad: " ", startingAt: 0) + file.purpose + "\n"
        }
        text += "\nNext:\n"
        if folder != "." { text += "  cd \(shellWord(folder))\n" }
        text += """
              algobot lint                 check the strategy, the policy and the settings
              algobot backtest             run the strategy over the SPY history (add --html out/report.html)
              algobot run --max-bars 30    trade it on the built-in simulator, one status line per bar

            """
        return text
    }

    /// `path` as one shell word (quoted only when it needs to be), for the `cd` line.
    static func shellWord(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-~+,:@".contains($0)) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
