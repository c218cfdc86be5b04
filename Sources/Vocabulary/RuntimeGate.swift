/// A reason, outside the policy, not to send an order now: checked by a live run after the
/// policy decided. A decision record lists the gates that stood in the way beside the
/// policy's checks (`gates`), never in place of the policy's outcome.
public enum RuntimeGate: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// An operator halted trading (`algobot halt`).
    case tradingHalted = "trading_halted"
    /// The broker did not answer, or the account could not be read.
    case brokerUnreachable = "broker_unreachable"
    /// The broker came back; its holdings have not been compared with the audit log yet.
    case reconciliationPending = "reconciliation_pending"
    /// The broker's holdings do not match what the audit log says they should be.
    case reconciliationMismatch = "reconciliation_mismatch"
    /// The broker reports the account as blocked from trading.
    case accountBlocked = "account_blocked"
    /// A newer bar had started before the decision, so the order could not fill as decided.
    case staleBar = "stale_bar"
    /// The order sells short and the broker does not say the account may (`shorting_enabled`
    /// false or absent): refused before it is sent, whatever the policy allowed.
    case shortingDisabled = "shorting_disabled"
    /// The opening half of a reversal whose first half (the sale or cover of the whole
    /// position) did not fill: never sent while the old position may still be held.
    case reversalIncomplete = "reversal_incomplete"
    /// A rule's sale of a position whose exit legs (which hold its shares at the broker) could
    /// not be canceled first, or filled meanwhile: not sent.
    case exitLegsOpen = "exit_legs_open"

    /// `trading_halted`: the gate's id in records and explanations.
    public var id: String { rawValue }

    public var description: String { rawValue }

    /// What a gate that stands in the way makes of the decision: nothing is sent.
    public var outcome: Outcome { .block }
}
