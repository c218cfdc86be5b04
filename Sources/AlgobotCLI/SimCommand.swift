import AlpacaSimulator
import ArgumentParser
import Foundation
import Runtime

struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the Alpaca-compatible simulator on this machine (127.0.0.1) until Ctrl-C.",
        discussion: """
        It replays bar files on an accelerated clock and answers the Alpaca trading and market-data
        API: orders fill at the next bar's open. Point the bot at it with
        `algobot run --broker sim --sim-url http://127.0.0.1:PORT`. It accepts only its built-in
        test keys (printed at start), never your Alpaca keys.
        """)

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8765

    @Option(help: "Bars to replay: a CSV file, a folder of SYMBOL.csv files or a bar database.", completion: PathCompletion.barData)
    var data = "data/daily"

    @Option(help: "Only these symbols (comma-separated); default: every file in --data.")
    var symbols: String?

    @Option(help: "Bars per second; 0 keeps the clock still (advance it with POST /sim/advance).")
    var speed: Double = 1

    @Option(help: "First simulated day (YYYY-MM-DD). Default: a year before the data ends.")
    var start: String?

    @Option(help: "A fault plan (JSON) to inject: 5xx bursts, 429s, slow responses, dropped connections, lost answers.",
            completion: PathCompletion.jsonFile)
    var faults: String?

    @Option(help: "Starting cash in dollars.")
    var cash: Double = 10_000

    @Option(help: "Requests per minute before answering 429 (Alpaca's limit is 200); 0 turns the limit off.")
    var rateLimit = 200

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be zero or more bars per second") }
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive amount") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be zero or more") }
    }

    func run() throws {
        try Console.run {
            let wanted = symbols.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let series = try SimulatorLauncher.load(data: data, symbols: wanted)
            let plan = try faults.map(Self.loadFaults) ?? FaultPlan()
            let index = SimulatorLauncher.defaultStartIndex(series, lookback: 60)
            let clock = ClockConfig(mode: speed > 0 ? .accelerated : .manual, barsPerSecond: speed > 0 ? speed : 1,
                                    startIndex: index, startDate: start)
            let config = SimulatorConfig(port: port, startingCash: Decimal(cash), clock: clock, rateLimitPerMinute: rateLimit,
                                         faults: plan)
            let stop = StopSignal()
            stop.trapSignals()
            try AsyncBridge.run {
                let (simulator, url) = try await SimulatorLauncher.start(series, config: config)
                Console.error("algobot sim: listening on \(url) — \(series.map(\.symbol).joined(separator: ", ")) from "
                    + "\(start ?? SimulatorLauncher.describeStart(series, index: index)), "
                    + (speed > 0 ? "\(speed) bars/s" : "clock still (POST /sim/advance)")
                    + ", \(plan.rules.count) fault rules. Keys: \(SimulatorConfig.defaultKeyID) / (built-in test secret). "
                    + "State: GET \(url)/sim/state. Stop: Ctrl-C.")
                Console.out("\(url)\n")
                while !stop.isRequested { try? await Task.sleep(nanoseconds: 100_000_000) }
                await simulator.stop()
                Console.error("algobot sim: stopped")
            }
        }
    }

    static func loadFaults(_ path: String) throws -> FaultPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("--faults \(path): cannot read the file")
        }
        do {
            let plan = try JSONDecoder().decode(FaultPlan.self, from: data)
            try plan.validate()
            return plan
        } catch let error as SimulatorError {
            throw CLIFailure("--faults \(path): \(error.description)")
        } catch {
            throw CLIFailure("--faults \(path): not a fault plan (\(error)); see the example in docs/RUN.md")
        }
    }
}
