import AlpacaSimulator
import ArgumentParser
import Foundation
import Jobs
import Runtime

struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the Alpaca-compatible simulator on this machine (127.0.0.1) until Ctrl-C.",
        discussion: """
        It replays bar files on an accelerated clock and answers the Alpaca trading and market-data \
        API: orders fill at the next bar's open. Point the bot at it with \
        `algobot run --broker sim --sim-url http://127.0.0.1:PORT`. It accepts only its test keys, \
        printed at start for any Alpaca client (the built-in ones, or yours from --key-id and \
        --secret-key); keys shaped like real Alpaca keys are refused.
        """)

    @Option(help: ArgumentHelp("Port on 127.0.0.1 (0 picks a free one).", valueName: "port"))
    var port = 8765

    @Option(help: ArgumentHelp("Bars to replay: a CSV file, a folder of SYMBOL.csv files or a bar database.", valueName: "path"), completion: PathCompletion.barData)
    var data = DefaultPaths.data

    @Option(help: ArgumentHelp("Only these symbols (comma-separated); default: every file in --data.", valueName: "symbols"))
    var symbols: String?

    @Option(help: ArgumentHelp("Bars per second; 0 keeps the clock still (advance it with POST /sim/advance).", valueName: "bars-per-second"))
    var speed: Double = 1

    @Option(help: "First simulated day (YYYY-MM-DD). Default: a year before the data ends.")
    var start: String?

    @Option(help: "A fault plan (JSON) to inject: 5xx bursts, 429s, slow responses, dropped connections, lost answers.",
            completion: PathCompletion.jsonFile)
    var faults: String?

    @Option(help: ArgumentHelp("Starting cash in dollars.", valueName: "dollars"))
    var cash: Double = 10_000

    @Option(help: "Requests per minute before answering 429 (Alpaca's limit is 200); 0 turns the limit off.")
    var rateLimit = 200

    @Flag(help: "Let the account sell short (the account answers shorting_enabled: true; a sell with no long position opens a short). Off by default, as on a cash account.")
    var shorting = false

    @Option(help: ArgumentHelp("The test key id clients must send (default: \(SimulatorConfig.defaultKeyID)). "
                               + "One shaped like a real Alpaca key id is refused.", valueName: "id"))
    var keyID: String?

    @Option(help: ArgumentHelp("The test secret key clients must send (default: the built-in one, printed at start). "
                               + "One shaped like a real Alpaca secret is refused.", valueName: "secret"))
    var secretKey: String?

    /// The keys the simulator answers: the flags', else the built-in test keys.
    var keys: (id: String, secret: String) {
        (keyID ?? SimulatorConfig.defaultKeyID, secretKey ?? SimulatorConfig.defaultSecretKey)
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be zero or more bars per second") }
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive amount") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be zero or more") }
        // The message never repeats a key: it may be a real one.
        if let problem = TestKeys.problem(keyID: keys.id, secretKey: keys.secret) {
            throw ValidationError("--key-id/--secret-key: \(problem)")
        }
    }

    func run() throws {
        try Console.run {
            let wanted = symbols.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let series = try SimulatorLauncher.load(data: data, symbols: wanted)
            let plan = try faults.map(Self.loadFaults) ?? FaultPlan()
            let index = SimulatorLauncher.defaultStartIndex(series, lookback: 60)
            let clock = ClockConfig(mode: speed > 0 ? .accelerated : .manual, barsPerSecond: speed > 0 ? speed : 1,
                                    startIndex: index, startDate: start)
            let config = SimulatorConfig(port: port, apiKeyID: keys.id, apiSecretKey: keys.secret, startingCash: Decimal(cash),
                                         clock: clock, rateLimitPerMinute: rateLimit, faults: plan,
                                         shortingEnabled: shorting)
            let stop = StopSignal()
            stop.trapSignals()
            try AsyncBridge.run {
                let (simulator, url) = try await SimulatorLauncher.start(series, config: config)
                Console.error("algobot sim: listening on \(url) — \(series.map(\.symbol).joined(separator: ", ")) from "
                    + "\(start ?? SimulatorLauncher.describeStart(series, index: index)), "
                    + (speed > 0 ? "\(speed) bars/s" : "clock still (POST /sim/advance)")
                    + ", \(plan.rules.count) fault rules" + (shorting ? ", shorting on" : "") + ". State: GET \(url)/sim/state (with the keys). Stop: Ctrl-C.")
                Console.error(Self.keyLines(url: "\(url)", keyID: keys.id, secret: keys.secret), revealing: [keys.id, keys.secret])
                Console.out("\(url)\n")
                while !stop.isRequested { try? await Task.sleep(nanoseconds: 100_000_000) }
                await simulator.stop()
                Console.error("algobot sim: stopped")
            }
        }
    }

    /// The keys as environment lines any Alpaca client (or algobot itself) can use, said plainly
    /// to be test values: they open nothing but this simulator.
    static func keyLines(url: String, keyID: String, secret: String) -> String {
        """
        algobot sim: test keys, for this simulator only (not secrets; Alpaca accepts neither):
          APCA_API_KEY_ID=\(keyID)
          APCA_API_SECRET_KEY=\(secret)
          APCA_API_BASE_URL=\(url)
          APCA_API_DATA_URL=\(url)
        alpaca-py: TradingClient(key_id, secret_key, paper=True, url_override="\(url)"); see docs/RUN.md.
        """
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
