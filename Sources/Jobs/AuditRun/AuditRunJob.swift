import Audit
import Engine
import Foundation
import MarketData
import Policy
import Report
import RuleLanguage
import Vocabulary

/// The report of a paper, dry or simulator run, made from its audit log: what
/// `algobot report --audit` does, callable from tests. The log must verify first; its
/// decisions are judged again by the policy file that made them (same SHA-256), its fills
/// replayed over the bars the run traded, and the result drawn by the backtest's renderers
/// beside buy & hold of the benchmark over the same bars.
public struct AuditRunJob {
    public struct Options: Sendable {
        public var auditPath = "state/audit.jsonl"
        /// Bars to mark the equity with; nil: the run's own (`replay` in its run_start), else
        /// `bars.sqlite` beside the log when there is one (a paper run stores its bars there),
        /// else the bundled `data/daily`.
        public var dataPath: String?
        public var benchmark = "SPY"

        public init() {}
    }

    public struct Output: Sendable {
        public let report: BacktestReport
        /// Bars of every symbol the run held or traded, for charts.
        public let series: [BarSeries]
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() throws -> Output {
        let path = options.auditPath
        var notes = try verify()
        let records = try AuditRunRecords(path: path)
        guard let lastStart = records.runStarts.last, let from = records.first, let to = records.last else {
            throw AuditReportError(message: "\(path) holds no run (no run_start record followed by the run's records): "
                + "give the audit log of an `algobot run` (state/audit.jsonl)")
        }
        let files = try AuditRunFiles(records: records, path: path)
        let strategy = files.strategy, policy = CompiledPolicy(files.policy)
        let start = try Self.start(records, path: path)
        let dataPath = options.dataPath ?? lastStart.config["replay"] ?? lastStart.config["data"] ?? Self.storeBeside(path) ?? "data/daily"
        var symbols = strategy.symbols
        for symbol in (start.positions.map { $0.symbol } + records.fills.map { $0.record.symbol }).sorted() where !symbols.contains(symbol) {
            symbols.append(symbol)
        }
        let loaded = try BarLoader.load(path: dataPath, symbols: symbols, timeframe: strategy.timeframe)
        let series = symbols.compactMap { symbol in loaded.series.first { $0.symbol == symbol } }
        let ruleIDs = strategy.rules.map(\.id)
        let ledger = try AuditRunLedger(series: series, start: start, fills: records.fills, rules: Self.rules(records, ruleIDs: ruleIDs),
                                        ruleIDs: ruleIDs, from: from, to: to, dataPath: dataPath)
        let orders = try AuditRunOrders(policy: policy, records: records, fillBars: ledger.fillBars, path: path).reports()
        let result = BacktestResult(strategy: strategy, policy: files.policy, ruleIDs: policy.ruleIDs,
                                    settings: ExecutionSettings(startingCash: ledger.startingEquity), symbols: symbols,
                                    curve: ledger.curve, orders: orders, trades: ledger.trades, openPositions: ledger.openPositions,
                                    finalCash: ledger.finalCash, commissionsPaid: ledger.commissions,
                                    barsProcessed: ledger.curve.count)
        let benchmark = loaded.series.first { $0.symbol == options.benchmark }
            ?? (try? BarLoader.load(path: dataPath, symbols: [options.benchmark], timeframe: strategy.timeframe))?.series.first
        notes += AuditRunNotes(records: records, curve: ledger.curve, benchmark: benchmark, benchmarkSymbol: options.benchmark,
                               dataPath: dataPath).lines
        var report = BacktestReport(result: result, benchmark: benchmark, from: ledger.curve.times.first, to: ledger.curve.times.last,
                                    dataNotes: notes)
        report.source = .auditLog(path: path, mode: lastStart.mode, broker: lastStart.config["broker"] ?? "unknown broker",
                                  runs: records.runStarts.count, records: records.count, data: dataPath)
        return Output(report: report, series: series)
    }

    /// Only a log whose hash chain is intact is reported; what is wrong is said in the words of
    /// `algobot audit verify`. Warnings (no index beside the log) become notes of the report.
    private func verify() throws -> [String] {
        let path = options.auditPath
        let result: VerifyResult
        do {
            result = try AuditVerifier.verify(path: path)
        } catch {
            throw AuditReportError(message: "\(path): \(error)")
        }
        let refusal = " No report was made from it, and nothing in it was changed: `algobot audit verify \(path)` says the same; "
            + "see RUNBOOK.md, \"Damaged audit log\"."
        guard result.problem == nil else { throw AuditReportError(message: "\(path): \(result.message).\(refusal)") }
        if let finding = result.indexFinding { throw AuditReportError(message: "\(path): \(finding).\(refusal)") }
        return ["audit log \(path): \(result.message)"] + result.warnings.map { "audit log \(path): warning: \($0)" }
    }

    /// The account the run started from: the broker's cash and positions at its first
    /// reconciliation (a backtest's log has none: its starting cash).
    static func start(_ records: AuditRunRecords, path: String) throws -> AuditRunLedger.Start {
        if let first = records.reconciliations.first(where: { $0.record.cash != nil })?.record, let cash = first.cash {
            let positions = (first.positions ?? [:]).sorted { $0.key < $1.key }.map { (symbol: $0.key, qty: $0.value) }
            return .init(cash: cash, positions: positions)
        }
        if let text = records.runStarts.first?.config["starting_cash"], let cash = Double(text) {
            return .init(cash: cash, positions: [])
        }
        throw AuditReportError(message: "\(path) has no reconciliation with the broker's cash and positions, so the account the run "
            + "started from is unknown; a run records one before its first decision")
    }

    /// The index in `ruleIDs` of the rule whose decision made each order, by order id.
    static func rules(_ records: AuditRunRecords, ruleIDs: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (record, _) in records.decisions {
            if let rule = ruleIDs.firstIndex(of: record.rule.id) { index[record.order.orderId] = rule }
        }
        return index
    }

    /// `bars.sqlite` in the log's folder, where a paper run adds every bar it sees.
    static func storeBeside(_ auditPath: String) -> String? {
        let store = ((auditPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("bars.sqlite")
        return FileManager.default.fileExists(atPath: store) ? store : nil
    }
}

public struct AuditReportError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
