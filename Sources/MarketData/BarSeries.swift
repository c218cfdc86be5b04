import Vocabulary

/// OHLCV history of one symbol as parallel flat arrays (structure of arrays): the engine's
/// hot loop reads `close` etc. through `withUnsafeBufferPointer`, never through per-bar
/// objects.
public struct BarSeries: Sendable, Equatable {
    public let symbol: String
    /// Bar start, seconds since 1970-01-01 UTC. Daily bars use 00:00 UTC of the trading date.
    public var times: [Int64]
    /// For intraday files: the UTC offset (seconds) each timestamp was written with, so
    /// output can show `2013-10-07T09:30:00-04:00` exactly as the source did. Empty for daily.
    public var utcOffsets: [Int32]
    public var open: [Double]
    /// `high`, `low` and `volume` are empty when the bars were loaded for a run that does not
    /// read them (`BarLoader.load(keeping:)`); otherwise one value per bar like the others.
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]

    public init(symbol: String, times: [Int64] = [], utcOffsets: [Int32] = [], open: [Double] = [], high: [Double] = [],
                low: [Double] = [], close: [Double] = [], volume: [Double] = []) {
        self.symbol = symbol
        self.times = times
        self.utcOffsets = utcOffsets
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    public var count: Int { times.count }
    public var isDaily: Bool { utcOffsets.isEmpty }

    /// The bar's time as text: `2020-03-02` for daily bars, ISO 8601 with the source offset otherwise.
    public func timeText(_ index: Int) -> String {
        isDaily ? ISOTimestamp.dateText(utc: times[index])
                : ISOTimestamp.text(times[index], offset: Int(utcOffsets[index]))
    }
}
