/// What to measure. `algobot-bench` reads these from its arguments (`parse`); `algobot bench`
/// from its declared flags. The defaults are the benchmark: one symbol of 1,000,000
/// bars and 100 symbols of 10,000 bars, best of 9 runs.
public struct BenchmarkOptions: Equatable, Sendable {
    public var bars = 1_000_000
    public var symbols = 100
    public var symbolBars = 10_000
    public var repeats = 9
    /// Also time runs that build a full audit record per decision, submission and fill: one
    /// counting them, one writing them to a log file as `backtest --audit` does.
    public var auditRecords = true
    /// Also time a strategy that never fires (the per-bar cost alone).
    public var never = false
    /// Also time the strategy with a stop loss, a take profit and a trailing stop (orders with a life).
    public var exits = false
    /// Time linting this many generated strategy files instead of the engine.
    public var lintFiles: Int?

    public init() {}

    public static let usage = """
        usage: algobot-bench [--bars N] [--symbols N] [--symbol-bars N] [--repeat N] [--no-audit-records] [--never] [--exits]
               algobot-bench --lint N
          --bars N            bars of the one-symbol random walk (default \(BenchmarkCommand.count(BenchmarkOptions().bars)))
          --symbols N         symbols in the several-symbol run (default \(BenchmarkOptions().symbols))
          --symbol-bars N     bars per symbol in that run (default \(BenchmarkCommand.count(BenchmarkOptions().symbolBars)))
          --repeat N          runs of each measurement; the best is reported (default \(BenchmarkOptions().repeats))
          --no-audit-records  skip the runs that also build a full audit record per decision (counted, and written to a file)
          --never             also time a strategy that never fires (the per-bar cost alone)
          --exits             also time the strategy with a stop loss, take profit and trailing stop
          --lint N            time linting N generated strategy files instead
        """

    public enum ParseResult: Equatable {
        case run(BenchmarkOptions)
        case help
        case invalid(String)
    }

    /// Reads `algobot-bench`'s arguments; a flag it does not know, or a count that is not a
    /// positive whole number, is an error (a typo must not silently measure the default).
    public static func parse(_ arguments: [String]) -> ParseResult {
        var options = BenchmarkOptions()
        var i = 0
        func count(_ flag: String) throws(ParseError) -> Int {
            guard i + 1 < arguments.count else { throw ParseError(message: "\(flag) needs a number") }
            i += 1
            guard let n = Int(arguments[i].filter { $0 != "_" && $0 != "," }), n > 0 else {
                throw ParseError(message: "\(flag) takes a positive whole number, not '\(arguments[i])'")
            }
            return n
        }
        while i < arguments.count {
            let flag = arguments[i]
            do throws(ParseError) {
                switch flag {
                case "--bars": options.bars = try count(flag)
                case "--symbols": options.symbols = try count(flag)
                case "--symbol-bars": options.symbolBars = try count(flag)
                case "--repeat": options.repeats = try count(flag)
                case "--lint": options.lintFiles = try count(flag)
                case "--no-audit-records": options.auditRecords = false
                case "--never": options.never = true
                case "--exits": options.exits = true
                case "--help", "-h": return .help
                default: return .invalid("unknown option '\(flag)'")
                }
            } catch {
                return .invalid(error.message)
            }
            i += 1
        }
        return .run(options)
    }

    struct ParseError: Error {
        let message: String
    }
}
