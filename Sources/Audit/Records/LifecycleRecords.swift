import Vocabulary

// Records for everything that is not a decision: run boundaries, the order's life at the
// broker, approvals, reconciliation and operator controls.

public struct RunStart: Codable, Sendable, Equatable {
    public var runId: String
    public var mode: Mode
    public var strategy: FileRef
    public var policy: FileRef
    /// Effective settings as `key=value` text, sorted by key; secrets never appear here.
    public var config: [String: String]
    public var versions: [String: String]
    public var dataFiles: [FileRef]

    public init(runId: String, mode: Mode, strategy: FileRef, policy: FileRef,
                config: [String: String], versions: [String: String], dataFiles: [FileRef]) {
        self.runId = runId
        self.mode = mode
        self.strategy = strategy
        self.policy = policy
        self.config = config
        self.versions = versions
        self.dataFiles = dataFiles
    }
}

public struct RunEnd: Codable, Sendable, Equatable {
    public var runId: String
    /// completed | interrupted | failed
    public var status: String
    public var summary: [String: Double]
    public var message: String?

    public init(runId: String, status: String, summary: [String: Double], message: String? = nil) {
        self.runId = runId
        self.status = status
        self.summary = summary
        self.message = message
    }
}

/// Written and flushed before the order is handed to the broker.
public struct OrderSubmitted: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String
    public var decisionId: String
    public var symbol: String
    public var side: Side
    public var qty: Double?
    public var notional: Double?
    /// sim | alpaca | backtest
    public var broker: String

    public init(orderId: String, clientOrderId: String, decisionId: String, symbol: String, side: Side,
                qty: Double?, notional: Double?, broker: String) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.decisionId = decisionId
        self.symbol = symbol
        self.side = side
        self.qty = qty
        self.notional = notional
        self.broker = broker
    }
}

public struct OrderUpdate: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String
    public var brokerOrderId: String?
    /// Alpaca's status words: accepted, new, partially_filled, filled, canceled, expired,
    /// rejected … plus `unfilled` (backtest ended first) and `submit_failed`.
    public var status: String
    public var message: String?

    public init(orderId: String, clientOrderId: String, brokerOrderId: String?, status: String, message: String? = nil) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.brokerOrderId = brokerOrderId
        self.status = status
        self.message = message
    }
}

public struct FillRecord: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String
    public var brokerOrderId: String?
    public var symbol: String
    public var side: Side
    public var qty: Double
    public var price: Double
    public var commission: Double
    /// For an exit leg's fill: the level and the bar that reached it (absent for other fills).
    public var trigger: ExitTrigger?

    public init(orderId: String, clientOrderId: String, brokerOrderId: String?, symbol: String, side: Side,
                qty: Double, price: Double, commission: Double, trigger: ExitTrigger? = nil) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.brokerOrderId = brokerOrderId
        self.symbol = symbol
        self.side = side
        self.qty = qty
        self.price = price
        self.commission = commission
        self.trigger = trigger
    }
}

public struct ApprovalRecord: Codable, Sendable, Equatable {
    public var orderId: String
    public var decisionId: String
    public var action: ApprovalAction
    public var by: String?
    public var note: String?
    /// The policy outcome when approval re-ran the policy against the current state.
    public var recheckOutcome: Outcome?
    public var recheck: [PolicyCheck]?

    public init(orderId: String, decisionId: String, action: ApprovalAction, by: String? = nil, note: String? = nil,
                recheckOutcome: Outcome? = nil, recheck: [PolicyCheck]? = nil) {
        self.orderId = orderId
        self.decisionId = decisionId
        self.action = action
        self.by = by
        self.note = note
        self.recheckOutcome = recheckOutcome
        self.recheck = recheck
    }
}

public struct ReconciliationRecord: Codable, Sendable, Equatable {
    public var ok: Bool
    public var mismatches: [String]
    /// Shares per symbol the broker reported (live runs); with `cash`, the starting point
    /// that later fills are added to when the next reconciliation compares.
    public var positions: [String: Double]?
    public var cash: Double?
    /// Client order ids of the orders open at the broker at that moment.
    public var openOrders: [String]?
    /// Why this record exists when it is not a plain comparison (first run, operator accepted).
    public var note: String?

    public init(ok: Bool, mismatches: [String], positions: [String: Double]? = nil, cash: Double? = nil,
                openOrders: [String]? = nil, note: String? = nil) {
        self.ok = ok
        self.mismatches = mismatches
        self.positions = positions
        self.cash = cash
        self.openOrders = openOrders
        self.note = note
    }
}

/// Operator controls: halt / resume (kill switch).
public struct ControlRecord: Codable, Sendable, Equatable {
    /// halt | resume
    public var action: String
    public var by: String?
    public var reason: String?

    public init(action: String, by: String? = nil, reason: String? = nil) {
        self.action = action
        self.by = by
        self.reason = reason
    }
}

public struct BrokerHealthRecord: Codable, Sendable, Equatable {
    /// healthy | degraded | down
    public var state: String
    public var detail: String

    public init(state: String, detail: String) {
        self.state = state
        self.detail = detail
    }
}

/// Free-form operational note (a torn line set aside at start, a data skip, …).
public struct NoteRecord: Codable, Sendable, Equatable {
    public var kind: String
    public var message: String
    /// The decision the note is about, when it is about one (an `exit_watched` note names the
    /// watched exit's sale): indexed, so `explain` finds the note with the decision. Absent in
    /// notes about the run, and in notes written before it was recorded.
    public var decisionId: String?

    public init(kind: String, message: String, decisionId: String? = nil) {
        self.kind = kind
        self.message = message
        self.decisionId = decisionId
    }
}
