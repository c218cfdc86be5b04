/// A snapshot of the simulator for tests and the soak test (`GET /sim/state` returns the same
/// JSON). Money and quantities are decimal strings, exact as the simulator books them.
public struct SimulatorState: Codable, Sendable, Equatable {
    public struct Position: Codable, Sendable, Equatable {
        public var symbol: String
        public var qty: String
        public var avgEntryPrice: String
        public var marketValue: String
    }

    public struct Order: Codable, Sendable, Equatable {
        public var id: String
        public var clientOrderID: String
        public var symbol: String
        public var side: String
        public var type: String
        public var timeInForce: String
        public var qty: String?
        public var notional: String?
        public var limitPrice: String?
        public var stopPrice: String?
        /// `""` for a simple order, else `bracket`, `oto` or `oco`.
        public var orderClass: String?
        /// A leg's parent order id.
        public var parentID: String?
        /// A trailing stop's high-water mark.
        public var hwm: String?
        public var status: String
        public var filledQty: String
        public var filledAvgPrice: String?
        public var submittedAt: String
        public var filledAt: String?
    }

    /// Index of the current bar in the merged timeline, and how many there are.
    public var barIndex: Int
    public var barCount: Int
    public var atEnd: Bool
    /// The clock's `timestamp` (New York offset).
    public var time: String
    public var isOpen: Bool
    public var cash: String
    public var equity: String
    public var buyingPower: String
    public var positions: [Position]
    /// Every order ever accepted, oldest first.
    public var orders: [Order]
    /// Alpaca requests received (not `/sim/*`), and per route template (`POST /v2/orders`).
    public var requestCount: Int
    public var requestsByRoute: [String: Int]
    public var rateLimitedCount: Int
    public var unauthorizedCount: Int
    public var faultsFired: [FiredFault]
}

extension SimulatorState {
    init(exchange: SimExchange, counters: RequestCounters, faultsFired: [FiredFault]) {
        let clock = MarketClock.clock(exchange.timeline, now: exchange.now)
        barIndex = exchange.cursor
        barCount = exchange.timeline.steps.count
        atEnd = exchange.atEnd
        time = clock["timestamp"]?.stringValue ?? ""
        isOpen = clock["is_open"] == .bool(true)
        cash = DecimalText.text(exchange.cash)
        equity = DecimalText.text(exchange.equity)
        buyingPower = DecimalText.text(exchange.buyingPower)
        positions = exchange.sortedPositions.map { position in
            Position(symbol: position.symbol, qty: DecimalText.text(position.qty),
                     avgEntryPrice: DecimalText.text(DecimalText.rounded(position.avgEntryPrice, scale: 9)),
                     marketValue: DecimalText.text(position.qty * (exchange.lastClose(position.symbol) ?? 0)))
        }
        orders = exchange.orders.map { order in
            Order(id: order.id, clientOrderID: order.clientOrderID, symbol: order.symbol, side: order.side.rawValue,
                  type: order.kind.rawValue, timeInForce: order.timeInForce, qty: order.qty.map(DecimalText.text),
                  notional: order.notional.map(DecimalText.text), limitPrice: order.limitPrice.map(DecimalText.text),
                  stopPrice: order.stopPrice.map(DecimalText.text), orderClass: order.orderClass,
                  parentID: order.parent.map { exchange.orders[$0].id }, hwm: order.hwm.map(DecimalText.text),
                  status: order.status, filledQty: DecimalText.text(order.filledQty),
                  filledAvgPrice: order.filledAvgPrice.map(DecimalText.text), submittedAt: TimeText.utc(order.submittedAt),
                  filledAt: order.filledAt.map(TimeText.utc))
        }
        requestCount = counters.total
        requestsByRoute = counters.byRoute
        rateLimitedCount = counters.rateLimited
        unauthorizedCount = counters.unauthorized
        self.faultsFired = faultsFired
    }
}

/// Request tallies kept by the pipeline.
struct RequestCounters: Sendable {
    var total = 0
    var byRoute: [String: Int] = [:]
    var rateLimited = 0
    var unauthorized = 0
}
