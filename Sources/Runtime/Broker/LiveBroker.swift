import Alpaca
import Foundation
import Policy
import Vocabulary

/// Where a live run's orders go and where its market data comes from.
///
/// `submit` takes only an `ApprovedOrder`, and only the Policy target can make one, so the
/// compiler proves that no order reaches a broker without a policy decision that allowed it.
/// Implementations: `AlpacaBroker` (Alpaca paper trading, or the loopback simulator, which
/// speaks the same API) and `DryRunBroker` (reads from another broker, never sends).
public protocol LiveBroker: Sendable {
    /// `alpaca`, `sim` or `dry-run`: written into `order_submitted` records.
    var kind: String { get }
    func clock() async throws -> BrokerClock
    func account() async throws -> BrokerAccount
    func positions() async throws -> [BrokerPosition]
    /// Orders still working at the broker (not filled, canceled, expired or rejected).
    func openOrders() async throws -> [BrokerOrder]
    /// The order we sent with this client order id, or nil when the broker never got it.
    func order(clientOrderId: String) async throws -> BrokerOrder?
    /// Sends the order as `OrderSizing` makes it (its type, prices and size) with
    /// `timeInForce` (the rule's `order.time_in_force`; market orders `day`) and
    /// `client_order_id` = `order.intent.clientOrderId` (so a retry or a restart can never double it).
    func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder
    /// Sends `entry` with its exit legs as one order (`bracket` with both, `oto` with one) and
    /// answers with the entry and each leg, the legs under the names `ExitLegOrders` gives them.
    /// Every answer about a leg later (`openOrders`, `order(clientOrderId:)`) uses those names.
    func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder]
    /// Sends `order` (a trailing stop's sale or cover) as a `trailing_stop` order with
    /// `trail_percent` = `trailPercent`, under its own client order id.
    func submit(_ order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder
    /// Asks the broker to cancel our order `id` (the broker's id). Throws when the broker
    /// refuses (the order is no longer cancelable) or does not answer.
    func cancel(orderId: String) async throws
    /// Bars of every symbol from `start` on, all pages.
    func bars(_ request: BarRequest) async throws -> [String: [Bar]]
}

extension LiveBroker {
    /// A broker that cannot hold exit legs sends an entry without them as before, and refuses
    /// one with them: an entry never goes without the stop loss it was decided with.
    public func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder] {
        guard legs.isEmpty else { throw BrokerError(.refused, "this broker does not place exit legs; nothing was sent") }
        return [try await submit(entry, timeInForce: timeInForce)]
    }

    /// A broker that cannot hold a trailing stop refuses it.
    public func submit(_ order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        throw BrokerError(.refused, "this broker does not place trailing stops; nothing was sent")
    }
}

public struct BarRequest: Sendable, Equatable {
    public var symbols: [String]
    /// `1Day`, `1Hour`, `15Min`, … as the strategy names it.
    public var timeframe: String
    public var start: Date
    /// Inclusive; nil for "up to now".
    public var end: Date?
    /// `iex` or `sip` for Alpaca; nil lets the server choose (the simulator ignores it).
    public var feed: String?

    public init(symbols: [String], timeframe: String, start: Date, end: Date? = nil, feed: String? = nil) {
        self.symbols = symbols
        self.timeframe = timeframe
        self.start = start
        self.end = end
        self.feed = feed
    }
}

/// The broker's market clock: `now` is the exchange's time (simulated time for the simulator).
public struct BrokerClock: Sendable, Equatable {
    public var now: Date
    public var isOpen: Bool

    public init(now: Date, isOpen: Bool) {
        self.now = now
        self.isOpen = isOpen
    }
}

public struct BrokerAccount: Sendable, Equatable {
    public var cash: Double
    public var equity: Double
    /// Equity at the previous session's close (Alpaca `last_equity`): today's drawdown base.
    public var lastEquity: Double?
    /// The account may not place orders (blocked, suspended, not active).
    public var tradingBlocked: Bool
    /// Whether the broker lets this account sell short (Alpaca `shorting_enabled`); nil when it
    /// did not say, which a short treats as no.
    public var shortingEnabled: Bool?

    public init(cash: Double, equity: Double, lastEquity: Double?, tradingBlocked: Bool = false, shortingEnabled: Bool? = nil) {
        self.cash = cash
        self.equity = equity
        self.lastEquity = lastEquity
        self.tradingBlocked = tradingBlocked
        self.shortingEnabled = shortingEnabled
    }
}

public struct BrokerPosition: Sendable, Equatable {
    public var symbol: String
    /// Shares; negative for a short.
    public var qty: Double
    public var currentPrice: Double?

    public init(symbol: String, qty: Double, currentPrice: Double? = nil) {
        self.symbol = symbol
        self.qty = qty
        self.currentPrice = currentPrice
    }
}

public struct BrokerOrder: Sendable, Equatable {
    public var id: String
    public var clientOrderId: String
    public var symbol: String
    /// buy | sell
    public var side: Side
    /// Alpaca's status words (`accepted`, `new`, `filled`, …); `dry_run` for orders never sent.
    public var status: String
    public var filledQty: Double
    public var filledAvgPrice: Double?

    public init(id: String, clientOrderId: String, symbol: String, side: Side, status: String,
                filledQty: Double = 0, filledAvgPrice: Double? = nil) {
        self.id = id
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.status = status
        self.filledQty = filledQty
        self.filledAvgPrice = filledAvgPrice
    }
}

/// A broker call that failed after the client's own retries.
public struct BrokerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No usable answer (timeouts, dropped connections, 5xx, 429 after every retry, refused
        /// keys): the run fails closed until the broker answers again.
        case unreachable
        /// The broker answered and said no (a 4xx such as insufficient buying power). For an
        /// order this means it was not placed.
        case refused
    }

    public var kind: Kind
    /// Plain words; never contains a key (the client redacts, and logs and audit redact again).
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
