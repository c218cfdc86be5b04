import Engine
import MarketData
import Policy
import RuleLanguage
import Vocabulary

/// The numbers of one backtest, ready to print as a table, JSON or HTML. Built only from
/// the result and the data, so the same inputs give the same report, byte for byte.
public struct BacktestReport: Sendable {
    public let result: BacktestResult
    /// The result's orders, each built when read (writers read each once; counts come from
    /// `tally` and `approvals`), and its round trips, built once.
    public let orders: OrderReports
    public let trades: [Trade]
    /// The orders' statuses and policy objections, counted once from their figures.
    let tally: DecisionLog.Tally
    /// How the orders that needed approval were handled.
    public let approvals: ApprovalAccount
    public let metrics: Metrics
    public let benchmark: BuyAndHold?
    /// The benchmark's curve through the same formulas as the strategy's (Sharpe, CAGR, ...).
    public let benchmarkMetrics: Metrics?
    /// `rule id → (block, needs_approval)` for every policy rule, zeros included, in policy order.
    public let violations: [(rule: String, block: Int, needsApproval: Int)]
    public let dataNotes: [String]
    public let tradeStatistics: TradeStatistics
    /// The five deepest stretches below a peak of the strategy's curve.
    public let drawdownPeriods: [DrawdownPeriod]
    public let monthlyReturns: [MonthlyReturn]
    /// What each strategy rule and each part of its condition did; nil when the report was
    /// made without the run's bars (`BacktestJob` always counts it).
    public var coverage: RuleCoverage?
    /// A backtest, or a run read back from its audit log (`algobot report --audit`).
    public var source: ReportSource = .backtest

    public init(result: BacktestResult, benchmark: BarSeries?, from: Int64?, to: Int64?, dataNotes: [String] = []) {
        self.result = result
        orders = result.orderReports
        trades = result.trades
        let periodsPerYear = Metrics.periodsPerYear(timeframe: result.strategy.timeframe)
        metrics = Metrics(startingCash: result.settings.startingCash, curve: result.curve, periodsPerYear: periodsPerYear)
        // Over the backtest's own bars, not the benchmark's whole file: a strategy whose data
        // starts later (QQQ in 2011) is compared with SPY from that day, not from 1998.
        let first = [from, result.curve.times.first].compactMap { $0 }.max()
        let last = [to, result.curve.times.last].compactMap { $0 }.min()
        let bench = benchmark.flatMap { BuyAndHold(series: $0, cash: result.settings.startingCash, from: first, to: last) }
        self.benchmark = bench
        benchmarkMetrics = bench.map { b in
            Metrics(startingCash: result.settings.startingCash, equity: b.equity, times: b.times,
                    invested: b.equity.map { $0 - b.cashLeft }, periodsPerYear: periodsPerYear)
        }
        tally = orders.tally(checks: result.ruleIDs.count)
        approvals = ApprovalAccount(orders, approveAll: result.settings.approveAll)
        let counts = tally.violations
        violations = result.ruleIDs.indices.map { (result.ruleIDs[$0], counts[$0].block, counts[$0].needsApproval) }
        self.dataNotes = dataNotes
        tradeStatistics = TradeStatistics(trades: trades)
        drawdownPeriods = DrawdownPeriod.worst(result.curve.equity)
        monthlyReturns = MonthlyReturn.of(curve: result.curve, startingCash: result.settings.startingCash)
    }

    public var winRatePct: Double? {
        guard !trades.isEmpty else { return nil }
        return Double(trades.reduce(0) { $0 + ($1.pnl > 0 ? 1 : 0) }) / Double(trades.count) * 100
    }

    public func count(_ status: OrderReport.Status) -> Int { tally.count(status) }

    /// Buys canceled because the cash left at the next open did not pay for one share.
    public var canceledForLackOfCash: Int { tally.canceledNoCash }

    /// Why buys were canceled, in a sentence; nil when none was.
    var lackOfCashNote: String? {
        let n = canceledForLackOfCash
        guard n > 0 else { return nil }
        let buys = n == 1 ? "1 buy was" : "\(Money.grouped(Int64(n))) buys were"
        return "\(buys) canceled for lack of cash: at the next open the cash left did not pay for one share, "
            + "because open positions or earlier buys already held it (buy sizes that add up to more than 100% of equity do this)."
    }

    public var period: (first: String, last: String)? {
        guard let first = result.curve.timeTexts.first, let last = result.curve.timeTexts.last else { return nil }
        return (first, last)
    }
}
