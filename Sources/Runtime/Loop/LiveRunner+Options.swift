import Audit
import Foundation
import Notify
import Vocabulary

/// What a live run is told, and what it reports when it ends.
extension LiveRunner {
    public struct Options: Sendable {
        /// `paper` or `dry-run` (a live run never backtests).
        public var mode: Mode = .paper
        public var state = StateFolder()
        public var strategyPath = "strategies/sma.yaml"
        public var policyPath = "rules/limits.yaml"
        /// Stop after this many bar times (tests, short demonstrations).
        public var maxBars: Int?
        /// Seconds between polls of the broker.
        public var pollInterval: Double = 15
        /// Reconcile with the broker every this many bar times (also at start and after an outage)…
        public var reconcileEveryBars = 1
        /// …and between bars at least this often (wall-clock seconds).
        public var reconcileEverySeconds: Double = 300
        /// Seconds to wait before looking again at a fresh mismatch (a broker may update
        /// positions a moment after the order shows filled).
        public var mismatchConfirmDelay: Double = 2
        /// Seconds after a bar's close before it counts as final.
        public var barSettleSeconds: Int64 = 0
        /// Alpaca data feed (`iex`, `sip`); nil for the server's default.
        public var dataFeed: String?
        public var approvalExpiry: ApprovalExpiry = .default
        /// For the status file: where the broker is (no keys).
        public var brokerURL: String?
        /// Keep `state/bars.sqlite` current with the bars the run sees.
        public var storeBars = false
        /// Effective settings for the `run_start` record (no secrets).
        public var config: [String: String] = [:]
        /// Program versions for the `run_start` record.
        public var versions: [String: String] = [:]
        /// Masks key values in the audit log (keys from `.env` are not in the environment).
        public var secrets: SecretRedactor = .fromProcessEnvironment()
        /// Once true, the run ends after a poll that brings no new bar (the built-in
        /// simulator at the end of its data).
        public var isFinished: (@Sendable () -> Bool)?
        /// Called once a decision is settled: recorded, and handed to the broker when it was
        /// allowed. The CLI asks the advisor here; it must return at once.
        public var afterDecision: (@Sendable (DecisionRecord, _ at: String) -> Void)?
        /// Awaited just before `run_end` is written (the advisor writes its last notes).
        public var beforeRunEnd: (@Sendable () async -> Void)?
        /// Receives the one-line status of every bar (standard output in the CLI).
        public var output: @Sendable (String) -> Void = { line in
            print(line)
            fflush(stdout)
        }
        /// Receives a line when an order waiting for approval expires or is rejected (standard
        /// output in the CLI). Apart from `output`, whose lines pace the built-in simulator.
        public var notice: @Sendable (String) -> Void = { line in
            print(line)
            fflush(stdout)
        }
        /// Receives what a person should hear about (`notify:` in the settings): it must
        /// return at once; the CLI's `Notifier` delivers in the background.
        public var notify: (@Sendable (NotifyMessage) -> Void)?
        /// The run's one source of wall time (see `WallClock`); the broker's clock gives the market time.
        public var wallClock: WallClock = .system

        public init() {}
    }

    public struct Summary: Sendable, Equatable {
        /// completed | interrupted | failed
        public var status: String
        public var bars: Int
        public var decisions: Int
        public var ordersSent: Int
        public var fills: Int
    }
}
