import Audit
import Engine
import Foundation
import Notify
import Vocabulary

/// What the run tells a person through `notify:` webhooks. Each notification is handed to
/// `options.notify` (the CLI's `Notifier`), which returns at once and delivers in the
/// background: nothing here waits for a webhook. Stamped with the market time.
final class RunNotices {
    /// Orders, fills and the policy's objections since the last daily summary.
    struct DayTally {
        var orders = 0
        var fills = 0
        var waited = 0
        var blocked = 0
        var symbols: Set<String> = []
    }

    private let notify: (@Sendable (NotifyMessage) -> Void)?
    private let state: StateFolder
    private let clock: RunClock
    private var dayTally = DayTally()
    private var lastSummarizedDay: Int64?

    init(notify: (@Sendable (NotifyMessage) -> Void)?, state: StateFolder, clock: RunClock) {
        self.notify = notify
        self.state = state
        self.clock = clock
    }

    func tell(_ event: NotifyEvent, _ text: String, _ fields: [NotifyMessage.Field] = []) {
        notify?(NotifyMessage(event: event, time: clock.marketText, text: text, fields: fields))
    }

    /// An order waits: what it is, until when, and the exact commands that decide it.
    func approvalNeeded(_ item: ApprovalItem) {
        let order = item.decision.order
        let size = order.qty.map { "\(Money.quantity($0)) shares" } ?? order.notional.map { Money.text($0) } ?? "?"
        let approve = "algobot approvals approve \(item.id) --state \(state.path) --note \"…\""
        let reject = "algobot approvals reject \(item.id) --state \(state.path) --reason \"…\""
        tell(.approvalNeeded,
             "\(order.side) \(size) \(item.symbol) at about \(Money.text(order.price)) (rule \(item.decision.rule.id)) waits for your "
                + "approval until \(item.expiresAt): \(item.decision.effectiveReason)",
             [.init("order", item.id), .init("symbol", item.symbol), .init("side", order.side.rawValue), .init("size", size),
              .init("rule", item.decision.rule.id), .init("expires_at", item.expiresAt), .init("approve", approve),
              .init("reject", reject), .init("explain", "algobot explain --order \(item.id) --audit \(state.audit)")])
    }

    /// `run_ended` (completed, interrupted) or `run_crashed` (failed), before `run_end` is written.
    func runEnd(status: String, message: String?, summary: LiveRunner.Summary) {
        let counts = "\(summary.bars) bars, \(summary.decisions) decisions, \(summary.ordersSent) orders sent, \(summary.fills) fills"
        let fields: [NotifyMessage.Field] = [.init("status", status), .init("state", state.path)]
        if status == "failed" {
            tell(.runCrashed, "the run stopped on an error: \(message ?? "unknown"); \(counts). Look at its log, then start it again "
                 + "with the same --state", fields)
        } else {
            tell(.runEnded, "the run ended (\(status)): \(counts)", fields)
        }
    }

    /// Counts a recorded decision for the day's summary.
    func counted(_ record: DecisionRecord) {
        dayTally.symbols.insert(record.symbol)
        switch record.effectiveOutcome {
        case .allow: break
        case .needsApproval: dayTally.waited += 1
        case .block: dayTally.blocked += 1
        }
    }

    /// Counts an order sent for the day's summary.
    func orderSent() {
        dayTally.orders += 1
    }

    /// Counts a fill for the day's summary.
    func fillRecorded() {
        dayTally.fills += 1
    }

    /// After a session's last bar (every daily bar; the intraday bar that closes at 16:00 New
    /// York or later): profit and loss against the previous close, orders, fills, objections.
    func summarizeDayIfOver(_ group: BarGroup, account: BrokerAccount?) {
        let day: Int64
        if group.utcOffset == nil {
            day = CivilDate.day(containing: group.time)
        } else {
            guard NewYorkTime.secondOfDay(utc: group.end) >= NewYorkTime.sessionCloseSeconds else { return }
            day = NewYorkTime.localDate(utc: group.time)
        }
        guard day != lastSummarizedDay else { return }
        lastSummarizedDay = day
        let t = dayTally
        dayTally = DayTally()
        let equity = account?.equity
        let pnl = equity.flatMap { now in account?.lastEquity.map { now - $0 } }
        let pnlText = pnl.map { ($0 >= 0 ? "+" : "−") + Money.text(abs($0)) } ?? "unknown"
        tell(.dailySummary,
             "\(ISOTimestamp.dateText(day: day)): P&L \(pnlText), equity \(equity.map { Money.text($0) } ?? "unknown"); "
                + "\(t.orders) orders sent, \(t.fills) fills; the policy held \(t.waited) for approval and blocked \(t.blocked)",
             [.init("day", ISOTimestamp.dateText(day: day)), .init("pnl", pnl.map { String(format: "%.2f", $0) } ?? "unknown"),
              .init("equity", equity.map { String(format: "%.2f", $0) } ?? "unknown"), .init("orders", "\(t.orders)"),
              .init("fills", "\(t.fills)"), .init("needs_approval", "\(t.waited)"), .init("blocked", "\(t.blocked)")])
    }
}
