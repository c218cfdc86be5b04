import Alpaca
import Audit
import Engine
import Foundation
import Logging
import MarketData

/// The bar feed: asks the broker for bars, turns its answers into new completed bar groups
/// (`BarFeed`), records the bars it leaves out, and keeps `state/bars.sqlite` current with
/// the rest (live data only), so backtests see what the bot saw.
final class BarSource {
    private var feed: BarFeed
    private let symbols: [String]
    private let session: BrokerSession
    private let journal: RunJournal
    private let options: LiveRunner.Options
    private let logger: Logger
    /// Where the warm-up history began: the first poll's query starts there.
    private var warmupStart: Date?
    /// Opened on first use when `options.storeBars` is set.
    private var store: BarStore?

    init(feed: BarFeed, session: BrokerSession, journal: RunJournal, options: LiveRunner.Options, logger: Logger) {
        self.feed = feed
        symbols = feed.symbols
        self.session = session
        self.journal = journal
        self.options = options
        self.logger = logger
    }

    /// The history for `lookback` bars before `market`'s time, asked for until the broker
    /// answers (pausing between tries); nil when a stop came first.
    func history(lookback: Int, market: BrokerClock, clock: RunClock, stop: StopSignal) async throws -> [BarGroup]? {
        let start = feed.warmupStart(lookback: lookback, now: market.now)
        warmupStart = start
        var answer: [String: [Alpaca.Bar]]?
        while answer == nil && !stop.isRequested {
            answer = await session.read("bars", { try await self.session.broker.bars(self.request(start: start)) })
            if answer == nil { await clock.pause(options.pollInterval, unless: stop) }
        }
        guard let answer else { return nil }
        return try accept(answer, now: market.now)
    }

    /// The bars completed since the last look, by `market`'s time; nil when the broker did
    /// not answer.
    func poll(market: BrokerClock) async throws -> [BarGroup]? {
        let start = feed.queryStart(orElse: warmupStart ?? market.now)
        guard let answer = await session.read("bars", { try await self.session.broker.bars(self.request(start: start)) }) else {
            return nil
        }
        return try accept(answer, now: market.now)
    }

    private func request(start: Date) -> BarRequest {
        BarRequest(symbols: symbols, timeframe: feed.timeframe, start: start, feed: options.dataFeed)
    }

    /// New groups from an answer. Bars the feed left out as insane (out of range,
    /// inconsistent) are logged and recorded as `bar_refused` notes, so a missing bar has a
    /// reason in the audit log.
    private func accept(_ answer: [String: [Alpaca.Bar]], now: Date) throws -> [BarGroup] {
        let groups = feed.accept(answer, now: now)
        for message in feed.takeRefused() {
            logger.error("ALERT a bar from the broker was left out", metadata: ["detail": "\(message)"])
            try journal.append(.note(NoteRecord(kind: "bar_refused", message: message)))
        }
        return groups
    }

    /// The symbols a condition reads (`SPY.close`) that the broker has given no bar for yet.
    var referencesWithoutBars: [String] { feed.referencesWithoutBars }

    /// Whether an order decided on `group` can still fill at the next open, by `market`.
    func isActionable(_ group: BarGroup, newest: Bool, market: BrokerClock) -> Bool {
        feed.isActionable(group, newest: newest, clock: market)
    }

    /// Adds a processed group to `state/bars.sqlite` when `options.storeBars` is set.
    func keep(_ group: BarGroup) {
        guard options.storeBars else { return }
        do {
            if self.store == nil {
                // Never through a link planted at state/bars.sqlite: SQLite would write pages into its target.
                try StateFile.prepareForLibrary(options.state.bars)
            }
            let store = try self.store ?? BarStore(path: options.state.bars)
            self.store = store
            for entry in group.entries {
                let bar = entry.bar
                let series = BarSeries(symbol: symbols[entry.symbol], times: [group.time],
                                       utcOffsets: group.utcOffset.map { [$0] } ?? [], open: [bar.open], high: [bar.high],
                                       low: [bar.low], close: [bar.close], volume: [bar.volume])
                try store.upsert(series, timeframe: feed.timeframe)
            }
        } catch {
            logger.warning("could not store bars", metadata: ["error": "\(error)"])
        }
    }
}
