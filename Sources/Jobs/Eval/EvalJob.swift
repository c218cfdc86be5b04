import Engine
import Foundation
import MarketData
import Report
import RuleLanguage
import Vocabulary

/// What `algobot eval` does, callable from tests: loads one symbol's bars, checks the
/// expression (or a strategy rule's condition) like `algobot lint` would, compiles it with
/// the strategy compiler and returns its value on every bar.
public struct EvalJob {
    public struct Options: Sendable {
        /// The expression to show; or nil with `rule` set.
        public var expression: String?
        /// A strategy file: its params (and with `rule`, the rule) are used.
        public var strategyPath: String?
        /// Show each `and`/`or` part of this rule's condition, and the whole.
        public var rule: String?
        /// Default: the strategy's first symbol, else the symbol of a CSV `dataPath`, else SPY.
        public var symbol: String?
        public var dataPath = DefaultPaths.data
        /// `YYYY-MM-DD`, inclusive: the rows shown. Earlier bars still warm up indicators.
        public var from: String?
        public var to: String?
        /// Params that override the strategy's, or give the expression's.
        public var params: [(name: String, value: Double)] = []
        /// The account the values see: this much cash and no shares (nothing is bought).
        public var cash = 10_000.0

        public init() {}
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() throws -> EvalTable {
        let strategy = try loadStrategy()
        let params = try mergedParams(strategy?.checked)
        let rows = try rowRange()
        let symbol = options.symbol ?? strategy?.checked.symbols.first
            ?? (options.dataPath.lowercased().hasSuffix(".csv") ? BarLoader.symbol(forFile: options.dataPath) : "SPY")
        let loaded = try BarLoader.load(path: options.dataPath, symbols: [symbol], badRows: .fail)
        guard let series = loaded.series.first else { throw EvalJobError(message: "no bars for \(symbol) in \(options.dataPath)") }
        let dailyBars = series.isDaily ? "\(loaded.files.first ?? options.dataPath) has daily bars" : nil
        let (checked, title) = try check(strategy, params: params, dailyBars: dailyBars)

        let program = EvalProgram(options.rule == nil ? [checked] : checked.logicParts + [checked])
        let references: [String: BarSeries]
        do {
            references = try ReferenceBars.load(ReferenceBars.symbols(program.inputs), dataPath: options.dataPath, badRows: .fail) { symbol in
                strategy.map { $0.checked.location(ofReference: symbol) } ?? "expression:1:\(Self.column(of: symbol, in: options.expression))"
            }
        } catch let error as ReferenceBarsError {
            throw EvalJobError(message: error.message)
        }
        let values = program.run(open: series.open, high: series.high, low: series.low, close: series.close, volume: series.volume,
                                 sessions: program.needsSession ? series.times.indices.map(series.tradingDay) : nil,
                                 inputs: InputColumns.columns(program.inputs, of: series, references: references), cash: options.cash)
        let shown = series.times.indices.filter { rows.contains(series.times[$0]) }
        return EvalTable(title: title, symbol: symbol, columns: program.columns.map { ($0.text, $0.isCondition) },
                         times: shown.map(series.timeText), values: values.map { column in shown.map { column[$0] } })
    }

    /// The 1-based column of `symbol.` in the expression (1 when not found).
    static func column(of symbol: String, in expression: String?) -> Int {
        guard let expression, let range = expression.range(of: symbol + ".") else { return 1 }
        return expression.unicodeScalars.distance(from: expression.unicodeScalars.startIndex, to: range.lowerBound) + 1
    }

    /// The strategy's params with `--params` over them; with `--rule`, only the strategy's names.
    private func mergedParams(_ strategy: CheckedStrategy?) throws -> [String: Double] {
        var params = Dictionary(strategy?.params.map { ($0.name, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
        for (name, value) in options.params {
            if let problem = ExpressionInput.problem(withParamName: name) { throw EvalJobError(message: "--params: \(problem)") }
            if options.rule != nil, let strategy, params[name] == nil {
                throw EvalJobError(message: "--params: \(strategy.file) has no param '\(name)'"
                    + (params.isEmpty ? "" : " (its params: \(params.keys.sorted().joined(separator: ", ")))"))
            }
            params[name] = value
        }
        return params
    }

    /// The bar times shown (UTC seconds, like `algobot backtest`'s --from and --to).
    private func rowRange() throws -> ClosedRange<Int64> {
        let from = try options.from.map { try BacktestInputs.time(of: $0, option: "--from", endOfDay: false) } ?? .min
        let to = try options.to.map { try BacktestInputs.time(of: $0, option: "--to", endOfDay: true) } ?? .max
        guard from <= to else { throw EvalJobError(message: "--from \(options.from ?? "") is after --to \(options.to ?? "")") }
        return from...to
    }

    /// The expression, or the rule's condition, checked with these params and bars.
    private func check(_ strategy: (checked: CheckedStrategy, source: SourceFile)?, params: [String: Double],
                       dailyBars: String?) throws -> (TypedExpr, EvalTable.Title) {
        let input: ExpressionInput
        let title: EvalTable.Title
        if let ruleID = options.rule {
            guard let strategy else { throw EvalJobError(message: "--rule needs a strategy: add --strategy FILE") }
            guard let rule = strategy.checked.rules.first(where: { $0.id == ruleID }) else {
                let ids = strategy.checked.rules.map(\.id)
                throw EvalJobError(message: "\(strategy.checked.file) has no rule '\(ruleID)'"
                    + (Suggestions.closest(to: ruleID, in: ids).map { "; did you mean '\($0)'?" } ?? "; its rules: \(ids.joined(separator: ", "))"))
            }
            input = ExpressionInput(rule: rule, params: params, dailyBars: dailyBars, source: strategy.source)
            title = .rule(file: strategy.checked.file, id: rule.id)
        } else {
            guard let expression = options.expression else { throw EvalJobError(message: "give an expression, or --strategy FILE --rule ID") }
            input = ExpressionInput(expression, params: params, dailyBars: dailyBars)
            title = .expression
        }
        guard let checked = input.expression else { throw EvalJobError(message: input.render(), isDiagnostic: true) }
        let unused = options.params.map(\.name).filter { !input.usedParams.contains($0) }
        if !unused.isEmpty {
            throw EvalJobError(message: "--params: \(unused.joined(separator: ", ")) \(unused.count == 1 ? "is" : "are") not used by "
                + (options.rule.map { "rule '\($0)'" } ?? "the expression"))
        }
        return (checked, title)
    }

    private func loadStrategy() throws -> (checked: CheckedStrategy, source: SourceFile)? {
        guard let path = options.strategyPath else { return nil }
        let file = Linter().lint(file: path)
        guard let checked = file.strategy, let source = file.source else { throw RuleFileError(file: file) }
        return (checked, source)
    }
}

/// A problem that stops `algobot eval`; `isDiagnostic` when it is about the expression
/// (rendered like lint, with the caret).
public struct EvalJobError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var isDiagnostic = false
    public var description: String { message }
}
