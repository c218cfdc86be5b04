import Alpaca
import Engine
import Foundation
import MarketData

/// The bars of one timestamp: every strategy symbol that has a bar then, in strategy order.
struct BarGroup: Sendable {
    struct Entry: Sendable {
        let symbol: Int
        let bar: Bar
    }

    let time: Int64
    let utcOffset: Int32?
    var entries: [Entry]
    /// Bars of the symbols the strategy reads (`SPY.close`) up to this time and not given
    /// with an earlier group, in time order; they are never stepped or traded.
    var references: [ReferenceBar] = []
    /// When the bar closed (UTC seconds).
    let end: Int64

    var text: String { OrderIDs.timeText(time, utcOffset: utcOffset) }
}

/// Keeps track of which completed bars the runner has seen and turns each poll's answer into
/// new bar groups, oldest first. A bar is complete once it has closed (plus `settle` seconds,
/// for data that is corrected just after the close); the partial bar of the current period is
/// never used.
/// A bar of a symbol a condition reads (`SPY.close`), at its engine time.
struct ReferenceBar: Sendable {
    let symbol: String
    let time: Int64
    let bar: Bar
}

struct BarFeed {
    let symbols: [String]
    let timeframe: String
    let daily: Bool
    let frame: Int64
    let settle: Int64
    /// Alpaca stamp of the last bar seen per symbol.
    private(set) var lastSeen: [Date?]
    /// Bars of reference symbols not yet given with a group (a time with no traded bar).
    private var pendingReferences: [ReferenceBar] = []
    /// Bars left out since the caller last took them (`takeRefused`): what is wrong with each.
    private var refused: [String] = []

    /// The first `tradedCount` of `symbols` are traded; the rest are reference data.
    let tradedCount: Int
    /// Every symbol a condition reads, traded or not.
    let symbolsRead: Set<String>

    /// `references`: symbols whose bars the strategy reads (`SPY.close`) without trading them.
    init(symbols: [String], references: [String] = [], timeframe: String, settle: Int64 = 0) throws {
        guard let frame = MarketTime.frameSeconds(timeframe) else { throw RuntimeError.unsupportedTimeframe(timeframe) }
        self.symbols = symbols + references.filter { !symbols.contains($0) }
        tradedCount = symbols.count
        symbolsRead = Set(references)
        self.timeframe = timeframe
        self.frame = frame
        self.settle = settle
        daily = timeframe == "1Day"
        lastSeen = Array(repeating: nil, count: self.symbols.count)
    }

    /// The symbols only read (`SPY.close`) that have had no bar yet.
    var referencesWithoutBars: [String] {
        (tradedCount..<symbols.count).filter { lastSeen[$0] == nil }.map { symbols[$0] }
    }

    /// Where the next query starts: just after the oldest "last seen" bar (a symbol that has
    /// had no bar yet does not hold the others back).
    func queryStart(orElse fallback: Date) -> Date {
        lastSeen.compactMap { $0 }.min().map { $0.addingTimeInterval(1) } ?? fallback
    }

    /// Takes the completed bars not seen before and returns them grouped by time.
    mutating func accept(_ answer: [String: [Bar]], now: Date) -> [BarGroup] {
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        var groups: [Int64: BarGroup] = [:]
        for (index, symbol) in symbols.enumerated() {
            guard let bars = answer[symbol] else { continue }
            for bar in bars.sorted(by: { $0.time < $1.time }) {
                if let seen = lastSeen[index], bar.time <= seen { continue }
                let (time, offset) = MarketTime.engineTime(ofBarAt: bar.time, daily: daily)
                let end = MarketTime.barEnd(time: time, daily: daily, frame: frame)
                guard end + settle <= nowSeconds else { break }
                lastSeen[index] = bar.time
                // The sanity rules of every loaded bar (BarCheck): a bar the loader would refuse
                // never reaches the strategy, and no arithmetic on its figures can overflow.
                if let problem = BarCheck.problem(open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume) {
                    refused.append("\(symbol) bar \(OrderIDs.timeText(time, utcOffset: offset)) from the broker was left out: "
                        + problem.message)
                    continue
                }
                // A symbol may be traded and read by the others' conditions too.
                if symbolsRead.contains(symbol) {
                    pendingReferences.append(ReferenceBar(symbol: symbol, time: time, bar: bar))
                }
                guard index < tradedCount else { continue }
                groups[time, default: BarGroup(time: time, utcOffset: offset, entries: [], end: end)]
                    .entries.append(.init(symbol: index, bar: bar))
            }
        }
        // Each group carries the reference bars up to its time, in time order.
        pendingReferences.sort { ($0.time, $0.symbol) < ($1.time, $1.symbol) }
        return groups.keys.sorted().map { time in
            var group = groups[time]!
            let upTo = pendingReferences.prefix { $0.time <= time }.count
            group.references = Array(pendingReferences.prefix(upTo))
            pendingReferences.removeFirst(upTo)
            return group
        }
    }

    /// What `accept` left out since the last call, oldest first.
    mutating func takeRefused() -> [String] {
        defer { refused = [] }
        return refused
    }

    /// Whether an order decided on `group` can still be filled at the next bar's open: the group
    /// must be the newest one, and the next bar must not have started. For daily bars that
    /// means the market is closed now and it is not yet 09:30 New York on the next weekday
    /// (a closed market days later is not "before the next open"); for intraday bars, less
    /// than one bar length has passed since the close. `clock` must be read just before this
    /// is asked (see `DecisionStep.isStillActionable`): a clock read before a slow broker call
    /// can call a bar fresh that went stale while waiting.
    func isActionable(_ group: BarGroup, newest: Bool, clock: BrokerClock) -> Bool {
        guard newest else { return false }
        let now = clock.now.timeIntervalSince1970
        if daily { return !clock.isOpen && now < Double(MarketTime.nextWeekdayOpen(afterDailyBar: group.time)) }
        return now < Double(group.end + frame)
    }

    /// How far back the warm-up fetch reaches for `lookback` bars (calendar time, with room
    /// for weekends, holidays and nights).
    func warmupStart(lookback: Int, now: Date) -> Date {
        let bars = Double(max(lookback, 1) + 10)
        let days: Double
        if daily {
            days = bars * 7 / 5 + 10
        } else {
            let perDay = max(1, 23_400 / Double(frame))
            days = (bars / perDay).rounded(.up) * 7 / 5 + 5
        }
        return now.addingTimeInterval(-days * 86_400)
    }
}
