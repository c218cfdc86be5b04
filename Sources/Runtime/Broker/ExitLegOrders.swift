import Alpaca
import Policy
import Vocabulary

/// The exit legs an entry goes with (docs/RUN.md, "What goes live as what"): a stop loss
/// and a take profit the policy allowed, each an `ApprovedOrder` of its own, sent in one
/// order with the entry: `bracket` with both, `oto` with one (Alpaca places them `held` and
/// works them once the entry fills).
///
/// Alpaca gives a leg an id of its own and takes no client order id for it, so the run names
/// each leg by its entry's: `<entry's client order id>-sl` and `-tp` (`ExitLeg`). The broker
/// adapter reads a bracket's legs through their parent and answers with these names, so the
/// audit log, a restart and reconciliation find every leg by an id derived from the decision.
public struct ExitLegOrders: Sendable {
    public var stopLoss: ApprovedOrder?
    public var takeProfit: ApprovedOrder?

    public init(stopLoss: ApprovedOrder? = nil, takeProfit: ApprovedOrder? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
    }

    public var isEmpty: Bool { stopLoss == nil && takeProfit == nil }

    /// Each leg with the client order id it has under the entry `parent`, stop loss first.
    public func named(parent: String) -> [(order: ApprovedOrder, clientOrderId: String)] {
        var legs: [(order: ApprovedOrder, clientOrderId: String)] = []
        if let stopLoss { legs.append((stopLoss, ExitLeg.stopLoss.clientOrderId(parent: parent))) }
        if let takeProfit { legs.append((takeProfit, ExitLeg.takeProfit.clientOrderId(parent: parent))) }
        return legs
    }

    /// The leg a bracket's child order is: a limit order is the take profit, a stop (or
    /// stop-limit) the stop loss.
    static func leg(of type: OrderType) -> ExitLeg? {
        switch type {
        case .limit: return .takeProfit
        case .stop, .stopLimit: return .stopLoss
        default: return nil
        }
    }

    /// The entry's client order id of a leg named `clientOrderId` (`…-sl`, `…-tp`), or nil
    /// when the name is not a bracket leg's.
    static func parent(ofLeg clientOrderId: String) -> String? {
        for leg in [ExitLeg.stopLoss, .takeProfit] where clientOrderId.hasSuffix("-" + leg.rawValue) {
            return String(clientOrderId.dropLast(leg.rawValue.count + 1))
        }
        return nil
    }
}
