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
///
/// A thin coordinator, like NautilusTrader's kernel: it builds the components, each with one
/// job, wires them to one `RunClock`, and says in which order they act. `BarSource` (bars),
/// `DecisionStep` (strategy, policy, gates, record), `OrderRouter` (sending and following
/// orders), `LiveReconciler` (holdings against the audit log), `ApprovalDesk` (orders that
/// need a person), `StatusBoard` (status line and file); under them `BrokerSession` (every
/// broker call, its health, what it said last), `TradingGate` (what stops an order after the
/// policy), `RunJournal` (the audit log and its ledger) and `RunNotices` (webhooks).
public final class LiveRunner {
    let core: TradingCore
    let options: Options
    let records: DecisionRecords
    let logger: Logger
    let stop: StopSignal
    let clock: RunClock
    let lock: RunLock
    let journal: RunJournal
    let notices: RunNotices
    let session: BrokerSession
    let router: OrderRouter
    let reconciler: LiveReconciler
    let gate: TradingGate
    let approvals: ApprovalDesk
    let bars: BarSource
    let decisions: DecisionStep
    let status: StatusBoard
    /// When resting orders have had their time (`day`, `expire_bars`); fed every bar the run sees.
    var expiry: RestingExpiry
    /// Reversals the last run on this state folder sent half of (read before `run_start`).
    private let strandedReversals: [DecisionRecord]

    /// Takes the state folder's lock and opens its audit log and approval queue; `run` starts trading.
    public init(core: TradingCore, strategy: FileRef, policy: FileRef, broker: any LiveBroker, options: Options,
                stop: StopSignal = StopSignal(), logger: Logger = Logger(label: "algobot.runtime")) throws {
        // Before the state folder is touched: a strategy the runner cannot carry in full never trades.
        if let refusal = LiveCoverage.refusal(core.strategy.source) { throw refusal }
        self.core = core
        expiry = RestingExpiry(core: core)
        self.options = options
        self.stop = stop
        self.logger = logger
        let records = DecisionRecords(mode: options.mode, strategy: strategy, policy: policy)
        let clock = RunClock(wall: options.wallClock)
        let startedAt = clock.now
        // The symbols a condition reads (`SPY.close`) are fetched with the traded ones.
        let references = core.strategy.inputs.compactMap(\.referenceSymbol)
        let feed = try BarFeed(symbols: core.symbols, references: references, timeframe: core.strategy.source.timeframe,
                               settle: options.barSettleSeconds)
        try options.state.create()
        lock = try RunLock(state: options.state)
        let journal = try RunJournal(state: options.state, secrets: options.secrets, clock: clock, logger: logger)
        strandedReversals = journal.ledger.strandedReversals
        let notices = RunNotices(notify: options.notify, state: options.state, clock: clock)
        let session = BrokerSession(broker: broker, journal: journal, clock: clock, notices: notices, logger: logger)
        let router = OrderRouter(session: session, journal: journal, notices: notices, logger: logger)
        let reconciler = LiveReconciler(session: session, router: router, journal: journal, notices: notices, clock: clock,
                                        options: options, stop: stop, logger: logger)
        let gate = TradingGate(killSwitch: KillSwitch(state: options.state), session: session, reconciler: reconciler, notices: notices)
        let approvals = try ApprovalDesk(core: core, session: session, router: router, gate: gate, journal: journal, notices: notices,
                                         clock: clock, options: options, logger: logger)
        let bars = BarSource(feed: feed, session: session, journal: journal, options: options, logger: logger)
        let decisions = DecisionStep(core: core, records: records, session: session, bars: bars, gate: gate, approvals: approvals,
                                     router: router, journal: journal, notices: notices, options: options, logger: logger)
        let status = StatusBoard(symbols: core.symbols, options: options, clock: clock, journal: journal, session: session,
                                 gate: gate, reconciler: reconciler, router: router, approvals: approvals, decisions: decisions,
                                 startedAt: startedAt, logger: logger)
        self.records = records
        self.clock = clock
        self.journal = journal
        self.notices = notices
        self.session = session
        self.router = router
        self.reconciler = reconciler
        self.gate = gate
        self.approvals = approvals
        self.bars = bars
        self.decisions = decisions
        self.status = status
        session.wentDown = { [unowned status] in status.write() }
        router.willSend = { [unowned status] in status.write() }
        approvals.exitLegs = { [unowned decisions] in try decisions.exitLegs(for: $0, rule: $1) }
    }

    /// Runs until stopped (signal, `maxBars`, end of the simulator's data). Writes `run_start`
    /// and `run_end`, closes the audit log, and leaves `status.json` with `running: false`.
    public func run() async throws -> Summary {
        try begin()
        var outcome = "completed"
        var failure: Error?
        do {
            try await startUp()
            try await loop()
            if stop.isRequested { outcome = "interrupted" }
        } catch {
            outcome = "failed"
            failure = error
            logger.critical("the run stopped on an error", metadata: ["error": "\(error)"])
        }
        await finish(status: outcome, message: failure.map { "\($0)" })
        if let failure { throw failure }
        return summary(outcome)
    }

    private func summary(_ outcome: String) -> Summary {
        Summary(status: outcome, bars: status.barsProcessed, decisions: decisions.count, ordersSent: router.sentCount,
                fills: router.fillCount)
    }

    /// `run_start`, with the settings in effect; then the kill switch as found and a first status.
    private func begin() throws {
        let wall = clock.wallText
        let runId = "\(options.mode.rawValue):\(core.strategy.source.name):\(wall)"
        status.begin(runId: runId)
        var config = options.config
        config["broker"] = session.broker.kind
        config["mode"] = options.mode.rawValue
        config["state"] = options.state.path
        config["timeframe"] = core.strategy.source.timeframe
        try journal.append(.runStart(RunStart(runId: runId, mode: options.mode, strategy: records.strategy, policy: records.policy,
                                              config: config, versions: options.versions, dataFiles: [])),
                           at: wall)
        gate.readAtStart()
        status.write()
    }

    /// Waits for the broker, reconciles (which also settles orders left in flight by an
    /// earlier run), then warms the strategy up and decides on the newest bar if it is still
    /// actionable and was not decided before.
    private func startUp() async throws {
        var market: BrokerClock?
        while market == nil && !stop.isRequested {
            market = await session.readClock()
            if market == nil {
                status.write()
                await pause()
            }
        }
        guard let market, !stop.isRequested else { return }
        try await reconciler.reconcile()
        try await decisions.recordStrandedReversals(strandedReversals)
        guard let groups = try await bars.history(lookback: core.strategy.lookback, market: market, clock: clock, stop: stop) else {
            return
        }
        // Fail closed: a condition reading a symbol the broker has no bars for could never be true.
        let missing = bars.referencesWithoutBars
        if !missing.isEmpty {
            let strategy = core.strategy.source
            throw RuntimeError.noReferenceBars(missing.map { symbol in
                "\(strategy.location(ofReference: symbol)): error: the broker has no \(strategy.timeframe) bars for \(symbol) in the "
                    + "warm-up history, and a condition reads \(symbol)\n  help: check the symbol, or that the data feed has it"
            }.joined(separator: "\n"))
        }
        for group in groups.dropLast() {
            decisions.warmUp(group)
            note(group)
        }
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

    private var reachedMaxBars: Bool { options.maxBars.map { status.barsProcessed >= $0 } ?? false }

    /// One poll: clock, order tracking (or a due reconciliation), reversals' opening halves,
    /// approvals, new bars.
    /// Returns how many bar times were processed.
    private func pollOnce() async throws -> Int {
        gate.refresh()
        guard let market = await session.readClock() else {
            status.write()
            return 0
        }
        if reconciler.isDueAtPoll() {
            try await reconciler.reconcile()
        } else {
            _ = try await router.track()
        }
        // A reversal's opening half goes as soon as its first half is seen filled.
        try await decisions.settleReversals(nextBar: nil)
        try await approvals.process()
        guard let groups = try await bars.poll(market: market) else {
            status.write()
            return 0
        }
        var processed = 0
        for (index, group) in groups.enumerated() {
            try await process(group, newest: index == groups.count - 1)
            processed += 1
            if stop.isRequested || reachedMaxBars { break }
        }
        status.write()
        return processed
    }

    /// A new completed bar time: refresh (or reconcile) the broker state, then step every
    /// symbol and decide; then one status line. Whether the bar is still actionable is asked
    /// per decision, after these broker calls, never before them.
    private func process(_ group: BarGroup, newest: Bool) async throws {
        gate.refresh()
        let fresh: Bool
        if reconciler.isDueAtBar() {
            try await reconciler.reconcile()
            fresh = !session.needsReconcile
        } else {
            fresh = await session.refreshAccount()
        }
        if !fresh { session.forgetAccount() }
        // An exit leg left open after its position closed (another exit filled) holds nothing to sell.
        try await router.cancelLeftoverLegs()
        if expiry.isNeeded {
            note(group)
            try await router.expireRestingOrders(at: group.time, expiry: expiry)
        }
        try await decisions.decide(group, newest: newest)
        status.count(group)
        bars.keep(group)
        options.output(status.line(group))
        notices.summarizeDayIfOver(group, account: session.account)
        status.write()
    }

    /// Counts the bar times of `group` for `expiry`.
    private func note(_ group: BarGroup) {
        for entry in group.entries { expiry.note(symbol: core.symbols[entry.symbol], time: group.time) }
    }

    /// Sleeps for the poll interval, waking early when a stop is requested.
    private func pause() async {
        await clock.pause(options.pollInterval, unless: stop)
    }

    private func finish(status outcome: String, message: String?) async {
        do {
            try await decisions.abandonReversals()
        } catch {
            logger.critical("could not record the reversals left waiting", metadata: ["error": "\(error)"])
        }
        notices.runEnd(status: outcome, message: message, summary: summary(outcome))
        await options.beforeRunEnd?()
        var figures: [String: Double] = ["bars": Double(status.barsProcessed), "decisions": Double(decisions.count),
                                         "orders": Double(router.sentCount), "fills": Double(router.fillCount)]
        if let equity = session.account?.equity { figures["equity"] = equity }
        do {
            try journal.append(.runEnd(RunEnd(runId: status.runId, status: outcome, summary: figures, message: message)))
            try journal.close()
        } catch {
            logger.critical("could not write run_end to the audit log", metadata: ["error": "\(error)"])
        }
        status.write(endStatus: outcome)
        lock.release()
        logger.info("run ended", metadata: ["status": "\(outcome)", "bars": "\(status.barsProcessed)", "orders": "\(router.sentCount)"])
    }
}
