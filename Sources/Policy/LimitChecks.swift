import RuleLanguage
import Vocabulary

/// The built-in limits' checks, one per `BuiltInLimit` in its order. Orders that only
/// reduce a position ("exits") pass every limit: getting out of risk must never wait for a
/// limit or a person (a cover included). User rules can still hold exits (they see `reduces_position`).
/// `verdict(_:)` is the one statement of each comparison: the checks with words
/// (`forEach`) and the engine's status bytes (`judge`) both come from it.
struct LimitChecks {
    let limits: CompiledPolicy.LimitValues
    let figures: LimitFigures
    let equity: Double

    /// How one limit came out: its status, why, and the figure and threshold it compared.
    struct Verdict {
        let status: CheckStatus
        let detail: CheckResult.Detail
        let value: Double
        let threshold: Double?
    }

    @inline(__always)
    func forEach(_ body: (CheckResult) -> Void) {
        for limit in Self.order { body(check(limit)) }
    }

    /// The limits' status bytes (`statuses[limit.index]`) and the most severe outcome they
    /// ask for, with no `CheckResult` made: the engine's path (`CompiledPolicy.outcome(of:...)`).
    /// Each limit is named once, in check order, so each verdict's switch folds away; a new
    /// `BuiltInLimit` needs its line here (`CompactOutcomeTests` compares every status byte
    /// with `forEach`'s).
    @inline(__always)
    static func judge(_ limits: CompiledPolicy.LimitValues, _ figures: LimitFigures, equity: Double,
                      statuses: UnsafeMutablePointer<UInt8>) -> Outcome {
        let checks = LimitChecks(limits: limits, figures: figures, equity: equity)
        var outcome = Outcome.allow
        @inline(__always)
        func note(_ limit: BuiltInLimit) {
            let status = checks.verdict(limit).status
            statuses[limit.index] = status.byte
            let asks = status.outcome(onFailure: limit.outcomeOnFailure)
            if asks > outcome { outcome = asks }
        }
        note(.maxPositionPerSymbol)
        note(.maxGrossNotional)
        note(.dailyMaxDrawdown)
        note(.approvalThreshold)
        note(.maxShortNotional)
        return outcome
    }

    /// `BuiltInLimit.allCases`, read once: the getter builds its array at every call, and
    /// the engine judges an order tens of thousands of times a run.
    nonisolated(unsafe) private static let order: UnsafeBufferPointer<BuiltInLimit> = {
        let buffer = UnsafeMutableBufferPointer<BuiltInLimit>.allocate(capacity: BuiltInLimit.allCases.count)
        _ = buffer.initialize(from: BuiltInLimit.allCases)
        return UnsafeBufferPointer(buffer)
    }()

    /// One limit's check, with what its words need.
    @inline(__always)
    func check(_ limit: BuiltInLimit) -> CheckResult {
        let verdict = verdict(limit)
        return CheckResult(subject: .limit(limit), status: verdict.status, outcomeOnFailure: limit.outcomeOnFailure,
                           value: verdict.value, limit: verdict.threshold, detail: verdict.detail)
    }

    /// One limit's verdict: the figure it judges, its threshold (nil when the policy does not
    /// set it) and how the two must compare to pass.
    @inline(__always)
    func verdict(_ limit: BuiltInLimit) -> Verdict {
        // A tiny tolerance: 100 % of equity must fit under a 100 %-of-equity limit despite rounding.
        let atMost = { (value: Double, threshold: Double) in value <= threshold + 1e-9 }
        switch limit {
        case .maxPositionPerSymbol:
            let threshold = limits.positionNotional ?? limits.positionPercent.map { equity * $0 / 100 }
            return judge(value: figures.positionValueAfter, threshold: threshold, passes: atMost)
        case .maxGrossNotional:
            return judge(value: figures.grossExposureAfter, threshold: limits.gross, passes: atMost)
        case .dailyMaxDrawdown:
            return judge(value: figures.drawdownToday, threshold: limits.drawdown, passes: { $0 < $1 })
        case .approvalThreshold:
            return judge(value: figures.notional, threshold: limits.approval, passes: atMost)
        case .maxShortNotional:
            // Absent is 0, not "no limit": shorting stays off until a person allows it.
            let value = figures.shortValueAfter
            if limits.short == nil && value == 0 { return judge(value: value, threshold: nil, passes: atMost) }
            return judge(value: value, threshold: limits.short ?? 0, passes: atMost)
        }
    }

    @inline(__always)
    private func judge(value: Double, threshold: Double?, passes: (Double, Double) -> Bool) -> Verdict {
        guard let threshold else { return Verdict(status: .pass, detail: .notSet, value: value, threshold: nil) }
        if figures.reducesPosition { return Verdict(status: .pass, detail: .reducing, value: value, threshold: threshold) }
        guard value.isFinite, threshold.isFinite else {
            return Verdict(status: .error, detail: .missing, value: value, threshold: threshold)
        }
        return Verdict(status: passes(value, threshold) ? .pass : .fail, detail: .compared, value: value, threshold: threshold)
    }
}
