import ArgumentParser
import Foundation
import MarketData

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Manage the local bar store (SQLite) that backtests can read.",
        subcommands: [DataImportCommand.self, DataFetchCommand.self])
}

struct DataImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CSV files (or folders of SYMBOL.csv) into a SQLite bar store; re-importing is safe.")

    @Argument(help: "CSV files or folders.", completion: PathCompletion.csvFile)
    var paths: [String]

    @Option(name: [.customLong("db"), .customLong("data")], help: ArgumentHelp("The SQLite database to create or update.", valueName: "file"), completion: PathCompletion.sqliteFile)
    var db = "state/bars.sqlite"

    @Option(help: ArgumentHelp("Timeframe of the bars: 1Min, 5Min, 15Min, 30Min, 1Hour or 1Day.", valueName: "timeframe"), completion: PathCompletion.timeframe)
    var timeframe = "1Day"

    @Flag(help: "Skip bad rows (each one reported) instead of stopping at the first.")
    var skipBadRows = false

    func run() throws {
        try Console.run {
            let folder = (db as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            do {
                let store = try BarStore(path: db)
                for path in paths {
                    for result in try store.import(csvPath: path, timeframe: timeframe, badRows: skipBadRows ? .skip : .fail) {
                        let c = result.counts
                        Console.out("\(result.symbol) \(result.timeframe): \(c.inserted) new, \(c.updated) updated, \(c.unchanged) unchanged (\(result.file))\n")
                        for skipped in result.skipped { Console.error("skipped \(skipped.description)") }
                    }
                }
                Console.out("bar store: \(db)\n")
            } catch let error as DataError {
                throw CLIFailure("algobot data import: \(error.description)")
            }
        }
    }
}
