import Audit
import Foundation

/// Failing closed: broker health and reconciliation.
extension LiveRunner {
    /// Runs one broker call. A failure (after the client's own retries) marks the broker
    /// down and returns nil; the first answer after that marks it healthy again.
    func read<T>(_ what: String, _ body: () async throws -> T) async -> T? {
        do {
            let value = try await body()
            brokerAnswered()
            return value
        } catch {
            brokerFailed(error, doing: what)
            return nil
        }
    }

    /// Records the fall into `down` once; no new order until the broker answers and a
    /// reconciliation matches.
    func brokerFailed(_ error: Error, doing what: String? = nil) {
        let detail = (what.map { "\($0): " } ?? "") + ((error as? BrokerError)?.message ?? "\(error)")
        brokerDetail = detail
        needsReconcile = true
        guard !brokerDown else { return }
        brokerDown = true
        logger.error("ALERT broker unreachable: no new orders until it answers again", metadata: ["detail": "\(detail)"])
        tell(.brokerDown, "the broker does not answer (\(detail)); no new order is sent until it does", [.init("detail", detail)])
        do {
            try append(.brokerHealth(BrokerHealthRecord(state: "down", detail: detail)), at: marketNow)
        } catch {
            logger.critical("could not record broker health in the audit log", metadata: ["error": "\(error)"])
        }
        writeStatus()
    }

    func brokerAnswered() {
        guard brokerDown else { return }
        brokerDown = false
        let detail = "the broker answers again; reconciling before any new order"
        brokerDetail = nil
        recoveredFromOutage = true
        logger.notice("broker recovered", metadata: ["detail": "\(detail)"])
        tell(.brokerRecovered, detail)
        do {
            try append(.brokerHealth(BrokerHealthRecord(state: "healthy", detail: detail)), at: marketNow)
        } catch {
            logger.critical("could not record broker health in the audit log", metadata: ["error": "\(error)"])
        }
    }

    /// Compares the broker's positions, cash and open orders with the audit log. Orders left
    /// open are brought up to date first (this is how orders in flight when an earlier run
    /// died are settled). The snapshot is taken again if following the orders recorded new
    /// fills, so both sides describe the same moment. A record is written at the start of a
    /// run and whenever the result changes; a mismatch blocks new orders until a later
    /// reconciliation matches or an operator accepts the broker's state (`algobot reconcile
    /// --accept`).
    func reconcile() async throws {
        guard var snapshot = try await brokerSnapshot() else { return }
        var problems = Reconciler.mismatches(ledger: ledger, positions: snapshot.positions, cash: snapshot.account.cash,
                                             openOrders: snapshot.open)
        if !problems.isEmpty && reconciliationOK != false && ledger.hasBaseline {
            // A broker can show a fill on the order a moment before in the positions: look
            // again once before raising the alarm.
            await pause(options.mismatchConfirmDelay)
            guard let again = try await brokerSnapshot() else { return }
            snapshot = again
            problems = Reconciler.mismatches(ledger: ledger, positions: snapshot.positions, cash: snapshot.account.cash,
                                             openOrders: snapshot.open)
        }
        var note: String?
        let acceptPath = options.state.acceptBrokerState
        let acceptReason = (try? StateFile.read(acceptPath))?.map { String(decoding: $0, as: UTF8.self) }
        if !ledger.hasBaseline {
            note = "first reconciliation for this state folder: the broker's positions and cash are the starting point"
            problems = []
        } else if let acceptReason, !problems.isEmpty {
            note = "an operator accepted the broker's state (\(acceptReason)); it was: \(problems.joined(separator: "; "))"
            problems = []
        }
        if acceptReason != nil { try? StateFile.remove(acceptPath) }
        if recoveredFromOutage && note == nil { note = "checked after the broker came back from an outage" }
        recoveredFromOutage = false
        let ok = problems.isEmpty
        let worthRecording = !reconciledThisRun || reconciliationOK != ok || mismatches != problems || note != nil
        if worthRecording {
            try append(.reconciliation(ReconciliationRecord(ok: ok, mismatches: problems,
                                                            positions: Reconciler.holdings(snapshot.positions),
                                                            cash: snapshot.account.cash,
                                                            openOrders: snapshot.open.map(\.clientOrderId).sorted(), note: note)),
                       at: marketNow)
        }
        if !ok && worthRecording {
            logger.error("ALERT reconciliation mismatch: no new orders until it matches (see docs/RUN.md)",
                         metadata: ["mismatches": "\(problems.joined(separator: "; "))"])
            tell(.reconciliationMismatch, "the broker's holdings differ from the audit log: \(problems.joined(separator: "; ")); "
                 + "no new order is sent until they match (docs/RUN.md, \"Reconciliation mismatches\")",
                 [.init("state", options.state.path)])
        } else if ok && reconciliationOK == false {
            logger.notice("reconciliation matches again; orders may be sent")
        }
        reconciledThisRun = true
        reconciliationOK = ok
        mismatches = problems
        needsReconcile = false
        barsSinceReconcile = 0
        lastReconciled = Date()
    }

    /// Account, positions and open orders, with our open orders brought up to date in between;
    /// taken again (up to three times) while following the orders records new fills, so both
    /// sides describe the same moment. Nil when the broker did not answer.
    private func brokerSnapshot() async throws -> (account: BrokerAccount, positions: [BrokerPosition], open: [BrokerOrder])? {
        var snapshot: (account: BrokerAccount, positions: [BrokerPosition], open: [BrokerOrder])?
        for _ in 0..<3 {
            guard let account = await read("account", { try await self.broker.account() }),
                  let positions = await read("positions", { try await self.broker.positions() }),
                  let open = await read("open orders", { try await self.broker.openOrders() }),
                  let changed = try await trackOrders(brokerOpen: open) else { return nil }
            self.account = account
            self.positions = positions
            snapshot = (account, positions, open)
            if !changed { break }
        }
        return snapshot
    }
}
