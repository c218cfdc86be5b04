import Audit
import Foundation
import Logging
import Vocabulary

/// What the operator sees: one line per bar on standard output and `state/status.json`
/// (rewritten after every bar and poll, when the broker goes down and as an order leaves).
/// It reads the other components and changes none of them.
final class StatusBoard {
    private let symbols: [String]
    private let options: LiveRunner.Options
    private let clock: RunClock
    private let journal: RunJournal
    private let session: BrokerSession
    private let gate: TradingGate
    private let reconciler: LiveReconciler
    private let router: OrderRouter
    private let approvals: ApprovalDesk
    private let decisions: DecisionStep
    private let logger: Logger
    /// Wall time when the runner was made.
    private let startedAt: Date

    private(set) var runId = ""
    private(set) var barsProcessed = 0
    private var lastBarText: String?

    init(symbols: [String], options: LiveRunner.Options, clock: RunClock, journal: RunJournal, session: BrokerSession,
         gate: TradingGate, reconciler: LiveReconciler, router: OrderRouter, approvals: ApprovalDesk, decisions: DecisionStep,
         startedAt: Date, logger: Logger) {
        self.symbols = symbols
        self.options = options
        self.clock = clock
        self.journal = journal
        self.session = session
        self.gate = gate
        self.reconciler = reconciler
        self.router = router
        self.approvals = approvals
        self.decisions = decisions
        self.startedAt = startedAt
        self.logger = logger
    }

    /// The run's id, once its `run_start` record names it.
    func begin(runId: String) {
        self.runId = runId
    }

    /// A bar time has been processed.
    func count(_ group: BarGroup) {
        barsProcessed += 1
        lastBarText = group.text
    }

    /// `2020-03-02  SPY 301.23  equity $10,234.56  cash $1,234.00  holding SPY 30  open orders 0
    ///  last decision SPY enter-long buy: allow  broker healthy`, plus HALTED / MISMATCH flags.
    func line(_ group: BarGroup) -> String {
        let closes = group.entries.map { "\(symbols[$0.symbol]) \(String(format: "%.2f", $0.bar.close))" }
        var parts = [group.text, closes.joined(separator: " ")]
        let account = session.account
        parts.append("equity \(account.map { Money.text($0.equity) } ?? "?")")
        parts.append("cash \(account.map { Money.text($0.cash) } ?? "?")")
        let holdings = symbols.map { "\($0) \(Reconciler.shares(session.held($0)))" }
        parts.append("holding " + holdings.joined(separator: ", "))
        parts.append("open orders \(journal.openOrders.count)")
        parts.append("last decision " + (decisions.lastText ?? "none yet"))
        parts.append("broker " + (session.isDown ? "DOWN" : "healthy"))
        if approvals.pending > 0 { parts.append("\(approvals.pending) waiting for approval") }
        if let halt = gate.halt { parts.append("HALTED by \(halt.by)") }
        if reconciler.ok == false { parts.append("RECONCILIATION MISMATCH") }
        return parts.joined(separator: "  ")
    }

    /// Rewrites `state/status.json`; `endStatus` once the run has ended.
    func write(endStatus: String? = nil) {
        var holdings: [RunStatus.Holding] = []
        for position in session.positions.sorted(by: { $0.symbol < $1.symbol }) where abs(position.qty) >= 1e-9 {
            let price = session.marks[position.symbol] ?? position.currentPrice
            holdings.append(.init(symbol: position.symbol, qty: position.qty, marketValue: price.map { $0 * position.qty }))
        }
        let halt = gate.halt
        let status = RunStatus(
            mode: options.mode, broker: session.broker.kind, brokerURL: options.brokerURL, strategy: options.strategyPath,
            policy: options.policyPath, runId: runId, pid: getpid(), running: endStatus == nil, lastBar: lastBarText,
            marketTime: clock.market.map { MarketTime.utcText($0.now) },
            barsProcessed: barsProcessed, equity: session.account?.equity, cash: session.account?.cash, positions: holdings,
            openOrders: journal.openOrders.count, submitting: router.sending, pendingApprovals: approvals.pending,
            approvalsExpired: approvals.closedCounts[.expired] ?? 0, approvalsRejected: approvals.closedCounts[.rejected] ?? 0,
            lastApprovalEvent: approvals.lastEvent, lastDecisionId: decisions.lastId,
            lastDecision: decisions.lastText, brokerHealth: session.isDown ? "down" : "healthy", brokerDetail: session.downDetail,
            halted: halt != nil, haltReason: halt.map { $0.reason ?? "halted by \($0.by)" }, reconciliationOK: reconciler.ok,
            reconciliationMismatches: reconciler.mismatches, updatedAt: clock.wallText,
            startedAt: MarketTime.utcText(startedAt), endStatus: endStatus, auditRecords: journal.audit.head.seq,
            auditHead: journal.audit.head.hash)
        do {
            try status.write(path: options.state.status)
        } catch {
            logger.warning("could not write the status file", metadata: ["error": "\(error)"])
        }
    }
}
