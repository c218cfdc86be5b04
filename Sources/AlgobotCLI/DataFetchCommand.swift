import AlpacaSimulator
import ArgumentParser
import Foundation
import Jobs
import MarketData
import RuleLanguage
import Runtime
import Vocabulary

struct DataFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download bars from Alpaca's market-data API (or the simulator) into the SQLite bar store.",
        discussion: """
        Only the ranges the store does not hold yet are fetched, in chunks stored as they arrive, \
        so running it again after an interruption resumes where it stopped. Progress goes to \
        standard error when it is a terminal. Backtests read the store with --data FILE.
        """)

    @Option(help: ArgumentHelp("Symbols, comma-separated (SPY,QQQ).", valueName: "symbols"))
    var symbols: String

    @Option(help: ArgumentHelp("First day (YYYY-MM-DD).", valueName: "date"))
    var from: String

    @Option(help: ArgumentHelp("Last day (YYYY-MM-DD); default today.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("1Min, 5Min, 15Min, 30Min, 1Hour or 1Day.", valueName: "timeframe"), completion: PathCompletion.timeframe)
    var timeframe = "1Day"

    @Option(help: ArgumentHelp("The SQLite bar store to create or update (default: the bar_store setting, else state/bars.sqlite).", valueName: "file"),
            completion: PathCompletion.sqliteFile)
    var db: String?

    @Option(help: ArgumentHelp("Settings file (default: $ALGOBOT_CONFIG, else algobot.yaml if present).", valueName: "file"), completion: PathCompletion.yamlFile)
    var config: String?

    @Option(help: "alpaca (market-data API with your keys) or sim (the simulator).")
    var broker: BrokerChoice = .alpaca

    @Option(help: "A running simulator's URL (with --broker sim); default: start one over --data.")
    var simURL: String?

    @Option(help: ArgumentHelp("Bars the built-in simulator serves (with --broker sim).", valueName: "path"), completion: PathCompletion.barData)
    var data = DefaultPaths.data

    @Option(help: "Alpaca market-data feed: iex (free) or sip.", completion: PathCompletion.feed)
    var feed = "iex"

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard MarketTime.frameSeconds(timeframe) != nil else {
            throw ValidationError("--timeframe must be 1Min, 5Min, 15Min, 30Min, 1Hour or 1Day")
        }
        guard Self.day(from) != nil else { throw ValidationError("--from \(from): expected a date like 2020-01-31") }
        if let to, Self.day(to) == nil { throw ValidationError("--to \(to): expected a date like 2020-01-31") }
    }

    func run() throws {
        try Console.run(envFile: connection.envFile) {
            let list = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw CLIFailure("algobot data fetch: --symbols names no symbol") }
            let first = Self.day(from)! * 86_400
            let lastDay = to.flatMap(Self.day) ?? CivilDate.day(containing: Int64(Date().timeIntervalSince1970))
            guard first <= lastDay * 86_400 else { throw CLIFailure("algobot data fetch: --from \(from) is after --to") }
            let db: String
            do {
                db = try EffectiveSettings.load(configPath: config, flags: self.db.map { ["bar_store": $0] } ?? [:])["bar_store"]
                    ?? "state/bars.sqlite"
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            }
            let folder = (db as NSString).deletingLastPathComponent
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let store: BarStore
            do { store = try BarStore(path: db) } catch let error as DataError { throw CLIFailure("algobot data fetch: \(error.description)") }
            let showProgress = Console.stderrIsTerminal
            let results = try AsyncBridge.run {
                try await self.fetch(list, store: store, from: first, to: lastDay * 86_400 + 86_399, progress: showProgress)
            }
            if showProgress { Console.error("") }
            for result in results {
                let note = result.fetchedRanges.isEmpty ? "already stored"
                    : "\(result.inserted) new, \(result.updated) updated, \(result.unchanged) unchanged"
                Console.out("\(result.symbol) \(timeframe): \(note)\n")
            }
            Console.out("bar store: \(db)\n")
        }
    }

    private func fetch(_ list: [String], store: BarStore, from: Int64, to: Int64, progress: Bool) async throws -> [BarFetcher.Result] {
        var simulator: AlpacaSimulator?
        let link: BrokerConnection
        switch broker {
        case .alpaca:
            link = try BrokerConnection.alpaca(connection)
        case .sim:
            if let simURL {
                link = try BrokerConnection.simulator(url: simURL, connection)
            } else {
                let series = try SimulatorLauncher.load(data: data, symbols: list)
                let end = SimulatorLauncher.steps(series).count - 1
                let config = SimulatorConfig(clock: ClockConfig(mode: .manual, startIndex: max(0, end)), rateLimitPerMinute: 0)
                let (sim, url) = try await SimulatorLauncher.start(series, config: config)
                simulator = sim
                link = try BrokerConnection.simulator(url: url, connection)
            }
        }
        do {
            let results = try await BarFetcher(broker: link.broker, store: store).fetch(
                symbols: list, timeframe: timeframe, from: from, to: to, feed: broker == .alpaca ? feed : nil) { step in
                if progress {
                    Console.progress("\(step.symbol): \(step.done)/\(step.total) chunks, \(step.barsStored) bars stored")
                }
            }
            await link.shutdown()
            await simulator?.stop()
            return results
        } catch {
            await link.shutdown()
            await simulator?.stop()
            throw CLIFailure("algobot data fetch: \(error) (what was fetched so far is stored; run the same command again to resume)")
        }
    }

    static func day(_ text: String) -> Int64? { ISOTimestamp.day(text) }
}

extension Console {
    /// Rewrites the current line of standard error (a terminal).
    static func progress(_ text: String) {
        errorInPlace("\r\u{1B}[K" + text)
    }
}
