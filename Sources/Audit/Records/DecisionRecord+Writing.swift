import Vocabulary

// A decision's line, written field by field (see `AuditRecord+Writing.swift`): keys in
// sorted order, as `JSONEncoder` wrote them; `AuditLineWriterTests` holds the two equal.

extension DecisionRecord {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("advisorNote", advisorNote)
        w.key("checks")
        try PolicyCheck.write(checks, to: &w)
        if let gates {
            w.key("gates")
            w.openArray()
            for gate in gates {
                w.element()
                w.openObject()
                w.field("id", gate.id)
                w.field("message", gate.message)
                w.closeObject()
            }
            w.closeArray()
        }
        w.field("id", id)
        if let input {
            w.key("input")
            try input.write(to: &w)
        }
        w.field("mode", mode)
        w.key("order")
        try order.write(to: &w)
        w.field("outcome", outcome)
        w.key("policy")
        policy.write(to: &w)
        w.field("reason", reason)
        w.key("rule")
        try rule.write(to: &w)
        w.key("strategy")
        strategy.write(to: &w)
        w.field("symbol", symbol)
        w.field("type", "decision")
    }
}

extension FiredRule {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("expression", expression)
        w.field("id", id)
        w.field("location", location)
        w.key("values")
        w.openArray()
        for value in values {
            w.element()
            w.openObject()
            w.field("expression", value.expression)
            try w.field("previous", value.previous)
            try w.field("value", value.value)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }
}

extension DecidedOrder {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("action", action)
        w.field("clientOrderId", clientOrderId)
        try w.field("notional", notional)
        w.field("orderId", orderId)
        try w.field("price", price)
        try w.field("qty", qty)
        w.field("side", side)
        w.closeObject()
    }
}

extension PolicyCheck {
    /// A list of checks: a decision's `checks`, an approval's `recheck`.
    static func write(_ checks: [PolicyCheck], to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openArray()
        for check in checks {
            w.element()
            try check.write(to: &w)
        }
        w.closeArray()
    }

    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("id", id)
        w.field("kind", kind)
        try w.field("limit", limit)
        w.field("location", location)
        w.field("message", message)
        w.field("outcome", outcome)
        w.field("result", result)
        w.key("values")
        w.openArray()
        for value in values {
            w.element()
            w.openObject()
            w.field("name", value.name)
            w.field("text", value.text)
            try w.field("value", value.value)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
    }
}

extension DecisionInput {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.key("account")
        account.write(to: &w)
        w.key("intent")
        try intent.write(to: &w)
        w.closeObject()
    }
}

extension AccountInput {
    /// Every figure is there; an unknown one (NaN to the policy) is `null`.
    func write(to w: inout JSONFieldWriter) {
        func figure(_ name: StaticString, _ value: Double) {
            w.key(name)
            if value.isFinite { try? w.number(value) } else { w.null() }
        }
        w.openObject()
        figure("cash", cash)
        figure("day_start_equity", dayStartEquity)
        figure("equity", equity)
        figure("gross_exposure", grossExposure)
        figure("mark", mark)
        figure("position", position)
        w.closeObject()
    }
}

extension IntentInput {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("action", action)
        w.field("exit_reason", exitReason)
        w.field("fractional", fractional)
        try w.field("limit_price", limitPrice)
        try w.field("notional", notional)
        w.field("order_type", orderType)
        try w.field("price", price)
        try w.field("qty", qty)
        w.field("reversing", reversing)
        w.field("rule_id", ruleId)
        w.field("side", side)
        try w.field("stop_price", stopPrice)
        w.field("strategy", strategy)
        w.field("symbol", symbol)
        w.field("time", integer: time)
        w.field("utc_offset", integer: utcOffset)
        w.closeObject()
    }
}
