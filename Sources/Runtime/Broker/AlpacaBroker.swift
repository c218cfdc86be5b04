import Alpaca
import Foundation
import Policy
import Vocabulary

/// `LiveBroker` over `AlpacaClient`: Alpaca paper trading, or the loopback simulator (same API,
/// same JSON). The client does the retries, backoff and rate-limit pacing; what reaches this
/// adapter is a final answer, mapped to `BrokerError` so the runner can fail closed.
public struct AlpacaBroker: LiveBroker {
    public let client: AlpacaClient
    public let kind: String

    /// - Parameter kind: `alpaca` or `sim`, as the audit should name the broker.
    public init(client: AlpacaClient, kind: String = "alpaca") {
        self.client = client
        self.kind = kind
    }

    public func clock() async throws -> BrokerClock {
        let clock = try await call { try await client.clock() }
        return BrokerClock(now: clock.timestamp, isOpen: clock.isOpen)
    }

    public func account() async throws -> BrokerAccount {
        let account = try await call { try await client.account() }
        return BrokerAccount(cash: account.cash.doubleValue, equity: account.equity.doubleValue,
                             lastEquity: account.lastEquity?.doubleValue, tradingBlocked: account.isTradingBlocked,
                             shortingEnabled: account.shortingEnabled)
    }

    public func positions() async throws -> [BrokerPosition] {
        try await call { try await client.positions() }.map {
            BrokerPosition(symbol: $0.symbol, qty: $0.qty.doubleValue, currentPrice: $0.currentPrice?.doubleValue)
        }
    }

    /// Nested, so a bracket's legs come under their parent and are named after it (`ExitLegOrders`):
    /// each open order of a group is listed once, the legs by our names.
    public func openOrders() async throws -> [BrokerOrder] {
        let groups = try await call { try await client.orders(OrderQuery(status: .open, limit: OrderQuery.maxLimit, nested: true)) }
        return groups.flatMap { [Self.order($0)] + Self.legs(of: $0) }.filter { !AuditLedger.isTerminal($0.status) }
    }

    /// A bracket leg (`…-sl`, `…-tp`) is read through its parent, found by the entry's client
    /// order id; any other order by its own.
    public func order(clientOrderId: String) async throws -> BrokerOrder? {
        if let parent = ExitLegOrders.parent(ofLeg: clientOrderId),
           let group = try await call({ try await client.orderGroup(clientOrderId: parent) }), group.orderClass?.hasExitLegs == true {
            return Self.legs(of: group).first { $0.clientOrderId == clientOrderId }
        }
        return try await call { try await client.order(clientOrderId: clientOrderId) }.map(Self.order)
    }

    public func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        guard let request = OrderSizing.request(for: order, timeInForce: timeInForce) else {
            throw BrokerError(.refused, "the order comes to less than the smallest tradable amount, or a price it needs has no "
                + "value; nothing was sent")
        }
        return Self.order(try await call { try await client.submitOrder(request) })
    }

    public func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder] {
        guard !legs.isEmpty else { return [try await submit(entry, timeInForce: timeInForce)] }
        guard let request = OrderSizing.request(for: entry, legs: legs, timeInForce: timeInForce) else {
            throw BrokerError(.refused, "the entry and its exit legs cannot be one bracket order (less than one whole share, or a "
                + "price with no value); nothing was sent")
        }
        var answer = try await call { try await client.submitOrder(request) }
        // Alpaca answers a bracket with its legs; when an answer comes without them, they are read through the parent.
        if answer.legs == nil, let group = try await call({ try await client.orderGroup(clientOrderId: request.clientOrderId) }) {
            answer = group
        }
        return [Self.order(answer)] + Self.legs(of: answer)
    }

    public func submit(_ order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        guard let request = OrderSizing.request(for: order, trailPercent: trailPercent, timeInForce: timeInForce) else {
            throw BrokerError(.refused, "the trailing stop comes to less than one whole share, or its percent has no value; "
                + "nothing was sent")
        }
        return Self.order(try await call { try await client.submitOrder(request) })
    }

    public func cancel(orderId: String) async throws {
        try await call { try await client.cancelOrder(id: orderId) }
    }

    public func bars(_ request: BarRequest) async throws -> [String: [Bar]] {
        let query = BarsQuery(symbols: request.symbols, timeframe: request.timeframe, start: request.start, end: request.end,
                              limit: BarsQuery.maxLimit, adjustment: "split", feed: request.feed)
        return try await call { try await client.bars(query) }
    }

    static func order(_ order: Alpaca.Order) -> BrokerOrder {
        BrokerOrder(id: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: Self.side(order.side),
                    status: order.status.rawValue, filledQty: order.filledQty.doubleValue,
                    filledAvgPrice: order.filledAvgPrice?.doubleValue)
    }

    /// The legs of a bracket or OTO `parent`, named `<parent's client order id>-sl` / `-tp`.
    static func legs(of parent: Alpaca.Order) -> [BrokerOrder] {
        (parent.legs ?? []).compactMap { leg in
            guard let name = ExitLegOrders.leg(of: leg.type) else { return nil }
            var order = Self.order(leg)
            order.clientOrderId = name.clientOrderId(parent: parent.clientOrderId)
            return order
        }
    }

    /// Alpaca's wire side as ours.
    static func side(_ side: OrderSide) -> Side {
        switch side {
        case .buy: return .buy
        case .sell: return .sell
        }
    }

    /// Runs one client call and turns its failure into a `BrokerError`.
    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AlpacaError {
            throw Self.brokerError(error)
        } catch let error as BrokerError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw BrokerError(.unreachable, "Alpaca call failed: \(error)")
        }
    }

    /// Retryable failures (after the client's retries) and refused keys mean the broker cannot
    /// be used now; any other 4xx is the broker's answer to this one request.
    static func brokerError(_ error: AlpacaError) -> BrokerError {
        let unusable = error.isRetryable || error.status == 401 || error.status == nil
        return BrokerError(unusable ? .unreachable : .refused, error.description)
    }
}
