import Audit
import Foundation
import Vocabulary

/// Whether anything may be sent now, outside the policy: the operator's kill switch, the
/// broker's health, the reconciliation, the account's own block and the bar's freshness.
/// Each reason is a `GateCheck` in the decision record's `gates` (a step of its own after the
/// policy, which never overwrites its outcome), so `algobot explain` says why nothing was
/// sent. The same gates hold back approved orders.
final class TradingGate {
    private let killSwitch: KillSwitch
    private let session: BrokerSession
    private let reconciler: LiveReconciler
    private let notices: RunNotices
    /// The halt in force at the last look.
    private(set) var halt: KillSwitch.Halt?

    init(killSwitch: KillSwitch, session: BrokerSession, reconciler: LiveReconciler, notices: RunNotices) {
        self.killSwitch = killSwitch
        self.session = session
        self.reconciler = reconciler
        self.notices = notices
    }

    /// Reads the kill switch at the run's start (a halt found then is not announced).
    func readAtStart() {
        halt = killSwitch.current()
    }

    /// Reads the kill switch and tells about a change.
    func refresh() {
        let now = killSwitch.current()
        defer { halt = now }
        switch (halt, now) {
        case (nil, let on?):
            notices.tell(.halted, "trading is halted by \(on.by)" + (on.reason.map { ": \($0)" } ?? "")
                         + "; no new order is sent until `algobot resume`", [.init("by", on.by)])
        case (_?, nil):
            notices.tell(.resumed, "trading was resumed; new orders may be sent again")
        default:
            break
        }
    }

    /// Reasons not to send anything now; empty when an order may go. `actionable`: the bar
    /// decided on can still fill at the next open (always true for an approved order).
    /// `side`: the order's, for the gates that depend on it (a short needs an account that may short).
    func gates(actionable: Bool, side: Side? = nil) -> [GateCheck] {
        var gates: [GateCheck] = []
        if let halt {
            let why = halt.reason.map { ": \($0)" } ?? ""
            gates.append(GateCheck(.tradingHalted, message: "trading is halted by \(halt.by)\(why); `algobot resume` lifts the halt"))
        }
        if session.isDown || session.account == nil {
            gates.append(GateCheck(.brokerUnreachable,
                message: "the broker did not answer (\(session.downDetail ?? "no account data")); no order is sent until it does"))
        } else if session.needsReconcile {
            gates.append(GateCheck(.reconciliationPending,
                message: "the broker's holdings have not been checked against the audit log since it came back"))
        } else if reconciler.ok == false {
            gates.append(GateCheck(.reconciliationMismatch,
                message: "the broker's holdings do not match the audit log (\(reconciler.mismatches.joined(separator: "; ")))"))
        }
        if session.account?.tradingBlocked == true {
            gates.append(GateCheck(.accountBlocked, message: "the broker reports the account as blocked from trading"))
        }
        if side == .sellShort, let account = session.account, account.shortingEnabled != true {
            // Fail closed: an account that does not say it may short is treated as one that may not.
            let said = account.shortingEnabled == false ? "reports shorting_enabled: false for this account"
                                                        : "did not say whether this account may short (no shorting_enabled)"
            gates.append(GateCheck(.shortingDisabled, message: "the order sells short, but the broker \(said); "
                + "nothing is sent (enable shorting on the account, or remove sell_short from the strategy)"))
        }
        if !actionable && !session.isDown {
            gates.append(GateCheck(.staleBar, message: "a newer bar had already started when this bar was processed, "
                + "so the order could not fill at the next open as decided"))
        }
        return gates
    }
}
