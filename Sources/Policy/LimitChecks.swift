import RuleLanguage
import Vocabulary

/// The built-in limits' checks, one per `BuiltInLimit` in its order. Orders that only
/// reduce a position ("exits") pass every limit: getting out of risk must never wait for a
/// limit or a person (a cover included). User rules can still hold exits (they see `reduces_position`).
struct LimitChecks {
    let limits: CompiledPolicy.LimitValues
    let inputs: PolicyInputs
    let equity: Double

    @inline(__always)
    func forEach(_ body: (CheckResult) -> Void) {
        for limit in Self.order { body(check(limit)) }
    }

    /// `BuiltInLimit.allCases`, read once: the getter builds its array at every call, and
    /// the engine judges an order tens of thousands of times a run.
    nonisolated(unsafe) private static let order: UnsafeBufferPointer<BuiltInLimit> = {
        let buffer = UnsafeMutableBufferPointer<BuiltInLimit>.allocate(capacity: BuiltInLimit.allCases.count)
        _ = buffer.initialize(from: BuiltInLimit.allCases)
        return UnsafeBufferPointer(buffer)
    }()

    /// One limit's check: the figure it judges, its threshold (nil when the policy does not
    /// set it) and how the two must compare to pass.
    @inline(__always)
    func check(_ limit: BuiltInLimit) -> CheckResult {
        // A tiny tolerance: 100 % of equity must fit under a 100 %-of-equity limit despite rounding.
        let atMost = { (value: Double, threshold: Double) in value <= threshold + 1e-9 }
        switch limit {
        case .maxPositionPerSymbol:
            let threshold = limits.positionNotional ?? limits.positionPercent.map { equity * $0 / 100 }
            return judge(limit, value: inputs.positionValueAfter, threshold: threshold, passes: atMost)
        case .maxGrossNotional:
            return judge(limit, value: inputs.grossExposureAfter, threshold: limits.gross, passes: atMost)
        case .dailyMaxDrawdown:
            return judge(limit, value: inputs.drawdownToday, threshold: limits.drawdown, passes: { $0 < $1 })
        case .approvalThreshold:
            return judge(limit, value: inputs.notional, threshold: limits.approval, passes: atMost)
        case .maxShortNotional:
            // Absent is 0, not "no limit": shorting stays off until a person allows it.
            let value = inputs.shortValueAfter
            if limits.short == nil && value == 0 { return judge(limit, value: value, threshold: nil, passes: atMost) }
            return judge(limit, value: value, threshold: limits.short ?? 0, passes: atMost)
        }
    }

    @inline(__always)
    private func judge(_ limit: BuiltInLimit, value: Double, threshold: Double?, passes: (Double, Double) -> Bool) -> CheckResult {
        func result(_ status: CheckStatus, _ detail: CheckResult.Detail) -> CheckResult {
            CheckResult(subject: .limit(limit), status: status, outcomeOnFailure: limit.outcomeOnFailure, value: value,
                        limit: threshold, detail: detail)
        }
        guard let threshold else { return result(.pass, .notSet) }
        if inputs.reducesPosition { return result(.pass, .reducing) }
        guard value.isFinite, threshold.isFinite else { return result(.error, .missing) }
        return result(passes(value, threshold) ? .pass : .fail, .compared)
    }
}
