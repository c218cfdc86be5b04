import Foundation
import Vocabulary

/// The simulated broker: cash, positions, orders and fills over the timeline. A plain value
/// with no I/O or wall clock; the server serializes access to it, so every run with the same
/// bars, config and requests produces the same ids, prices and timestamps.
struct SimExchange {
    let timeline: SimTimeline
    let config: SimulatorConfig
    let accountID: String
    let assetIDs: [String: String]

    private(set) var cursor: Int
    var cash: Decimal
    var orders: [SimOrder] = []
    var orderIndex: [String: Int] = [:]
    var clientOrderIndex: [String: Int] = [:]
    var positions: [String: SimPosition] = [:]
    var fills: [FillActivity] = []
    var ids: SeededGenerator
    /// Microseconds added to the step's time so events within one step keep their order.
    var tick: Int64 = 0
    /// Equity at the previous session's close, and that session's date.
    var lastEquity: Decimal
    var balanceAsOf: Int64

    init(timeline: SimTimeline, config: SimulatorConfig) throws {
        self.timeline = timeline
        self.config = config
        var accountIDs = SeededGenerator(seed: config.seed, label: "account")
        accountID = accountIDs.nextUUID()
        var assets: [String: String] = [:]
        for bars in timeline.series {
            var generator = SeededGenerator(seed: 0, label: "asset-" + bars.symbol)
            assets[bars.symbol] = generator.nextUUID()
        }
        assetIDs = assets
        ids = SeededGenerator(seed: config.seed, label: "orders")
        cursor = try timeline.startStep(config.clock)
        cash = config.startingCash
        lastEquity = config.startingCash
        balanceAsOf = timeline.date(ofStep: cursor)
    }

    // MARK: Time

    var atEnd: Bool { cursor >= timeline.lastStep }

    /// The simulated time: the current bar's close plus the events booked during this step.
    var now: Micros { timeline.stepEnd(cursor) * TimeText.microsPerSecond + tick }

    mutating func nextInstant() -> Micros {
        tick += 1
        return now
    }

    var isMarketOpen: Bool { MarketClock.isOpen(timeline, at: timeline.stepEnd(cursor)) }

    /// Moves the clock up to `bars` steps forward, filling and expiring orders on the way.
    /// Returns the number of steps taken (fewer at the end of the data).
    @discardableResult
    mutating func advance(bars: Int) -> Int {
        var taken = 0
        while taken < bars && cursor < timeline.lastStep {
            step(to: cursor + 1)
            taken += 1
        }
        return taken
    }

    mutating func step(to next: Int) {
        let previousDate = timeline.date(ofStep: cursor)
        let nextDate = timeline.date(ofStep: next)
        if nextDate != previousDate {
            lastEquity = equity
            balanceAsOf = previousDate
        }
        cursor = next
        tick = 0
        expireDayOrders(before: nextDate)
        fillOrders(atStep: next)
    }

    // MARK: Prices

    /// Close of the symbol's latest visible bar.
    func lastClose(_ symbol: String) -> Decimal? {
        guard let s = timeline.seriesIndex[symbol] else { return nil }
        let count = timeline.visibleCount(series: s, step: cursor)
        return count > 0 ? DecimalText.fromDouble(timeline.series[s].close[count - 1]) : nil
    }

    /// Close of the symbol's last bar before today's session (Alpaca's `lastday_price`).
    func lastdayClose(_ symbol: String) -> Decimal? {
        guard let s = timeline.seriesIndex[symbol] else { return nil }
        let today = timeline.date(ofStep: cursor)
        let threshold = timeline.isDaily ? today * 86400 - 1 : NewYorkTime.instant(localDate: today, secondOfDay: 0) - 1
        let count = min(timeline.countAtOrBefore(series: s, barTime: threshold), timeline.visibleCount(series: s, step: cursor))
        return count > 0 ? DecimalText.fromDouble(timeline.series[s].close[count - 1]) : lastClose(symbol)
    }

    // MARK: Money

    var longMarketValue: Decimal {
        positions.values.filter { $0.qty > 0 }.reduce(Decimal(0)) { $0 + $1.qty * (lastClose($1.symbol) ?? 0) }
    }

    var shortMarketValue: Decimal {
        positions.values.filter { $0.qty < 0 }.reduce(Decimal(0)) { $0 + $1.qty * (lastClose($1.symbol) ?? 0) }
    }

    var equity: Decimal { cash + longMarketValue + shortMarketValue }

    /// Cash not yet committed to open buy orders (a cash account: multiplier 1).
    var buyingPower: Decimal {
        let reserved = orders.reduce(Decimal(0)) { $0 + $1.reservedCost(lastClose: lastClose($1.symbol)) }
        return max(0, cash - reserved)
    }

    // MARK: Lookups

    func order(id: String) -> SimOrder? { orderIndex[id].map { orders[$0] } }
    func order(clientOrderID: String) -> SimOrder? { clientOrderIndex[clientOrderID].map { orders[$0] } }

    var sortedPositions: [SimPosition] { positions.values.sorted { $0.symbol < $1.symbol } }

    func positionJSON(_ position: SimPosition) -> JSONValue {
        let current = lastClose(position.symbol) ?? 0
        return position.json(currentPrice: current, lastdayPrice: lastdayClose(position.symbol) ?? current,
                             heldForOrders: heldForOrders(position.symbol))
    }
}
