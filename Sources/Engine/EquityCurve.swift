import MarketData
import Vocabulary

/// Flat arrays, one entry per timestamp. Times are kept as numbers, as the bars gave them
/// (seconds and the UTC offset they were written with): a report formats only the times it
/// shows (`timeText`), so a million-bar run formats a handful, not a million.
public struct EquityCurve: Sendable, Equatable {
    public var times: [Int64] = []
    /// The UTC offset each point's bar was written with (intraday bars), or empty when every
    /// point is a day (daily bars); `dateOnly` marks a daily point among intraday ones.
    public var utcOffsets: [Int32] = []
    public var equity: [Double] = []
    /// Market value of all positions at the close (exposure = share of points above 0).
    public var invested: [Double] = []
    /// The texts of a run read back from its audit log, whose points are not all bar times
    /// (`init(times:texts:equity:invested:)`); nil for a backtest's curve.
    private var recordedTexts: [String]?

    /// In `utcOffsets`: a point of daily bars, written as a date.
    public static let dateOnly = Int32.min

    public init() {}

    public var count: Int { times.count }

    /// Point `i`'s time as the report writes it: `2020-03-02` for a daily bar, ISO 8601 with
    /// the source's offset otherwise (what `BarSeries.timeText` gives for the same bar).
    public func timeText(_ i: Int) -> String {
        if let recordedTexts { return recordedTexts[i] }
        let offset = utcOffsets.isEmpty ? Self.dateOnly : utcOffsets[i]
        return offset == Self.dateOnly ? ISOTimestamp.dateText(utc: times[i]) : ISOTimestamp.text(times[i], offset: Int(offset))
    }

    /// Every point's time as text, each formatted when read.
    public var timeTexts: TimeTexts { TimeTexts(curve: self) }

    public struct TimeTexts: RandomAccessCollection, Sendable {
        let curve: EquityCurve
        public var startIndex: Int { 0 }
        public var endIndex: Int { curve.count }
        public subscript(i: Int) -> String { curve.timeText(i) }
    }

    /// The local calendar day of point `i` (days since 1970): the bar's date, as its text
    /// shows it. Nil for a recorded run's texts, which only the text can tell.
    package func day(_ i: Int) -> Int64? {
        guard recordedTexts == nil else { return nil }
        let offset = utcOffsets.isEmpty ? Self.dateOnly : utcOffsets[i]
        return CivilDate.day(containing: offset == Self.dateOnly ? times[i] : times[i] + Int64(offset))
    }

    /// The times of bars `first ..< end` of `series`, one point each (a one-symbol run). A
    /// run over the whole series shares its arrays: a million-bar curve holds no copy of
    /// the bars' times.
    mutating func setTimes(of series: BarSeries, from first: Int, to end: Int) {
        if first == 0 && end == series.count {
            times = series.times
            utcOffsets = series.isDaily ? [] : series.utcOffsets
        } else {
            times = Array(series.times[first..<end])
            utcOffsets = series.isDaily ? [] : Array(series.utcOffsets[first..<end])
        }
    }

    /// Appends the time of bar `i` of `bars` (the point's other figures are appended apart).
    mutating func appendTime(of bars: BarColumns, at i: Int) {
        appendTimes(of: bars, from: i, to: i + 1)
    }

    /// Room for `count` more points in every array (a run knows its bars before it starts).
    mutating func reserveCapacity(_ count: Int) {
        guard count > 0 else { return }
        times.reserveCapacity(times.count + count)
        equity.reserveCapacity(equity.count + count)
        invested.reserveCapacity(invested.count + count)
    }

    /// Appends the equity and invested value of `count` points at which the account held
    /// `cash` and `shares`, marked at `closes[0 ..< count]`: what appending each point gives,
    /// in one loop a sweep's thousands of runs can afford (times are appended apart).
    mutating func appendMarks(cash: Double, shares: Double, closes: UnsafePointer<Double>, count: Int) {
        // The closes are copied in, then turned into the figures where they lie (appending a
        // computed sequence goes element by element).
        let closes = UnsafeBufferPointer(start: closes, count: count)
        let at = equity.count
        equity.append(contentsOf: closes)
        equity.withUnsafeMutableBufferPointer { e in
            for j in at..<at + count { e[j] = cash + shares * e[j] }
        }
        let investedAt = invested.count
        invested.append(contentsOf: closes)
        invested.withUnsafeMutableBufferPointer { v in
            if shares == 0 {
                for j in investedAt..<investedAt + count { v[j] = 0 }
            } else {
                for j in investedAt..<investedAt + count { v[j] = abs(shares * v[j]) }
            }
        }
    }

    /// Appends the times of bars `first ..< end` of `bars`.
    mutating func appendTimes(of bars: BarColumns, from first: Int, to end: Int) {
        let before = times.count
        times.append(contentsOf: UnsafeBufferPointer(start: bars.times + first, count: end - first))
        if let offsets = bars.offsets {
            // Points of daily bars before these (several symbols on one timeline) stay dates.
            if utcOffsets.count < before {
                utcOffsets.append(contentsOf: repeatElement(Self.dateOnly, count: before - utcOffsets.count))
            }
            utcOffsets.append(contentsOf: UnsafeBufferPointer(start: offsets + first, count: end - first))
        } else if !utcOffsets.isEmpty {
            utcOffsets.append(contentsOf: repeatElement(Self.dateOnly, count: end - first))
        }
    }
}

extension EquityCurve {
    /// A recorded run's curve: its points' times and the texts its log gave them.
    public init(times: [Int64], texts: [String], equity: [Double], invested: [Double]) {
        self.init()
        self.times = times
        recordedTexts = texts
        self.equity = equity
        self.invested = invested
    }
}
