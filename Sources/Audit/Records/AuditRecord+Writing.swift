import Vocabulary

// How each record writes its line: fields straight into a `JSONFieldWriter`, keys in sorted
// order, the same bytes `JSONEncoder` wrote for the `Codable` conformances (which still read
// lines back). `AuditLineWriterTests` compares every kind with the encoder. A new field is a
// line here in its sorted place, beside its `Codable` property.

extension AuditRecord {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("at", at)
        w.key("body")
        try body.write(to: &w)
        w.field("prev", prev)
        w.field("seq", integer: seq)
        w.field("wall", wall)
        w.closeObject()
    }
}

extension AuditBody {
    /// `{"type": ..., ...fields}`: the kind's fields and `type` in one object, sorted together.
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        switch self {
        case .runStart(let r): try r.write(to: &w)
        case .decision(let r): try r.write(to: &w)
        case .orderSubmitted(let r): try r.write(to: &w)
        case .orderUpdate(let r): r.write(to: &w)
        case .fill(let r): try r.write(to: &w)
        case .approval(let r): try r.write(to: &w)
        case .reconciliation(let r): try r.write(to: &w)
        case .control(let r): r.write(to: &w)
        case .brokerHealth(let r): r.write(to: &w)
        case .note(let r): r.write(to: &w)
        case .advisorNote(let r): r.write(to: &w)
        case .runEnd(let r): try r.write(to: &w)
        }
        w.closeObject()
    }
}

extension FileRef {
    func write(to w: inout JSONFieldWriter) {
        w.openObject()
        w.field("file", file)
        w.field("name", name)
        w.field("sha256", sha256)
        w.closeObject()
    }
}

extension RunStart {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("config", config)
        w.key("dataFiles")
        w.openArray()
        for file in dataFiles {
            w.element()
            file.write(to: &w)
        }
        w.closeArray()
        w.field("mode", mode)
        w.key("policy")
        policy.write(to: &w)
        w.field("runId", runId)
        w.key("strategy")
        strategy.write(to: &w)
        w.field("type", "run_start")
        w.field("versions", versions)
    }
}

extension RunEnd {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("message", message)
        w.field("runId", runId)
        w.field("status", status)
        try w.field("summary", summary)
        w.field("type", "run_end")
    }
}

extension OrderSubmitted {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("broker", broker)
        w.field("clientOrderId", clientOrderId)
        w.field("decisionId", decisionId)
        try w.field("notional", notional)
        w.field("orderId", orderId)
        try w.field("qty", qty)
        w.field("side", side)
        w.field("symbol", symbol)
        w.field("type", "order_submitted")
    }
}

extension OrderUpdate {
    func write(to w: inout JSONFieldWriter) {
        w.field("brokerOrderId", brokerOrderId)
        w.field("clientOrderId", clientOrderId)
        w.field("message", message)
        w.field("orderId", orderId)
        w.field("status", status)
        w.field("type", "order_update")
    }
}

extension FillRecord {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("brokerOrderId", brokerOrderId)
        w.field("clientOrderId", clientOrderId)
        try w.field("commission", commission)
        w.field("orderId", orderId)
        try w.field("price", price)
        try w.field("qty", qty)
        w.field("side", side)
        w.field("symbol", symbol)
        if let trigger {
            w.key("trigger")
            try trigger.write(to: &w)
        }
        w.field("type", "fill")
    }
}

extension ExitTrigger {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.openObject()
        w.field("atOpen", atOpen)
        try w.field("entryPrice", entryPrice)
        try w.field("level", level)
        try w.field("mark", mark)
        try w.field("open", open)
        try w.field("percent", percent)
        try w.field("reached", reached)
        w.field("reason", reason)
        w.closeObject()
    }
}

extension ApprovalRecord {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        w.field("action", action)
        w.field("by", by)
        w.field("decisionId", decisionId)
        w.field("note", note)
        w.field("orderId", orderId)
        if let recheck {
            w.key("recheck")
            try PolicyCheck.write(recheck, to: &w)
        }
        w.field("recheckOutcome", recheckOutcome)
        w.field("type", "approval")
    }
}

extension ReconciliationRecord {
    func write(to w: inout JSONFieldWriter) throws(JSONFieldWriter.NonFiniteNumber) {
        try w.field("cash", cash)
        w.field("mismatches", mismatches)
        w.field("note", note)
        w.field("ok", ok)
        w.field("openOrders", openOrders)
        try w.field("positions", positions)
        w.field("type", "reconciliation")
    }
}

extension ControlRecord {
    func write(to w: inout JSONFieldWriter) {
        w.field("action", action)
        w.field("by", by)
        w.field("reason", reason)
        w.field("type", "control")
    }
}

extension BrokerHealthRecord {
    func write(to w: inout JSONFieldWriter) {
        w.field("detail", detail)
        w.field("state", state)
        w.field("type", "broker_health")
    }
}

extension NoteRecord {
    func write(to w: inout JSONFieldWriter) {
        w.field("decisionId", decisionId)
        w.field("kind", kind)
        w.field("message", message)
        w.field("type", "note")
    }
}

extension AdvisorNoteRecord {
    func write(to w: inout JSONFieldWriter) {
        w.field("advisor", advisor)
        w.field("decisionId", decisionId)
        w.field("error", error)
        w.field("status", status)
        w.field("text", text)
        w.field("type", "advisor_note")
    }
}
