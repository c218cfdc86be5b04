import Audit
import Engine
import Foundation
import Policy
import Vocabulary

/// Re-runs the policy on an order waiting for approval, against the broker's state now: what
/// `algobot approvals approve` does before anything is approved. If the broker cannot be read,
/// `prepare` throws and nothing is approved (fail closed); the order keeps waiting.
/// Sendable by hand: it only calls `TradingCore.decide`, which reads the immutable policy and
/// never touches the strategy state.
public struct ApprovalRecheck: @unchecked Sendable {
    /// The broker's state at one moment, with the orders the audit says are in flight.
    public struct State: Sendable {
        public var clock: BrokerClock
        public var account: BrokerAccount
        public var positions: [BrokerPosition]
        public var ledger: AuditLedger
    }

    public let core: TradingCore
    public let broker: any LiveBroker

    public init(core: TradingCore, broker: any LiveBroker) {
        self.core = core
        self.broker = broker
    }

    /// Reads clock, account and positions, and the audit log's orders in flight.
    public func prepare(auditPath: String) async throws -> State {
        let clock = try await broker.clock()
        let account = try await broker.account()
        let positions = try await broker.positions()
        return State(clock: clock, account: account, positions: positions, ledger: try AuditLedger.load(path: auditPath))
    }

    /// The policy's verdict on `record` as if `approval` were granted: `allow` when no limit
    /// or rule stands in the way now.
    public func recheck(_ record: DecisionRecord, state: State, approval: HumanApproval) throws -> RecheckResult {
        let intent = try IntentRebuilder.intent(from: record, core: core)
        var marks: [String: Double] = [:]
        for position in state.positions { if let price = position.currentPrice { marks[position.symbol] = price } }
        if marks[intent.symbol] == nil { marks[intent.symbol] = intent.price }
        let account = AccountView.snapshot(symbol: intent.symbol, account: state.account, positions: state.positions,
                                           marks: marks, pending: state.ledger.openOrders)
        let decision = core.decide(intent, account: account, approval: approval)
        let outcome = decision.approvedOrder != nil ? Outcome.allow : decision.outcome
        return RecheckResult(outcome: outcome, checks: decision.checks.map { DecisionRecords.check($0, in: decision) })
    }
}
