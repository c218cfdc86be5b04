import Policy

extension DecisionLog {
    /// What a summary counts about the decisions, without building an `OrderReport` per
    /// order (`algobot sweep` reads thousands of runs). The figures are those a report
    /// counts from `reports()`: the same statuses and, from each order's check status bytes, the
    /// same violations.
    public struct Tally: Sendable, Equatable {
        /// Decisions per `OrderReport.Status`, by the status's raw value.
        public var statuses: [String: Int] = [:]
        /// Buys canceled because the cash left at the next open did not pay for one share.
        public var canceledNoCash = 0
        /// Per policy check (`CompiledPolicy.ruleIDs` order): orders it blocked or held for approval.
        public var violations: [(block: Int, needsApproval: Int)] = []

        public init(violations: [(block: Int, needsApproval: Int)]) {
            self.violations = violations
        }

        public func count(_ status: OrderReport.Status) -> Int { statuses[status.rawValue] ?? 0 }

        public static func == (a: Tally, b: Tally) -> Bool {
            a.statuses == b.statuses && a.canceledNoCash == b.canceledNoCash
                && a.violations.map(\.block) == b.violations.map(\.block)
                && a.violations.map(\.needsApproval) == b.violations.map(\.needsApproval)
        }
    }

    public func tally() -> Tally {
        var tally = Tally(violations: Array(repeating: (0, 0), count: policy.ruleIDs.count))
        let checks = policy.checkCount
        // Counted by case, then keyed by word once: hashing a word per order cost a sweep
        // more than the rest of the tally.
        var counts = (filled: 0, blocked: 0, needsApproval: 0, unfilled: 0, canceled: 0)
        for i in 0..<entries.count {
            let e = entries[i]
            switch e.status {
            case .filled: counts.filled += 1
            case .blocked: counts.blocked += 1
            case .needsApproval: counts.needsApproval += 1
            case .unfilled: counts.unfilled += 1
            case .canceled:
                counts.canceled += 1
                if e.note == .noCash { tally.canceledNoCash += 1 }
            }
            // The status bytes say which checks failed; what a failure does is fixed per check,
            // and a check that could not be evaluated blocks (as `CheckResult.outcome` says).
            for k in 0..<checks {
                let status = statuses[i * checks + k]
                guard status != 0 else { continue }
                switch status == 1 ? policy.outcomeOnFailure(check: k) : .block {
                case .block: tally.violations[k].block += 1
                case .needsApproval: tally.violations[k].needsApproval += 1
                case .allow: break
                }
            }
        }
        for (status, count) in [(OrderReport.Status.filled, counts.filled), (.blocked, counts.blocked), (.needsApproval, counts.needsApproval),
                                (.unfilled, counts.unfilled), (.canceled, counts.canceled)] where count > 0 {
            tally.statuses[status.rawValue] = count
        }
        return tally
    }
}
