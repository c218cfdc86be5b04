import Alpaca
import Audit
import Foundation
import Logging
import Policy

/// Every call to the broker, and what it said last: its clock (into the run's `RunClock`),
/// the account and positions, with the run's last close per symbol.
///
/// Fails closed: a call that fails after the client's own retries marks the broker down
/// (recorded once: a `broker_health` record, an alert, a notification) and the holdings
/// unchecked; the first answer after that marks it healthy, and a reconciliation must match
/// before any new order (`TradingGate`).
final class BrokerSession {
    let broker: any LiveBroker
    private let journal: RunJournal
    private let clock: RunClock
    private let notices: RunNotices
    private let logger: Logger
    /// Told when the broker goes down, so the status file says so at once.
    var wentDown: () -> Void = {}

    private(set) var isDown = false
    /// What failed, while the broker is down.
    private(set) var downDetail: String?
    /// The broker's holdings have not been checked against the audit log since the run
    /// started or a call failed.
    private(set) var needsReconcile = true
    /// The broker answered again after being down: the next reconciliation is recorded.
    private var recoveredFromOutage = false
    private(set) var account: BrokerAccount?
    private(set) var positions: [BrokerPosition] = []
    /// Last close seen per symbol.
    private(set) var marks: [String: Double] = [:]

    init(broker: any LiveBroker, journal: RunJournal, clock: RunClock, notices: RunNotices, logger: Logger) {
        self.broker = broker
        self.journal = journal
        self.clock = clock
        self.notices = notices
        self.logger = logger
    }

    /// Runs one broker call. A failure (after the client's own retries) marks the broker
    /// down and returns nil; the first answer after that marks it healthy again.
    func read<T>(_ what: String, _ body: () async throws -> T) async -> T? {
        do {
            let value = try await body()
            answered()
            return value
        } catch {
            failed(error, doing: what)
            return nil
        }
    }

    /// The broker's clock now, which becomes the run's market clock; nil when it did not answer.
    func readClock() async -> BrokerClock? {
        guard let answer = await read("clock", { try await self.broker.clock() }) else { return nil }
        clock.update(answer)
        return answer
    }

    /// Account and positions now; false when the broker did not answer.
    func refreshAccount() async -> Bool {
        guard let answer = await read("account", { try await self.broker.account() }),
              let held = await read("positions", { try await self.broker.positions() }) else { return false }
        account = answer
        positions = held
        return true
    }

    /// Account and positions read by the reconciliation.
    func hold(account: BrokerAccount, positions: [BrokerPosition]) {
        self.account = account
        self.positions = positions
    }

    /// The account is not known now (the broker did not answer for this bar): every figure
    /// the policy needs from it is unknown, which blocks.
    func forgetAccount() {
        account = nil
    }

    func mark(_ symbol: String, close: Double) {
        marks[symbol] = close
    }

    /// Records the fall into `down` once; no new order until the broker answers and a
    /// reconciliation matches.
    func failed(_ error: Error, doing what: String? = nil) {
        let detail = (what.map { "\($0): " } ?? "") + ((error as? BrokerError)?.message ?? "\(error)")
        downDetail = detail
        needsReconcile = true
        guard !isDown else { return }
        isDown = true
        logger.error("ALERT broker unreachable: no new orders until it answers again", metadata: ["detail": "\(detail)"])
        notices.tell(.brokerDown, "the broker does not answer (\(detail)); no new order is sent until it does", [.init("detail", detail)])
        do {
            try journal.append(.brokerHealth(BrokerHealthRecord(state: "down", detail: detail)))
        } catch {
            logger.critical("could not record broker health in the audit log", metadata: ["error": "\(error)"])
        }
        wentDown()
    }

    func answered() {
        guard isDown else { return }
        isDown = false
        let detail = "the broker answers again; reconciling before any new order"
        downDetail = nil
        recoveredFromOutage = true
        logger.notice("broker recovered", metadata: ["detail": "\(detail)"])
        notices.tell(.brokerRecovered, detail)
        do {
            try journal.append(.brokerHealth(BrokerHealthRecord(state: "healthy", detail: detail)))
        } catch {
            logger.critical("could not record broker health in the audit log", metadata: ["error": "\(error)"])
        }
    }

    /// Whether the broker came back from an outage since the last reconciliation (asked once
    /// by each reconciliation, which says so in its record).
    func takeRecovery() -> Bool {
        defer { recoveredFromOutage = false }
        return recoveredFromOutage
    }

    /// A reconciliation has checked the holdings.
    func reconciled() {
        needsReconcile = false
    }

    /// The broker's positions with our orders in flight counted as filled (see `InFlightHoldings`).
    func inFlightHoldings() -> InFlightHoldings {
        InFlightHoldings(positions: positions, marks: marks, pending: journal.openOrders)
    }

    /// The policy's view of the account for an order in `symbol`; unknown figures (broker
    /// not answering) are NaN, which blocks every limit that needs them.
    func snapshot(for symbol: String, price: Double) -> AccountSnapshot {
        guard let account else {
            return AccountSnapshot(cash: .nan, equity: .nan, dayStartEquity: .nan, grossExposure: .nan,
                                   position: inFlightHoldings().position(symbol), mark: price)
        }
        return AccountView.snapshot(symbol: symbol, account: account, positions: positions, marks: marks,
                                    pending: journal.openOrders)
    }

    /// Shares of `symbol` the broker reported.
    func held(_ symbol: String) -> Double {
        positions.filter { $0.symbol == symbol }.reduce(0) { $0 + $1.qty }
    }
}
