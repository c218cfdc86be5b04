import Vocabulary

/// One runtime gate that stood in the way of a decision after the policy decided (trading
/// halted, broker unreachable, a stale bar, …): its id and why, in words. Recorded in the
/// decision's `gates`, beside the policy's checks; the policy's `outcome` stays as it was.
public struct GateCheck: Codable, Sendable, Equatable {
    public var id: RuntimeGate
    /// "trading is halted by ops: earnings; `algobot resume` lifts the halt"
    public var message: String

    public init(_ id: RuntimeGate, message: String) {
        self.id = id
        self.message = message
    }

    /// The gate in the form records written before `gates` existed gave it: a failed check of
    /// kind `runtime` that blocks. `explain`, the advisor and the approval list read both forms alike.
    public var asCheck: PolicyCheck {
        PolicyCheck(id: id.id, kind: .runtime, result: .fail, outcome: id.outcome, message: message, values: [],
                    limit: nil, location: nil)
    }
}
