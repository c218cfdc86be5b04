import Vocabulary

/// One record flattened into the export's CSV columns.
///
/// Columns (in this order, header row first, CRLF line ends, RFC 4180 quoting):
///
/// | column | content |
/// |---|---|
/// | `seq` | position in the log |
/// | `at` | market time of the record |
/// | `wall` | wall-clock time (live/paper only) |
/// | `type` | record type: run_start, decision, order_submitted, order_update, fill, approval, … |
/// | `symbol` | symbol (order updates and approvals inherit it from their order) |
/// | `order_id` | our order id |
/// | `client_order_id` | the client order id sent to the broker |
/// | `broker_order_id` | the broker's id for the order |
/// | `decision_id` | the decision the record belongs to |
/// | `rule` | the strategy rule that fired (decisions) |
/// | `outcome` | policy outcome (decisions) or the re-check outcome (approvals) |
/// | `side` | buy / sell |
/// | `qty` | quantity (shares) |
/// | `notional` | dollar amount, for notional orders |
/// | `price` | decision price (decisions) or fill price (fills) |
/// | `status` | order status, approval action, run status, control action, … |
/// | `by` | who approved / rejected / halted; the advisor that wrote an advisor note |
/// | `message` | the reason, note or detail in words |
struct CSVRow {
    static let columns = [
        "seq", "at", "wall", "type", "symbol", "order_id", "client_order_id", "broker_order_id", "decision_id",
        "rule", "outcome", "side", "qty", "notional", "price", "status", "by", "message",
    ]

    var fields: [String: String] = [:]

    /// `orders` remembers each order's symbol and client id so later records can show them.
    init(_ record: AuditRecord, orders: inout [String: (symbol: String, client: String)]) {
        fields["seq"] = String(record.seq)
        fields["at"] = record.at
        fields["wall"] = record.wall
        fields["type"] = record.body.type
        switch record.body {
        case .runStart(let r):
            set(status: r.mode.rawValue, message: "run \(r.runId) started: strategy \(r.strategy.name) (\(r.strategy.file)), policy \(r.policy.name) (\(r.policy.file))")
        case .runEnd(let r):
            set(status: r.status, message: r.message ?? "run \(r.runId) ended")
        case .decision(let d):
            orders[d.order.orderId] = (d.symbol, d.order.clientOrderId)
            order(d.order.orderId, d.order.clientOrderId, nil, symbol: d.symbol, orders: orders)
            fields["decision_id"] = d.id
            fields["rule"] = d.rule.id
            fields["outcome"] = d.effectiveOutcome.rawValue
            trade(side: d.order.side, qty: d.order.qty, notional: d.order.notional, price: d.order.price)
            fields["message"] = d.effectiveReason
        case .orderSubmitted(let s):
            orders[s.orderId] = (s.symbol, s.clientOrderId)
            order(s.orderId, s.clientOrderId, nil, symbol: s.symbol, orders: orders)
            fields["decision_id"] = s.decisionId
            trade(side: s.side, qty: s.qty, notional: s.notional, price: nil)
            set(status: "submitted", message: "sent to the \(s.broker) broker")
        case .orderUpdate(let u):
            order(u.orderId, u.clientOrderId, u.brokerOrderId, symbol: nil, orders: orders)
            set(status: u.status, message: u.message)
        case .fill(let f):
            order(f.orderId, f.clientOrderId, f.brokerOrderId, symbol: f.symbol, orders: orders)
            trade(side: f.side, qty: f.qty, notional: nil, price: f.price)
            set(status: "fill", message: "commission \(Money.plain(f.commission))")
        case .approval(let a):
            order(a.orderId, nil, nil, symbol: nil, orders: orders)
            fields["decision_id"] = a.decisionId
            fields["outcome"] = a.recheckOutcome?.rawValue
            fields["by"] = a.by
            set(status: a.action.rawValue, message: a.note)
        case .reconciliation(let r):
            set(status: r.ok ? "ok" : "mismatch", message: r.mismatches.joined(separator: "; "))
        case .control(let c):
            fields["by"] = c.by
            set(status: c.action, message: c.reason)
        case .brokerHealth(let h):
            set(status: h.state, message: h.detail)
        case .note(let n):
            fields["decision_id"] = n.decisionId
            set(status: n.kind, message: n.message)
        case .advisorNote(let n):
            fields["decision_id"] = n.decisionId
            fields["by"] = n.advisor
            set(status: n.status, message: n.displayText)
        }
    }

    private mutating func order(_ id: String, _ client: String?, _ broker: String?, symbol: String?,
                                orders: [String: (symbol: String, client: String)]) {
        fields["order_id"] = id
        fields["client_order_id"] = client ?? orders[id]?.client
        fields["broker_order_id"] = broker
        fields["symbol"] = symbol ?? orders[id]?.symbol
    }

    private mutating func trade(side: Side, qty: Double?, notional: Double?, price: Double?) {
        fields["side"] = side.rawValue
        fields["qty"] = qty.map(Money.plain)
        fields["notional"] = notional.map(Money.plain)
        fields["price"] = price.map(Money.plain)
    }

    private mutating func set(status: String?, message: String?) {
        fields["status"] = status
        fields["message"] = message
    }

    /// The row as one CSV line (without the line end).
    var line: String {
        Self.columns.map { Self.quote(fields[$0] ?? "") }.joined(separator: ",")
    }

    static var header: String { columns.joined(separator: ",") }

    /// RFC 4180: quote a field containing a comma, quote, CR or LF; double inner quotes.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
