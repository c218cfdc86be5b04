import RuleLanguage

/// The four built-in limits. Orders that only reduce a position ("exits") pass every
/// limit: getting out of risk must never wait for a limit or a person. User rules can
/// still hold exits (they see `reduces_position`).
struct LimitChecks {
    static let names = ["position_value_after", "gross_exposure_after", "drawdown_today", "notional"]
    /// What each limit does to an order it fails, in check order.
    static let outcomes: [CheckedPolicy.Outcome] = [.block, .block, .block, .needsApproval]

    let limits: CompiledPolicy.LimitValues
    let inputs: PolicyInputs
    let equity: Double

    private func check(_ index: Int, _ outcome: CheckedPolicy.Outcome, value: Double, limit: Double?, configured: Bool,
                       passes: (Double, Double) -> Bool) -> CheckResult {
        func result(_ status: CheckResult.Status, _ detail: CheckResult.Detail) -> CheckResult {
            CheckResult(index: index, kind: .limit, status: status, outcomeOnFailure: outcome, value: value, limit: limit, detail: detail)
        }
        guard configured else { return result(.pass, .notSet) }
        if inputs.reducesPosition { return result(.pass, .reducing) }
        guard let limit, value.isFinite, limit.isFinite else { return result(.error, .missing) }
        return result(passes(value, limit) ? .pass : .fail, .compared)
    }

    @inline(__always)
    func forEach(_ body: (CheckResult) -> Void) {
        let positionLimit = limits.positionNotional ?? limits.positionPercent.map { equity * $0 / 100 }
        // A tiny tolerance: 100 % of equity must fit under a 100 %-of-equity limit despite rounding.
        let atMost = { (value: Double, limit: Double) in value <= limit + 1e-9 }
        body(
            check(0, Self.outcomes[0], value: inputs.positionValueAfter, limit: positionLimit,
                  configured: limits.positionNotional != nil || limits.positionPercent != nil, passes: atMost))
        body(
            check(1, Self.outcomes[1], value: inputs.grossExposureAfter, limit: limits.gross, configured: limits.gross != nil, passes: atMost))
        body(
            check(2, Self.outcomes[2], value: inputs.drawdownToday, limit: limits.drawdown, configured: limits.drawdown != nil, passes: { $0 < $1 }))
        body(
            check(3, Self.outcomes[3], value: inputs.notional, limit: limits.approval, configured: limits.approval != nil, passes: atMost))
    }
}
