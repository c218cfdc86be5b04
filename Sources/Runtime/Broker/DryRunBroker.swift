import Alpaca
import Foundation
import Policy
import Vocabulary

/// Decides and records, never sends: reads (clock, account, positions, bars) come from another
/// broker so the policy judges the real account, and `submit` answers locally with status
/// `dry_run` without any request.
public struct DryRunBroker: LiveBroker {
    public let reads: any LiveBroker
    public var kind: String { Mode.dryRun.rawValue }

    public init(reads: any LiveBroker) {
        self.reads = reads
    }

    public func clock() async throws -> BrokerClock { try await reads.clock() }
    public func account() async throws -> BrokerAccount { try await reads.account() }
    public func positions() async throws -> [BrokerPosition] { try await reads.positions() }
    public func openOrders() async throws -> [BrokerOrder] { try await reads.openOrders() }
    public func bars(_ request: BarRequest) async throws -> [String: [Bar]] { try await reads.bars(request) }

    /// Dry-run orders never reach a broker, so there is nothing to cancel.
    public func cancel(orderId: String) async throws {}

    /// Dry-run orders never reach a broker, so there is nothing to look up.
    public func order(clientOrderId: String) async throws -> BrokerOrder? { nil }

    public func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        let intent = order.intent
        return BrokerOrder(id: "dry-run-" + intent.clientOrderId, clientOrderId: intent.clientOrderId, symbol: intent.symbol,
                           side: intent.side, status: DryRunBroker.status)
    }

    public func submit(_ order: ApprovedOrder, trailPercent: Double, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder {
        try await submit(order, timeInForce: timeInForce)
    }

    /// The entry and its legs, each answered `dry_run`.
    public func submit(_ entry: ApprovedOrder, legs: ExitLegOrders, timeInForce: Vocabulary.TimeInForce) async throws -> [BrokerOrder] {
        let answer = try await submit(entry, timeInForce: timeInForce)
        return [answer] + legs.named(parent: entry.intent.clientOrderId).map { leg in
            BrokerOrder(id: "dry-run-" + leg.clientOrderId, clientOrderId: leg.clientOrderId, symbol: entry.intent.symbol,
                        side: leg.order.intent.side, status: DryRunBroker.status)
        }
    }

    public static let status = "dry_run"
}
