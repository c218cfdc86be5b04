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
        for i in 0..<entries.count {
            let e = entries[i]
            tally.statuses[e.status.rawValue, default: 0] += 1
            if e.status == .canceled && e.note == .noCash { tally.canceledNoCash += 1 }
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
        return tally
    }
}
