import ArgumentParser
import Foundation
import Jobs
import MarketData
import Report
import RuleLanguage

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print an expression's value on every bar, or each part of a strategy rule's condition.",
        discussion: """
        The expression is checked like a when: condition (the same names, functions \
        and messages as 'algobot lint') but may also be a number, e.g. \
        'bb_upper(close, 20, 2)' or 'rsi(close, 14) < 30'. A bar without a value \
        (warm-up) is empty. Nothing is bought: position is 0, cash and equity 10,000.
        
        Exit status: 0 printed, 1 a mistake in the expression or a data problem, \
        2 a usage problem.
        """)

    @Argument(help: "The expression, in quotes (or use --strategy FILE --rule ID).")
    var expression: String?

    @Option(help: ArgumentHelp("Symbol whose bars to use (default: the strategy's first symbol, else SPY).", valueName: "symbol"))
    var symbol: String?

    @Option(help: ArgumentHelp("A CSV file, a folder of SYMBOL.csv files, or a SQLite database (default: data/daily).", valueName: "path"), completion: PathCompletion.barData)
    var data: String?

    @Option(help: ArgumentHelp("First day to print (YYYY-MM-DD); earlier bars only warm up indicators.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day to print (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Params as name=value,name=value (override the strategy's).", valueName: "name=value,..."))
    var params: String?

    @Option(help: "table, csv (time,value) or json.")
    var format: EvalTable.Format = .table

    @Option(help: "A strategy file whose params the expression may use (default with --rule: strategies/sma.yaml).",
            completion: PathCompletion.yamlFile)
    var strategy: String?

    @Option(help: ArgumentHelp("Print each and/or part of this rule's condition, and the whole.", valueName: "rule-id"))
    var rule: String?

    func validate() throws {
        if expression != nil && rule != nil { throw ValidationError("give an expression or --rule ID, not both") }
        if expression == nil && rule == nil { throw ValidationError("give an expression in quotes, e.g. algobot eval 'sma(close, 20)', or --rule ID") }
        _ = try parsedParams()
    }

    func parsedParams() throws -> [(name: String, value: Double)] { try Self.parse(params: params) }

    /// `fast=10,slow=30` → [(fast, 10), (slow, 30)] (also `algobot backtest --params`).
    static func parse(params: String?) throws -> [(name: String, value: Double)] {
        guard let params, !params.isEmpty else { return [] }
        return try params.split(separator: ",").map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
                throw ValidationError("--params: '\(item)' is not name=number (write e.g. --params fast=10,slow=30)")
            }
            return (parts[0], value)
        }
    }

    func run() throws {
        try Console.run {
            let settings: EffectiveSettings
            do {
                settings = try EffectiveSettings.load(configPath: nil, flags: ["data": data, "strategy_file": strategy].compactMapValues { $0 })
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            }
            var options = EvalJob.Options()
            options.expression = expression
            options.rule = rule
            options.strategyPath = strategy ?? (rule != nil ? settings["strategy_file"] : nil)
            options.symbol = symbol
            options.dataPath = settings["data"] ?? options.dataPath
            options.from = from
            options.to = to
            options.params = try parsedParams()
            do {
                Console.out(try EvalJob(options: options).run().render(format))
            } catch let error as EvalJobError where error.isDiagnostic {
                throw CLIFailure(error.message)
            } catch let error as RuleFileError {
                throw CLIFailure(error.description)
            } catch let error as DataError {
                throw CLIFailure("algobot eval: \(error.description)")
            } catch {
                throw CLIFailure("algobot eval: \(error)")
            }
        }
    }
}

extension EvalTable.Format: ExpressibleByArgument {}
