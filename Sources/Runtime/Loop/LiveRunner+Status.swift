import Alpaca
import Audit
import Foundation
import MarketData
import RuleLanguage
import Vocabulary

/// What the operator sees: one line per bar on standard output and `state/status.json`.
extension LiveRunner {
    /// `2020-03-02  SPY 301.23  equity $10,234.56  cash $1,234.00  holding SPY 30  open orders 0
    ///  last decision SPY enter-long buy: allow  broker healthy`, plus HALTED / MISMATCH flags.
    func statusLine(_ group: BarGroup) -> String {
        let closes = group.entries.map { "\(core.symbols[$0.symbol]) \(String(format: "%.2f", $0.bar.close))" }
        var parts = [group.text, closes.joined(separator: " ")]
        parts.append("equity \(account.map { Money.text($0.equity) } ?? "?")")
        parts.append("cash \(account.map { Money.text($0.cash) } ?? "?")")
        let holdings = core.symbols.map { "\($0) \(Reconciler.shares(held($0)))" }
        parts.append("holding " + holdings.joined(separator: ", "))
        parts.append("open orders \(ledger.openOrders.count)")
        parts.append("last decision " + (lastDecisionText ?? "none yet"))
        parts.append("broker " + (brokerDown ? "DOWN" : "healthy"))
        if pendingApprovals > 0 { parts.append("\(pendingApprovals) waiting for approval") }
        if let halt { parts.append("HALTED by \(halt.by)") }
        if reconciliationOK == false { parts.append("RECONCILIATION MISMATCH") }
        return parts.joined(separator: "  ")
    }

    func writeStatus(endStatus: String? = nil) {
        var holdings: [RunStatus.Holding] = []
        for position in positions.sorted(by: { $0.symbol < $1.symbol }) where abs(position.qty) >= 1e-9 {
            let price = marks[position.symbol] ?? position.currentPrice
            holdings.append(.init(symbol: position.symbol, qty: position.qty, marketValue: price.map { $0 * position.qty }))
        }
        let status = RunStatus(
            mode: options.mode, broker: broker.kind, brokerURL: options.brokerURL, strategy: options.strategyPath,
            policy: options.policyPath, runId: runId, pid: getpid(), running: endStatus == nil, lastBar: lastBarText,
            marketTime: clock.map { MarketTime.utcText($0.now) },
            barsProcessed: barsProcessed, equity: account?.equity, cash: account?.cash, positions: holdings,
            openOrders: ledger.openOrders.count, submitting: submitting, pendingApprovals: pendingApprovals,
            approvalsExpired: approvalCounts[.expired] ?? 0, approvalsRejected: approvalCounts[.rejected] ?? 0,
            lastApprovalEvent: lastApprovalEvent, lastDecisionId: lastDecisionId,
            lastDecision: lastDecisionText, brokerHealth: brokerDown ? "down" : "healthy", brokerDetail: brokerDetail,
            halted: halt != nil, haltReason: halt.map { $0.reason ?? "halted by \($0.by)" }, reconciliationOK: reconciliationOK,
            reconciliationMismatches: mismatches, updatedAt: MarketTime.utcText(options.wallClock()),
            startedAt: MarketTime.utcText(startedAt), endStatus: endStatus, auditRecords: audit?.head.seq, auditHead: audit?.head.hash)
        do {
            try status.write(path: options.state.status)
        } catch {
            logger.warning("could not write the status file", metadata: ["error": "\(error)"])
        }
    }

    /// Keeps `state/bars.sqlite` current (live data only), so backtests see what the bot saw.
    func storeBars(_ group: BarGroup) {
        guard options.storeBars else { return }
        do {
            let store = try barStore ?? BarStore(path: options.state.bars)
            barStore = store
            for entry in group.entries {
                let bar = entry.bar
                let series = BarSeries(symbol: core.symbols[entry.symbol], times: [group.time],
                                       utcOffsets: group.utcOffset.map { [$0] } ?? [], open: [bar.open], high: [bar.high],
                                       low: [bar.low], close: [bar.close], volume: [bar.volume])
                try store.upsert(series, timeframe: feed.timeframe)
            }
        } catch {
            logger.warning("could not store bars", metadata: ["error": "\(error)"])
        }
    }
}
