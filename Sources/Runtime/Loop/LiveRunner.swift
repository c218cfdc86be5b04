import Alpaca
import Audit
import Engine
import Foundation
import Logging
import MarketData
import Policy

/// The engine loop with a live clock: market data → `TradingCore` → policy → audit (flushed)
/// → order → fills → portfolio, over any `LiveBroker`.
///
/// Same semantics as the backtest: a decision is made at a bar's close and a market order
/// fills at the next bar's open. Each poll asks the broker for its clock and the bars completed
/// since the last poll; each new bar time is one step (every symbol with a bar then, in the
/// strategy's order). Before the first decision the strategy is warmed up on enough history
/// for its lookback. Fails closed: no new order while the broker does not answer, the
/// broker's holdings do not match the audit log, or an operator halted trading.
public final class LiveRunner {
    let core: TradingCore
    let broker: any LiveBroker
    let options: Options
    let records: DecisionRecords
    let logger: Logger
    let stop: StopSignal
    var feed: BarFeed
    let killSwitch: KillSwitch

    var audit: AuditLog!
    var lock: RunLock?
    var queue: ApprovalQueue!
    var ledger = AuditLedger()
    var runId = ""
    let startedAt: Date
    var warmupStart: Date?
    /// Opened on first use when `options.storeBars` is set.
    var barStore: BarStore?

    // What the broker said last.
    var clock: BrokerClock?
    var account: BrokerAccount?
    var positions: [BrokerPosition] = []
    /// Last close seen per symbol.
    var marks: [String: Double] = [:]

    // Safety state.
    var brokerDown = false
    var brokerDetail: String?
    var needsReconcile = true
    /// The broker answered again after being down: the next reconciliation is recorded.
    var recoveredFromOutage = false
    var reconciledThisRun = false
    var reconciliationOK: Bool?
    var mismatches: [String] = []
    var barsSinceReconcile = 0
    var lastReconciled = Date.distantPast
    var halt: KillSwitch.Halt?

    // Progress.
    var barsProcessed = 0
    var decisionCount = 0
    var ordersSent = 0
    var fillCount = 0
    var pendingApprovals = 0
    /// Orders open in the queue at the last look, so one a person rejected is announced once.
    var openApprovalIds: Set<String> = []
    /// Closed orders in the queue by state (for the status file), and the newest line about one.
    var approvalCounts: [ApprovalState: Int] = [:]
    var lastApprovalEvent: String?
    /// For the daily summary notification.
    var dayTally = DayTally()
    var lastSummarizedDay: Int64?
    var lastBarText: String?
    var lastDecisionId: String?
    var lastDecisionText: String?
    /// An order is on its way to the broker (recorded, not yet answered).
    var submitting = false

    public init(core: TradingCore, strategy: FileRef, policy: FileRef, broker: any LiveBroker, options: Options,
                stop: StopSignal = StopSignal(), logger: Logger = Logger(label: "algobot.runtime")) throws {
        self.core = core
        self.broker = broker
        self.options = options
        self.stop = stop
        self.logger = logger
        records = DecisionRecords(mode: options.mode, strategy: strategy, policy: policy)
        feed = try BarFeed(symbols: core.symbols, timeframe: core.strategy.source.timeframe, settle: options.barSettleSeconds)
        killSwitch = KillSwitch(state: options.state)
        startedAt = options.wallClock()
    }

    /// Runs until stopped (signal, `maxBars`, end of the simulator's data). Writes `run_start`
    /// and `run_end`, closes the audit log, and leaves `status.json` with `running: false`.
    public func run() async throws -> Summary {
        try openState()
        var status = "completed"
        var failure: Error?
        do {
            try await startUp()
            try await loop()
            if stop.isRequested { status = "interrupted" }
        } catch {
            status = "failed"
            failure = error
            logger.critical("the run stopped on an error", metadata: ["error": "\(error)"])
        }
        await finish(status: status, message: failure.map { "\($0)" })
        if let failure { throw failure }
        return Summary(status: status, bars: barsProcessed, decisions: decisionCount, ordersSent: ordersSent, fills: fillCount)
    }

    private func openState() throws {
        try options.state.create()
        lock = try RunLock(state: options.state)
        let wall = MarketTime.utcText(options.wallClock())
        audit = try AuditLog(path: options.state.audit, redactor: options.secrets, recoveryAt: wall, logger: logger)
        if let recovery = audit.recovery { logger.warning("audit log: \(recovery.message)") }
        ledger = try AuditLedger.load(path: options.state.audit)
        queue = try ApprovalQueue(path: options.state.approvals, auditLog: audit, expiry: options.approvalExpiry)
        openApprovalIds = Set(try queue.list(now: wall).map(\.id))
        approvalCounts = try queue.counts()
        runId = "\(options.mode.rawValue):\(core.strategy.source.name):\(wall)"
        var config = options.config
        config["broker"] = broker.kind
        config["mode"] = options.mode.rawValue
        config["state"] = options.state.path
        config["timeframe"] = core.strategy.source.timeframe
        try append(.runStart(RunStart(runId: runId, mode: options.mode, strategy: records.strategy, policy: records.policy,
                                      config: config, versions: options.versions, dataFiles: [])),
                   at: wall)
        halt = killSwitch.current()
        writeStatus()
    }

    /// Waits for the broker, reconciles (which also settles orders left in flight by an
    /// earlier run), then warms the strategy up and decides on the newest bar if it is still
    /// actionable and was not decided before.
    private func startUp() async throws {
        while clock == nil && !stop.isRequested {
            if let answer = await read("clock", { try await self.broker.clock() }) {
                clock = answer
            } else {
                writeStatus()
                await pause()
            }
        }
        guard let clock, !stop.isRequested else { return }
        try await reconcile()
        let start = feed.warmupStart(lookback: core.strategy.lookback, now: clock.now)
        warmupStart = start
        var history: [String: [Alpaca.Bar]]?
        while history == nil && !stop.isRequested {
            let request = BarRequest(symbols: core.symbols, timeframe: feed.timeframe, start: start, feed: options.dataFeed)
            history = await read("bars", { try await self.broker.bars(request) })
            if history == nil { await pause() }
        }
        guard let history, let now = self.clock else { return }
        let groups = feed.accept(history, now: now.now)
        try recordRefusedBars()
        for group in groups.dropLast() { warmUp(group) }
        logger.info("warmed up", metadata: ["bars": "\(max(0, groups.count - 1))", "lookback": "\(core.strategy.lookback)"])
        if groups.count - 1 < core.strategy.lookback {
            logger.warning("less history than the strategy's lookback; its first signals come later",
                           metadata: ["bars": "\(max(0, groups.count - 1))", "lookback": "\(core.strategy.lookback)"])
        }
        if let newest = groups.last { try await process(newest, newest: true) }
    }

    private func loop() async throws {
        while !stop.isRequested && !reachedMaxBars {
            let finishedBefore = options.isFinished?() ?? false
            let newBars = try await pollOnce()
            if finishedBefore && newBars == 0 { break }
            if stop.isRequested || reachedMaxBars { break }
            await pause()
        }
    }

    var reachedMaxBars: Bool { options.maxBars.map { barsProcessed >= $0 } ?? false }

    /// One poll: clock, order tracking (or a due reconciliation), approvals, new bars.
    /// Returns how many bar times were processed.
    func pollOnce() async throws -> Int {
        refreshHalt()
        guard let answer = await read("clock", { try await self.broker.clock() }) else {
            writeStatus()
            return 0
        }
        clock = answer
        if needsReconcile || Date().timeIntervalSince(lastReconciled) >= options.reconcileEverySeconds {
            try await reconcile()
        } else {
            _ = try await trackOrders()
        }
        try await processApprovals()
        let request = BarRequest(symbols: core.symbols, timeframe: feed.timeframe,
                                 start: feed.queryStart(orElse: warmupStart ?? answer.now), feed: options.dataFeed)
        guard let bars = await read("bars", { try await self.broker.bars(request) }) else {
            writeStatus()
            return 0
        }
        let groups = feed.accept(bars, now: answer.now)
        try recordRefusedBars()
        var processed = 0
        for (index, group) in groups.enumerated() {
            try await process(group, newest: index == groups.count - 1)
            processed += 1
            if stop.isRequested || reachedMaxBars { break }
        }
        writeStatus()
        return processed
    }

    /// Sleeps for the poll interval (or `seconds`), waking early when a stop is requested.
    func pause(_ seconds: Double? = nil) async {
        let end = Date().addingTimeInterval(seconds ?? options.pollInterval)
        while !stop.isRequested {
            let left = end.timeIntervalSinceNow
            if left <= 0 { return }
            try? await Task.sleep(nanoseconds: UInt64(min(left, 0.05) * 1_000_000_000))
        }
    }

    private func finish(status: String, message: String?) async {
        tellRunEnd(status: status, message: message)
        await options.beforeRunEnd?()
        var summary: [String: Double] = ["bars": Double(barsProcessed), "decisions": Double(decisionCount),
                                         "orders": Double(ordersSent), "fills": Double(fillCount)]
        if let equity = account?.equity { summary["equity"] = equity }
        do {
            try append(.runEnd(RunEnd(runId: runId, status: status, summary: summary, message: message)), at: marketNow)
            try audit.close()
        } catch {
            logger.critical("could not write run_end to the audit log", metadata: ["error": "\(error)"])
        }
        writeStatus(endStatus: status)
        lock?.release()
        logger.info("run ended", metadata: ["status": "\(status)", "bars": "\(barsProcessed)", "orders": "\(ordersSent)"])
    }

    /// Appends to the audit log (written and fsynced before it returns) and to the ledger.
    @discardableResult
    func append(_ body: AuditBody, at: String) throws -> AuditRecord {
        let record = try audit.append(body, at: at, wall: MarketTime.utcText(options.wallClock()))
        ledger.apply(record)
        return record
    }

    /// The market time as audit `at` text (wall time until the broker's clock is known).
    var marketNow: String { MarketTime.utcText(clock?.now ?? options.wallClock()) }
}
