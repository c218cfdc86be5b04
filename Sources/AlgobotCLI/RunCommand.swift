import Advisor
import ArgumentParser
import Foundation
import Jobs
import Runtime
import Vocabulary

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Trade the strategy live: on an Alpaca paper account, or on the built-in simulator.",
        discussion: """
        With no keys and no flags it runs against the built-in simulator over the bundled history \
        (data/daily), so you can watch decisions flow. With APCA_API_KEY_ID and APCA_API_SECRET_KEY \
        set (environment or .env) it trades your Alpaca *paper* account; live trading is refused. \
        Settings come from flags, then the environment, then algobot.yaml (docs/CONFIG.md). \
        One status line per bar on standard output; state/status.json for `algobot status`. \
        Ctrl-C (or SIGTERM) finishes the current bar, writes run_end and closes the audit log. \
        See docs/RUN.md.
        """)

    @Option(help: "alpaca (paper account) or sim (simulator). Default: the mode/broker setting, else alpaca when paper keys are set, otherwise sim.")
    var broker: BrokerChoice?

    @Flag(help: "Decide and record, never send an order.")
    var dryRun = false

    @Option(help: ArgumentHelp("Replay these bars (CSV file, folder or bar database) on the built-in simulator.", valueName: "path"), completion: PathCompletion.barData)
    var replay: String?

    @Option(help: ArgumentHelp("Built-in simulator speed: at most this many bars per second (default: the replay.speed setting, 20).", valueName: "bars-per-second"))
    var speed: Double?

    @Option(help: "First simulated day (YYYY-MM-DD); earlier bars are warm-up history. Default: a year before the data ends.")
    var start: String?

    @Option(help: ArgumentHelp("Starting cash of the built-in simulator's account, in dollars.", valueName: "dollars"))
    var cash: Double = 10_000

    @Option(help: "Use a simulator that is already running (`algobot sim`) at this URL.")
    var simURL: String?

    @Option(help: ArgumentHelp("Strategy file (default: the strategy_file setting, else strategies/sma.yaml).", valueName: "file"), completion: PathCompletion.yamlFile)
    var strategy: String?

    @Option(help: "Policy file with the risk limits (default: the policy_file setting, else rules/limits.yaml).",
            completion: PathCompletion.yamlFile)
    var policy: String?

    @OptionGroup var paths: StateOptions

    @Option(help: ArgumentHelp("Stop after this many bars (bar times).", valueName: "count"))
    var maxBars: Int?

    @Option(help: "Seconds between polls of the broker (default: 15 for Alpaca, fast for the simulator).")
    var poll: Double?

    @Option(help: "Alpaca market-data feed: iex (free) or sip.", completion: PathCompletion.feed)
    var feed = "iex"

    @Option(help: "Seconds after a bar's close before it counts as final (default: 60 for Alpaca, 0 for the simulator).")
    var settle: Int?

    @Option(help: "off, template or chat: a plain-language rationale after each decision (default: the advisor.kind setting; docs/ADVISOR.md).")
    var advisor: AdvisorKind?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logs: LogOptions

    func validate() throws {
        if replay != nil && broker == .alpaca { throw ValidationError("--replay runs on the simulator; drop --broker alpaca") }
        if simURL != nil && broker == .alpaca { throw ValidationError("--sim-url is for --broker sim") }
        if simURL != nil && replay != nil { throw ValidationError("--replay starts its own simulator; drop --sim-url") }
        if let speed, !(speed > 0 && speed.isFinite) { throw ValidationError("--speed must be a positive number of bars per second") }
        guard cash > 0, cash.isFinite else { throw ValidationError("--cash must be a positive amount") }
        if let maxBars, maxBars < 1 { throw ValidationError("--max-bars must be at least 1") }
        if let poll, !(poll > 0) { throw ValidationError("--poll must be a positive number of seconds") }
        if let settle, settle < 0 { throw ValidationError("--settle must be zero or more seconds") }
    }

    /// The paths given on the command line, by settings key (flags win over everything else);
    /// the typed flags (broker, dry run, speed, advisor) go to `runSettings` as they are.
    private var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["strategy_file"] = strategy
        flags["policy_file"] = policy
        flags["replay.data"] = replay
        return flags
    }

    func run() throws {
        try Console.run(envFile: connection.envFile) {
            let session = try RunSession(settings: paths.settings(flags), command: self)
            let summary = try AsyncBridge.run { try await session.trade() }
            Console.out("run \(summary.status): \(summary.bars) bars, \(summary.decisions) decisions, \(summary.ordersSent) orders sent, "
                + "\(summary.fills) fills. Audit log: \(session.folder.audit)\n")
            if summary.status == "failed" { throw ExitCode(1) }
        }
    }
}
