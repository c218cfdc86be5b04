import Audit
import Engine
import Foundation
import Notify
import Policy
import Vocabulary

/// What the run tells a person through `notify:` webhooks. Each notification is handed to
/// `options.notify` (the CLI's `Notifier`), which returns at once and delivers in the
/// background: nothing here waits for a webhook.
extension LiveRunner {
    /// Orders, fills and the policy's objections since the last daily summary.
    struct DayTally {
        var orders = 0
        var fills = 0
        var waited = 0
        var blocked = 0
        var symbols: Set<String> = []
    }

    func tell(_ event: NotifyEvent, _ text: String, _ fields: [NotifyMessage.Field] = []) {
        options.notify?(NotifyMessage(event: event, time: marketNow, text: text, fields: fields))
    }

    /// An order waits: what it is, until when, and the exact commands that decide it.
    func tellApprovalNeeded(_ item: ApprovalItem) {
        let order = item.decision.order
        let size = order.qty.map { "\(Money.quantity($0)) shares" } ?? order.notional.map { Money.text($0) } ?? "?"
        let state = options.state.path
        let approve = "algobot approvals approve \(item.id) --state \(state) --note \"…\""
        let reject = "algobot approvals reject \(item.id) --state \(state) --reason \"…\""
        tell(.approvalNeeded,
             "\(order.side) \(size) \(item.symbol) at about \(Money.text(order.price)) (rule \(item.decision.rule.id)) waits for your "
                + "approval until \(item.expiresAt): \(item.decision.effectiveReason)",
             [.init("order", item.id), .init("symbol", item.symbol), .init("side", order.side.rawValue), .init("size", size),
              .init("rule", item.decision.rule.id), .init("expires_at", item.expiresAt), .init("approve", approve),
              .init("reject", reject), .init("explain", "algobot explain --order \(item.id) --audit \(options.state.audit)")])
    }

    /// `run_ended` (completed, interrupted) or `run_crashed` (failed), before `run_end` is written.
    func tellRunEnd(status: String, message: String?) {
        let counts = "\(barsProcessed) bars, \(decisionCount) decisions, \(ordersSent) orders sent, \(fillCount) fills"
        let fields: [NotifyMessage.Field] = [.init("status", status), .init("state", options.state.path)]
        if status == "failed" {
            tell(.runCrashed, "the run stopped on an error: \(message ?? "unknown"); \(counts). Look at its log, then start it again "
                 + "with the same --state", fields)
        } else {
            tell(.runEnded, "the run ended (\(status)): \(counts)", fields)
        }
    }

    /// Reads the kill switch and tells about a change (not the state found at start).
    func refreshHalt() {
        let now = killSwitch.current()
        defer { halt = now }
        switch (halt, now) {
        case (nil, let on?):
            tell(.halted, "trading is halted by \(on.by)" + (on.reason.map { ": \($0)" } ?? "") + "; no new order is sent until `algobot resume`",
                 [.init("by", on.by)])
        case (_?, nil):
            tell(.resumed, "trading was resumed; new orders may be sent again")
        default:
            break
        }
    }

    /// Counts a decision for the day's summary.
    func tally(_ record: DecisionRecord) {
        dayTally.symbols.insert(record.symbol)
        switch record.effectiveOutcome {
        case .allow: break
        case .needsApproval: dayTally.waited += 1
        case .block: dayTally.blocked += 1
        }
    }

    /// After a session's last bar (every daily bar; the intraday bar that closes at 16:00 New
    /// York or later): profit and loss against the previous close, orders, fills, objections.
    func summarizeDayIfOver(_ group: BarGroup) {
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
