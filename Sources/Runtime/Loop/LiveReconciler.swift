import Audit
import Foundation
import Logging

/// Checks the broker's holdings against the audit log (`Reconciler`): at start, after an
/// outage, every `reconcileEveryBars` bars and, between bars, every `reconcileEverySeconds`
/// of wall time. A mismatch blocks new orders (`TradingGate`) until a later check matches or
/// an operator accepts the broker's state (`algobot reconcile --accept`).
final class LiveReconciler {
    private let session: BrokerSession
    private let router: OrderRouter
    private let journal: RunJournal
    private let notices: RunNotices
    private let clock: RunClock
    private let options: LiveRunner.Options
    private let stop: StopSignal
    private let logger: Logger

    /// The last result (nil before the first check).
    private(set) var ok: Bool?
    /// The last check's differences, in words.
    private(set) var mismatches: [String] = []
    private var checkedThisRun = false
    private var barsSinceCheck = 0
    private var lastChecked = Date.distantPast

    init(session: BrokerSession, router: OrderRouter, journal: RunJournal, notices: RunNotices, clock: RunClock,
         options: LiveRunner.Options, stop: StopSignal, logger: Logger) {
        self.session = session
        self.router = router
        self.journal = journal
        self.notices = notices
        self.clock = clock
        self.options = options
        self.stop = stop
        self.logger = logger
    }

    /// Counts a new bar time; true when a check is due before deciding on it.
    func isDueAtBar() -> Bool {
        barsSinceCheck += 1
        return session.needsReconcile || barsSinceCheck >= options.reconcileEveryBars
    }

    /// True when a check is due at a poll between bars (the wall clock read now).
    func isDueAtPoll() -> Bool {
        session.needsReconcile || clock.now.timeIntervalSince(lastChecked) >= options.reconcileEverySeconds
    }

    /// Compares the broker's positions, cash and open orders with the audit log. Orders left
    /// open are brought up to date first (this is how orders in flight when an earlier run
    /// died are settled). A record is written at the start of a run and whenever the result
    /// changes.
    func reconcile() async throws {
        guard var snapshot = try await brokerSnapshot() else { return }
        var problems = Reconciler.mismatches(ledger: journal.ledger, positions: snapshot.positions, cash: snapshot.account.cash,
                                             openOrders: snapshot.open)
        if !problems.isEmpty && ok != false && journal.ledger.hasBaseline {
            // A broker can show a fill on the order a moment before in the positions: look
            // again once before raising the alarm.
            await clock.pause(options.mismatchConfirmDelay, unless: stop)
            guard let again = try await brokerSnapshot() else { return }
            snapshot = again
            problems = Reconciler.mismatches(ledger: journal.ledger, positions: snapshot.positions, cash: snapshot.account.cash,
                                             openOrders: snapshot.open)
        }
        var note: String?
        let acceptPath = options.state.acceptBrokerState
        let acceptReason = (try? StateFile.read(acceptPath))?.map { String(decoding: $0, as: UTF8.self) }
        if !journal.ledger.hasBaseline {
            note = "first reconciliation for this state folder: the broker's positions and cash are the starting point"
            problems = []
        } else if let acceptReason, !problems.isEmpty {
            note = "an operator accepted the broker's state (\(acceptReason)); it was: \(problems.joined(separator: "; "))"
            problems = []
        }
        if acceptReason != nil { try? StateFile.remove(acceptPath) }
        if session.takeRecovery() && note == nil { note = "checked after the broker came back from an outage" }
        let matches = problems.isEmpty
        let worthRecording = !checkedThisRun || ok != matches || mismatches != problems || note != nil
        if worthRecording {
            try journal.append(.reconciliation(ReconciliationRecord(ok: matches, mismatches: problems,
                                                                    positions: Reconciler.holdings(snapshot.positions),
                                                                    cash: snapshot.account.cash,
                                                                    openOrders: snapshot.open.map(\.clientOrderId).sorted(),
                                                                    note: note)))
        }
        if !matches && worthRecording {
            logger.error("ALERT reconciliation mismatch: no new orders until it matches (see docs/RUN.md)",
                         metadata: ["mismatches": "\(problems.joined(separator: "; "))"])
            notices.tell(.reconciliationMismatch, "the broker's holdings differ from the audit log: \(problems.joined(separator: "; ")); "
                         + "no new order is sent until they match (docs/RUN.md, \"Reconciliation mismatches\")",
                         [.init("state", options.state.path)])
        } else if matches && ok == false {
            logger.notice("reconciliation matches again; orders may be sent")
        }
        checkedThisRun = true
        ok = matches
        mismatches = problems
        session.reconciled()
        barsSinceCheck = 0
        lastChecked = clock.now
    }

    /// Account, positions and open orders, with our open orders brought up to date in between;
    /// taken again (up to three times) while following the orders records new fills, so both
    /// sides describe the same moment. Nil when the broker did not answer.
    private func brokerSnapshot() async throws -> (account: BrokerAccount, positions: [BrokerPosition], open: [BrokerOrder])? {
        var snapshot: (account: BrokerAccount, positions: [BrokerPosition], open: [BrokerOrder])?
        for _ in 0..<3 {
            let broker = session.broker
            guard let account = await session.read("account", { try await broker.account() }),
                  let positions = await session.read("positions", { try await broker.positions() }),
                  let open = await session.read("open orders", { try await broker.openOrders() }),
                  let changed = try await router.track(brokerOpen: open) else { return nil }
            session.hold(account: account, positions: positions)
            snapshot = (account, positions, open)
            if !changed { break }
        }
        return snapshot
    }
}
