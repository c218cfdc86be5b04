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
    /// Each limit's status comes from `status(_:_:reducing:below:)`, as in `verdict(_:)`,
    /// written out limit by limit so nothing is looked up or wrapped per order; a new
    /// `BuiltInLimit` needs its line here (`CompactOutcomeTests` compares every status byte
    /// and the outcome with `evaluate`'s over a grid of edge cases).
    /// `@inline(always)`: the optimizer's cost model weighed `@inline(__always)` and kept
    /// this a call (`-Rpass-missed=sil-inliner`: cost 211, benefit 75).
    @inline(always)
    static func judge(_ limits: CompiledPolicy.LimitValues, _ figures: LimitFigures, equity: Double,
                      statuses: UnsafeMutablePointer<UInt8>) -> Outcome {
        let reducing = figures.reducesPosition
        var position = CheckStatus.pass
        if let notional = limits.positionNotional {
            position = status(figures.positionValueAfter, notional, reducing: reducing, below: false)
        } else if let percent = limits.positionPercent {
            position = status(figures.positionValueAfter, equity * percent / 100, reducing: reducing, below: false)
        }
        var gross = CheckStatus.pass
        if let threshold = limits.gross { gross = status(figures.grossExposureAfter, threshold, reducing: reducing, below: false) }
        var drawdown = CheckStatus.pass
        if let threshold = limits.drawdown { drawdown = status(figures.drawdownToday, threshold, reducing: reducing, below: true) }
        var approval = CheckStatus.pass
        if let threshold = limits.approval { approval = status(figures.notional, threshold, reducing: reducing, below: false) }
        var short = CheckStatus.pass
        let shortValue = figures.shortValueAfter
        if limits.short != nil || shortValue != 0 {
            short = status(shortValue, limits.short ?? 0, reducing: reducing, below: false)
        }
        statuses[0] = position.byte
        statuses[1] = gross.byte
        statuses[2] = drawdown.byte
        statuses[3] = approval.byte
        statuses[4] = short.byte
        // The ceilings block when they fail; the approval threshold asks a person
        // (`BuiltInLimit.outcomeOnFailure`); any check that cannot be evaluated blocks.
        if position != .pass || gross != .pass || drawdown != .pass || short != .pass || approval == .error { return .block }
        return approval == .fail ? .needsApproval : .allow
    }

    /// A set limit's status: every limit passes an order that only reduces a position; one
    /// whose figure or threshold is not a finite number cannot be evaluated; otherwise the
    /// figure must be at most the threshold (within 1e-9: 100 % of equity must fit under a
    /// 100 %-of-equity limit despite rounding) or, for `below`, strictly under it.
    @inline(__always)
    static func status(_ value: Double, _ threshold: Double, reducing: Bool, below: Bool) -> CheckStatus {
        if reducing { return .pass }
        guard value.isFinite, threshold.isFinite else { return .error }
        return (below ? value < threshold : value <= threshold + 1e-9) ? .pass : .fail
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
    /// set it) and how the two compare (`status(_:_:reducing:below:)`).
    @inline(__always)
    func verdict(_ limit: BuiltInLimit) -> Verdict {
        switch limit {
        case .maxPositionPerSymbol:
            let threshold = limits.positionNotional ?? limits.positionPercent.map { equity * $0 / 100 }
            return judge(value: figures.positionValueAfter, threshold: threshold, below: false)
        case .maxGrossNotional:
            return judge(value: figures.grossExposureAfter, threshold: limits.gross, below: false)
        case .dailyMaxDrawdown:
            return judge(value: figures.drawdownToday, threshold: limits.drawdown, below: true)
        case .approvalThreshold:
            return judge(value: figures.notional, threshold: limits.approval, below: false)
        case .maxShortNotional:
            // Absent is 0, not "no limit": shorting stays off until a person allows it.
            let value = figures.shortValueAfter
            if limits.short == nil && value == 0 { return judge(value: value, threshold: nil, below: false) }
            return judge(value: value, threshold: limits.short ?? 0, below: false)
        }
    }

    @inline(__always)
    private func judge(value: Double, threshold: Double?, below: Bool) -> Verdict {
        guard let threshold else { return Verdict(status: .pass, detail: .notSet, value: value, threshold: nil) }
        let status = Self.status(value, threshold, reducing: figures.reducesPosition, below: below)
        let detail: CheckResult.Detail = figures.reducesPosition ? .reducing : status == .error ? .missing : .compared
        return Verdict(status: status, detail: detail, value: value, threshold: threshold)
    }
}
