import Engine
import Vocabulary

/// The one line a report opens with: how the strategy did against the benchmark, what kept
/// its orders from being executed, and how much of the time it was invested. Text, HTML and
/// JSON (`summary.verdict`) print this same sentence, so they cannot disagree.
extension BacktestReport {
    /// How the orders that needed approval were handled, counted once for every place that
    /// mentions them. `needed` counts the policy's outcome, whatever happened next.
    public struct ApprovalAccount: Sendable, Equatable {
        /// The policy asked for approval.
        public var needed = 0
        /// Needed approval and were executed because the run approved everything (`--approve-all`).
        public var approvedByApproveAll = 0
        /// Needed approval, got none, and were not executed.
        public var notExecuted = 0
        /// Needed approval and a person approved them (a recorded run's `approval` records).
        public var approvedByPerson = 0

        /// "57 needed approval (approved by --approve-all)", "96 needed approval (not executed)".
        public var phrase: String {
            var parts: [String] = []
            if approvedByApproveAll > 0 { parts.append("approved by --approve-all") }
            if approvedByPerson > 0 { parts.append("\(approvedByPerson) approved by a person") }
            let approvedSome = approvedByApproveAll + approvedByPerson > 0
            if notExecuted > 0 { parts.append(approvedSome ? "\(notExecuted) not executed" : "not executed") }
            return "\(needed) needed approval" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
        }

        public init() {}

        /// Counted from the orders' gists (no order is built).
        init(_ orders: OrderReports, approveAll: Bool) {
            for i in orders.indices {
                let order = orders.gist(i)
                guard order.outcome == .needsApproval else { continue }
                needed += 1
                if order.status == .needsApproval {
                    notExecuted += 1
                } else if approveAll {
                    approvedByApproveAll += 1
                } else if order.approved {
                    approvedByPerson += 1
                }
            }
        }
    }


    /// "Trails SPY buy & hold by 303.0 points; 96 of 108 orders waited for approval and were
    /// not executed (run with --approve-all to see them executed); invested 2 % of the time."
    public var verdict: String {
        var clauses = [performanceClause]
        let decided = orders.count
        let approvals = approvals
        if approvals.notExecuted > 0 {
            clauses.append("\(approvals.notExecuted) of \(decided) orders waited for approval and were not executed"
                           + (source.isRecordedRun ? " (rejected, expired or still waiting)" : " (run with --approve-all to see them executed)"))
        }
        if approvals.approvedByPerson > 0 {
            clauses.append("\(approvals.approvedByPerson) of \(decided) orders needed approval and a person approved them")
        }
        if approvals.approvedByApproveAll > 0 {
            clauses.append("\(approvals.approvedByApproveAll) of \(decided) orders needed approval and were executed"
                           + " as if a person had approved them (--approve-all)")
        }
        let blocked = count(.blocked)
        if blocked > 0 { clauses.append("\(blocked) of \(decided) orders were blocked by the policy") }
        let noCash = canceledForLackOfCash
        if noCash > 0 { clauses.append("\(noCash) \(noCash == 1 ? "buy was" : "buys were") canceled for lack of cash") }
        if decided == 0 { clauses.append("no rule fired, so no order was placed") }
        clauses.append("invested \(exposureWords) of the time")
        return clauses.joined(separator: "; ") + "."
    }

    /// Against the benchmark in percentage points when there is one, else the return itself.
    private var performanceClause: String {
        let own = metrics.totalReturnPct
        guard let bench = benchmark else {
            return own >= 0 ? "Returned \(Money.grouped(own, places: 1)) %" : "Lost \(Money.grouped(-own, places: 1)) %"
        }
        let gap = own - bench.totalReturnPct
        let points = Money.grouped(abs(gap), places: 1)
        let name = "\(bench.symbol) buy & hold"
        if points == "0.0" { return "Matches \(name) (within 0.1 points)" }
        return gap > 0 ? "Beats \(name) by \(points) points" : "Trails \(name) by \(points) points"
    }

    /// Whole percent, except that a little exposure is not rounded away to nothing.
    private var exposureWords: String {
        let exposure = metrics.exposurePct
        if exposure > 0 && exposure < 0.5 { return "under 1 %" }
        return "\(Money.grouped(exposure, places: 0)) %"
    }
}
