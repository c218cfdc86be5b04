import Advisor
import Audit
import Engine
import Foundation
import MarketData
import Policy
import Report
import RuleLanguage
import Vocabulary

/// One backtest from files to report: what `algobot backtest` does, callable from tests.
/// Loads and checks the YAML, loads the bars, runs the engine, writes the audit log when
/// asked, and returns the report (JSON/HTML rendering is up to the caller).
public struct BacktestJob {
    /// The inputs every backtest shares (`options.strategyPath`, `.from`, `.settings`, ...)
    /// and what only a single backtest has: the benchmark, the audit log, the advisor.
    @dynamicMemberLookup
    public struct Options: Sendable {
        public var inputs = BacktestInputs()
        public var benchmark = "SPY"
        /// True when the user named the benchmark: then missing data for it is an error.
        public var benchmarkExplicit = false
        public var auditPath: String?
        /// (bars done, total) now and then, for a progress bar.
        public var progress: (@Sendable (Int, Int) -> Void)?
        /// `template` writes an `advisor_note` after each decision in the audit log (needs
        /// `auditPath`); `chat` is for live runs only.
        public var advisor: AdvisorKind = .off
        /// Values over the strategy's `params:` (`--params fast=5,slow=20`); each name must be one of them.
        public var params: [(name: String, value: Double)] = []

        public init() {}

        public subscript<Value>(dynamicMember path: WritableKeyPath<BacktestInputs, Value>) -> Value {
            get { inputs[keyPath: path] }
            set { inputs[keyPath: path] = newValue }
        }
    }

    public struct Output: Sendable {
        public let report: BacktestReport
        /// Bars of every traded symbol, for charts.
        public let series: [BarSeries]
        public let auditRecords: Int
    }

    public let options: Options

    /// A range without a single bar is a mistake (a typo in a date, the wrong data), not a
    /// run that made nothing: it is an error that says what the data covers.
    static func requireBars(in series: [BarSeries], from: Int64?, to: Int64?, options: Options) throws {
        let inRange = series.contains { s in
            s.times.contains { t in t >= (from ?? .min) && t <= (to ?? .max) }
        }
        guard !inRange else { return }
        let range = "from \(options.from ?? "the start") to \(options.to ?? "the end")"
        let covered = series.filter { $0.count > 0 }.map { "\($0.symbol) \($0.timeText(0)) to \($0.timeText($0.count - 1))" }
        var message = "no bars \(range) in \(options.dataPath)"
        message += covered.isEmpty ? " (the data has no bars for the strategy's symbols)" : "; the data covers " + covered.joined(separator: ", ")
        throw BacktestJobError(message: message + ". Choose --from/--to inside that range.")
    }

    public init(options: Options) {
        self.options = options
    }

    /// The most starting cash a backtest takes: a thousand trillion dollars. With bars bounded
    /// too (prices up to $1e9, docs/BACKTEST.md), no equity can then leave the range of
    /// numbers; a larger cash used to fill a 100 % buy with infinitely many dollars.
    public static let maxStartingCash = 1e15

    public func run() throws -> Output {
        guard options.settings.startingCash <= Self.maxStartingCash else {
            throw BacktestJobError(message: Self.overflow("the starting cash \(Money.text(options.settings.startingCash)) is more than "
                + "any real account (at most \(Money.text(Self.maxStartingCash, cents: false)))"))
        }
        let advisor = try backtestAdvisor()
        let linter = Linter()
        let strategy = try Self.strategy(at: options.strategyPath, params: options.params, linter: linter)
        let policy = try linter.policy(at: options.policyPath)
        let (from, to) = try options.inputs.span()
        let compiled = StrategyCompiler.compile(strategy)
        let (loaded, series) = try options.inputs.bars(for: strategy, source: linter.lint(file: options.strategyPath).source,
                                                       keeping: BacktestInputs.fields(readBy: compiled))
        try Self.requireBars(in: series, from: from, to: to, options: options)
        var notes = loaded.report.skipped.map { "skipped \($0.description)" }
        let benchmark = try loadBenchmark(loaded: loaded, notes: &notes)

        let references = try options.inputs.referenceBars(for: strategy, inputs: compiled.inputs)
        let core = TradingCore(strategy: compiled, policy: CompiledPolicy(policy),
                               symbols: strategy.symbols, forceFractional: options.settings.fractional)
        let strategyRef = FileRef(name: strategy.name, file: options.strategyPath, sha256: FileDigest.sha256(path: options.strategyPath) ?? "")
        let policyRef = FileRef(name: policy.name, file: options.policyPath, sha256: FileDigest.sha256(path: options.policyPath) ?? "")
        let log = try options.auditPath.map { path -> AuditLog in
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            return try AuditLog(path: path, durability: .batched, indexing: .onClose)
        }
        let firstBar = series.compactMap { $0.count > 0 ? $0.timeText(0) : nil }.min() ?? ""
        if let log {
            _ = try log.append(.runStart(RunStart(
                runId: "\(Mode.backtest):\(strategy.name):\(options.from ?? firstBar)", mode: .backtest, strategy: strategyRef, policy: policyRef,
                config: configText(), versions: ["algobot": AlgobotVersion.current],
                dataFiles: loaded.files.map { FileRef(name: BarLoader.symbol(forFile: $0), file: $0, sha256: FileDigest.sha256(path: $0) ?? "") })),
                at: options.from ?? firstBar)
        }
        // The advisor's notes follow each decision in the log; the decision lines and the
        // orders are the same as without it.
        let advising = log.flatMap { log in
            advisor.map { AdvisingAuditSink(wrapping: log, runner: AdvisorRunner(advisor: $0, sink: log)) }
        }
        let result: BacktestResult
        do {
            // The engine reads the bars where they lie, for the run only (no second copy of them).
            result = try PreparedBars.borrowing(series, to: to, inputs: compiled.inputs, references: references,
                                                sessions: compiled.needsSession) { prepared in
                try Backtester(core: core, series: series,
                               options: .init(settings: options.settings, from: from, to: to, progress: options.progress),
                               audit: advising ?? log, records: DecisionRecords(mode: .backtest, strategy: strategyRef, policy: policyRef),
                               prepared: prepared, references: references).run()
            }
            // The log writes the engine's records on its own thread: a record it could not
            // write shows here.
            try log?.waitForAdded()
        } catch AuditError.encoding {
            // The only figures JSON cannot hold are infinities and NaN: the run overflowed.
            throw BacktestJobError(message: Self.overflow("a decision's figures are not finite numbers, so the audit log "
                + "cannot record them (JSON has no inf or NaN; nothing was written for that decision)"))
        }
        try Self.requireFiniteEquity(result.curve)
        advising?.finish()
        var report = BacktestReport(result: result, benchmark: benchmark, from: from, to: to, dataNotes: notes)
        report.coverage = RuleCoverageCounter(strategy: strategy, series: series, result: result, orders: report.orders,
                                              from: from, to: to, references: references).count()
        if let log {
            let summary: [String: Double] = [
                "final_equity": report.metrics.finalEquity, "total_return_pct": report.metrics.totalReturnPct,
                "max_drawdown_pct": report.metrics.maxDrawdownPct, "orders": Double(report.orders.count),
                "closed_trades": Double(report.trades.count),
            ]
            _ = try log.append(.runEnd(RunEnd(runId: "backtest:\(strategy.name):\(options.from ?? firstBar)", status: "completed",
                                              summary: summary)), at: report.period?.last ?? firstBar)
            try log.close()
        }
        return Output(report: report, series: series, auditRecords: log?.lastSequence ?? 0)
    }

    /// The checked strategy with `params` over its own (`algobot backtest --params`, and each
    /// combination of `algobot sweep`).
    static func strategy(at path: String, params: [(name: String, value: Double)], linter: Linter) throws -> CheckedStrategy {
        let file = linter.lint(file: path)
        guard let strategy = file.strategy else { throw RuleFileError(file: file) }
        do {
            return try strategy.with(params: params, source: file.source)
        } catch let error as ParamOverrideError {
            throw BacktestJobError(message: "--params: \(error.message)")
        }
    }

    /// Loaded bars are bounded (BarCheck), so equity overflows only with an absurd starting
    /// cash or a run of absurd trades; the report must then say so, never print "inf" or
    /// "unlimited" as a result.
    static func requireFiniteEquity(_ curve: EquityCurve) throws {
        guard let bad = curve.firstNonFiniteEquity() else { return }
        let when = bad < curve.timeTexts.count ? curve.timeTexts[bad] : "bar \(bad + 1)"
        throw BacktestJobError(message: overflow("the equity is not a finite number from \(when) on"))
    }

    static func overflow(_ what: String) -> String {
        "the backtest overflowed: \(what). The starting cash or the traded amounts are beyond any real market; "
            + "run it with a smaller --cash (see docs/BACKTEST.md, \"Numbers and their limits\")"
    }

    func loadBenchmark(loaded: LoadResult, notes: inout [String]) throws -> BarSeries? {
        if let series = loaded.series.first(where: { $0.symbol == options.benchmark }) { return series }
        do {
            return try BarLoader.load(path: options.dataPath, symbols: [options.benchmark], badRows: options.badRows).series.first
        } catch {
            if options.benchmarkExplicit { throw error }
            notes.append("no data for benchmark \(options.benchmark) in \(options.dataPath); the report has no benchmark")
            return nil
        }
    }

    /// Backtests ask the advisor in line, so only the instant (template) advisor fits.
    private func backtestAdvisor() throws -> TemplateAdvisor? {
        switch options.advisor {
        case .off: return nil
        case .template:
            guard options.auditPath != nil else {
                throw BacktestJobError(message: "--advisor template writes its notes to the audit log: add --audit FILE")
            }
            return TemplateAdvisor()
        case .chat:
            throw BacktestJobError(message: "--advisor chat is for live and paper runs (one HTTP call per decision); "
                                   + "backtests use --advisor template")
        }
    }

    private func configText() -> [String: String] {
        let s = options.settings
        var config = [
            "strategy": options.strategyPath, "policy": options.policyPath, "data": options.dataPath,
            "starting_cash": Money.number(s.startingCash), "commission_per_share": Money.number(s.commissionPerShare, places: 6),
            "commission_minimum": Money.number(s.commissionMinimum), "commission_percent": Money.number(s.commissionPercent, places: 6),
            "slippage_bps": Money.number(s.slippageBps, places: 4), "fractional": String(s.fractional),
            "approve_all": String(s.approveAll), "benchmark": options.benchmark,
        ]
        if s.borrowFeePercent > 0 { config["borrow_fee_pct"] = Money.number(s.borrowFeePercent, places: 6) }
        if let from = options.from { config["from"] = from }
        if let to = options.to { config["to"] = to }
        if options.advisor != .off { config["advisor"] = options.advisor.rawValue }
        if !options.params.isEmpty {
            config["params"] = options.params.map { "\($0.name)=\(Expr.format($0.value))" }.joined(separator: ",")
        }
        return config
    }
}

public struct BacktestJobError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// The release version, recorded in run-start audit records.
public enum AlgobotVersion {
    public static let current = "0.1.0"
}
