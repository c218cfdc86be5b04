import RuleLanguage

/// The four built-in limits. Orders that only reduce a position ("exits") pass every
/// limit: getting out of risk must never wait for a limit or a person. User rules can
/// still hold exits (they see `reduces_position`).
struct LimitChecks {
    let limits: CheckedPolicy.Limits
    /// `file:line:col` of each configured limit, computed once per policy.
    let locations: [String: String]
    let inputs: PolicyInputs
    let equity: Double

    /// The message is a closure: rendered only when someone reads it (explain, audit),
    /// never in a backtest's hot path.
    private func result(_ id: String, _ status: CheckResult.Status, _ outcome: CheckedPolicy.Outcome,
                        _ message: @autoclosure @escaping @Sendable () -> String,
                        _ values: [CheckResult.Value], limit: Double?, _ location: SourceSpan?) -> CheckResult {
        CheckResult(id: id, kind: .limit, status: status, outcomeOnFailure: outcome, render: { _ in message() },
                    values: values, limit: limit, location: location == nil ? nil : locations[id])
    }

    private static func usable(_ x: Double) -> Bool { x.isFinite }

    func maxPositionPerSymbol() -> CheckResult {
        let id = "max_position_per_symbol"
        let values = [CheckResult.Value("position_value_after", inputs.positionValueAfter)]
        guard let configured = limits.maxPositionPerSymbol else {
            return result(id, .pass, .block, "no limit set — pass", values, limit: nil, nil)
        }
        let limit: Double
        switch configured.value {
        case .notional(let n): limit = n
        case .percentOfEquity(let p): limit = equity * p / 100
        }
        if inputs.reducesPosition {
            return result(id, .pass, .block, "order only reduces the position (\(Money.text(inputs.positionValueAfter)) after) — pass",
                          values, limit: limit, configured.location)
        }
        guard Self.usable(inputs.positionValueAfter), Self.usable(limit) else {
            return result(id, .error, .block, "cannot value the position (price or equity missing) — block", values, limit: nil, configured.location)
        }
        let ok = inputs.positionValueAfter <= limit + 1e-9
        return result(id, ok ? .pass : .fail, .block,
                      "position after order \(Money.text(inputs.positionValueAfter)) \(ok ? "≤" : ">") limit \(Money.text(limit)) — \(ok ? "pass" : "block")",
                      values, limit: limit, configured.location)
    }

    func maxGrossNotional() -> CheckResult {
        let id = "max_gross_notional"
        let values = [CheckResult.Value("gross_exposure_after", inputs.grossExposureAfter)]
        guard let configured = limits.maxGrossNotional else {
            return result(id, .pass, .block, "no limit set — pass", values, limit: nil, nil)
        }
        if inputs.reducesPosition {
            return result(id, .pass, .block, "order only reduces exposure (\(Money.text(inputs.grossExposureAfter)) after) — pass",
                          values, limit: configured.value, configured.location)
        }
        guard Self.usable(inputs.grossExposureAfter) else {
            return result(id, .error, .block, "cannot value the exposure (a price is missing) — block", values, limit: configured.value, configured.location)
        }
        let ok = inputs.grossExposureAfter <= configured.value + 1e-9
        return result(id, ok ? .pass : .fail, .block,
                      "gross exposure after order \(Money.text(inputs.grossExposureAfter)) \(ok ? "≤" : ">") limit \(Money.text(configured.value)) — \(ok ? "pass" : "block")",
                      values, limit: configured.value, configured.location)
    }

    func dailyMaxDrawdown() -> CheckResult {
        let id = "daily_max_drawdown"
        let values = [CheckResult.Value("drawdown_today", inputs.drawdownToday)]
        guard let configured = limits.dailyMaxDrawdownPercent else {
            return result(id, .pass, .block, "no limit set — pass", values, limit: nil, nil)
        }
        let shown = Money.number(inputs.drawdownToday) + "%"
        if inputs.reducesPosition {
            return result(id, .pass, .block, "order only reduces risk (today's drawdown \(shown)) — pass", values, limit: configured.value, configured.location)
        }
        guard Self.usable(inputs.drawdownToday) else {
            return result(id, .error, .block, "cannot measure today's drawdown (account equity unknown) — block", values, limit: configured.value, configured.location)
        }
        let ok = inputs.drawdownToday < configured.value
        let limit = Money.number(configured.value) + "%"
        return result(id, ok ? .pass : .fail, .block,
                      ok ? "today's drawdown \(shown) < limit \(limit) — pass"
                         : "today's drawdown \(shown) ≥ limit \(limit) — block (no new buys until tomorrow)",
                      values, limit: configured.value, configured.location)
    }

    func approvalThreshold() -> CheckResult {
        let id = "approval_threshold"
        let values = [CheckResult.Value("notional", inputs.notional)]
        guard let configured = limits.approvalThresholdNotional else {
            return result(id, .pass, .needsApproval, "no threshold set — pass", values, limit: nil, nil)
        }
        if inputs.reducesPosition {
            return result(id, .pass, .needsApproval, "order only reduces the position — pass (exits never wait for approval)",
                          values, limit: configured.value, configured.location)
        }
        guard Self.usable(inputs.notional) else {
            return result(id, .error, .needsApproval, "cannot value the order (price missing) — block", values, limit: configured.value, configured.location)
        }
        let ok = inputs.notional <= configured.value + 1e-9
        return result(id, ok ? .pass : .fail, .needsApproval,
                      "order \(Money.text(inputs.notional)) \(ok ? "≤" : ">") threshold \(Money.text(configured.value)) — \(ok ? "pass" : "needs approval")",
                      values, limit: configured.value, configured.location)
    }
}
