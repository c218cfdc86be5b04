import Alpaca
import Foundation
import MarketData

/// `algobot data fetch`: bars from the broker's market-data API (Alpaca or the simulator) into
/// the SQLite bar store that backtests read. Only the ranges the store lacks are asked for, in
/// chunks that are stored as they arrive, so an interrupted fetch resumes where it stopped.
public struct BarFetcher: Sendable {
    public struct Progress: Sendable, Equatable {
        public var symbol: String
        /// Chunks finished and planned over all symbols.
        public var done: Int
        public var total: Int
        public var barsStored: Int
    }

    public struct Result: Sendable, Equatable {
        public var symbol: String
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        /// The ranges that were missing (UTC seconds, inclusive), empty when nothing was.
        public var fetchedRanges: [ClosedRange<Int64>]
    }

    public let broker: any LiveBroker
    public let store: BarStore

    public init(broker: any LiveBroker, store: BarStore) {
        self.broker = broker
        self.store = store
    }

    /// - Parameters:
    ///   - from, to: engine times (daily: 00:00 UTC of the first day; the last second of the last day).
    public func fetch(symbols: [String], timeframe: String, from: Int64, to: Int64, feed: String? = nil,
                      progress: (Progress) -> Void = { _ in }) async throws -> [Result] {
        guard let frame = MarketTime.frameSeconds(timeframe) else { throw RuntimeError.unsupportedTimeframe(timeframe) }
        let daily = timeframe == "1Day"
        let chunkSeconds: Int64 = daily ? 366 * 86_400 : max(86_400, frame * 10_000 / 4)
        var plan: [(symbol: String, range: ClosedRange<Int64>, chunks: [ClosedRange<Int64>])] = []
        for symbol in symbols {
            for missing in try store.missingRanges(symbol: symbol, timeframe: timeframe, from: from, to: to) {
                var chunks: [ClosedRange<Int64>] = []
                var start = missing.from
                while start <= missing.to {
                    let end = min(missing.to, start + chunkSeconds - 1)
                    chunks.append(start...end)
                    start = end + 1
                }
                plan.append((symbol, missing.from...missing.to, chunks))
            }
        }
        let total = plan.reduce(0) { $0 + $1.chunks.count }
        var done = 0
        var stored = 0
        var results: [String: Result] = [:]
        for symbol in symbols { results[symbol] = Result(symbol: symbol, fetchedRanges: []) }
        for entry in plan {
            results[entry.symbol]?.fetchedRanges.append(entry.range)
            for chunk in entry.chunks {
                // Daily bars are stamped at New York midnight by Alpaca: ask from the chunk's
                // first day at 00:00 UTC up to the end of its last day.
                let request = BarRequest(symbols: [entry.symbol], timeframe: timeframe,
                                         start: Date(timeIntervalSince1970: TimeInterval(chunk.lowerBound)),
                                         end: Date(timeIntervalSince1970: TimeInterval(chunk.upperBound)), feed: feed)
                let bars = try await broker.bars(request)[entry.symbol] ?? []
                let series = Self.series(entry.symbol, bars: bars, daily: daily, within: chunk)
                if series.count > 0 {
                    let counts = try store.upsert(series, timeframe: timeframe)
                    results[entry.symbol]?.inserted += counts.inserted
                    results[entry.symbol]?.updated += counts.updated
                    results[entry.symbol]?.unchanged += counts.unchanged
                    stored += series.count
                }
                done += 1
                progress(Progress(symbol: entry.symbol, done: done, total: total, barsStored: stored))
            }
        }
        return symbols.compactMap { results[$0] }
    }

    /// Alpaca bars as an engine series (sorted, de-duplicated, inside the chunk).
    static func series(_ symbol: String, bars: [Bar], daily: Bool, within range: ClosedRange<Int64>) -> BarSeries {
        var series = BarSeries(symbol: symbol)
        var last = Int64.min
        for bar in bars.sorted(by: { $0.time < $1.time }) {
            let (time, offset) = MarketTime.engineTime(ofBarAt: bar.time, daily: daily)
            guard range.contains(time), time > last else { continue }
            last = time
            series.times.append(time)
            if let offset { series.utcOffsets.append(offset) }
            series.open.append(bar.open)
            series.high.append(bar.high)
            series.low.append(bar.low)
            series.close.append(bar.close)
            series.volume.append(bar.volume)
        }
        return series
    }
}
