import MarketData
import Vocabulary

/// One point per timestamp. Times are kept as numbers, as the bars gave them (seconds and the
/// UTC offset they were written with): a report formats only the times it shows
/// (`timeText`), so a million-bar run formats a handful, not a million.
///
/// A one-symbol run in blocks keeps its equity and invested value as stretches between fills
/// (`Marks`): between two fills they are `cash + shares × close` and `|shares × close|` of
/// the symbol's closes, which the curve shares with the series as it shares its times. A
/// million-bar run holds a stretch per fill, not two numbers per bar, and a sweep's runs
/// write no points. A run of several symbols, a run bar by bar and a run read back from its
/// audit log keep each point's figures (`pointEquity`, `pointInvested`). Readers see the
/// same numbers either way (`equity`, `invested`).
public struct EquityCurve: Sendable {
    public var times: [Int64] = []
    /// The UTC offset each point's bar was written with (intraday bars), or empty when every
    /// point is a day (daily bars); `dateOnly` marks a daily point among intraday ones.
    public var utcOffsets: [Int32] = []
    /// Each point's equity and market value of positions, for a curve kept point by point.
    package var pointEquity: [Double] = []
    package var pointInvested: [Double] = []
    /// The stretches of a one-symbol block run; nil for a curve kept point by point.
    package private(set) var marks: Marks?
    /// The texts of a run read back from its audit log, whose points are not all bar times
    /// (`init(times:texts:equity:invested:)`); nil for a backtest's curve.
    private var recordedTexts: [String]?

    /// In `utcOffsets`: a point of daily bars, written as a date.
    public static let dateOnly = Int32.min

    public init() {}

    public var count: Int { times.count }

    /// Each point's equity: cash plus the positions marked at its close.
    public var equity: Figures { Figures(curve: self, invested: false) }
    /// Market value of all positions at each point's close (exposure = share of points above 0).
    public var invested: Figures { Figures(curve: self, invested: true) }

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

    /// The first point whose equity is not a finite number, if any (an overflowed run).
    package func firstNonFiniteEquity() -> Int? {
        guard let marks else { return pointEquity.firstIndex { !$0.isFinite } }
        return marks.closes.withUnsafeBufferPointer { closes in
            var i = 0
            for s in marks.stretches {
                while i < s.end {
                    if !Self.equity(cash: s.cash, shares: s.shares, close: closes[marks.first + i]).isFinite { return i }
                    i += 1
                }
            }
            return nil
        }
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

    /// Room for `count` more points kept point by point (a run knows its bars before it starts).
    mutating func reservePoints(_ count: Int, offsets: Bool) {
        guard count > 0 else { return }
        times.reserveCapacity(times.count + count)
        pointEquity.reserveCapacity(pointEquity.count + count)
        pointInvested.reserveCapacity(pointInvested.count + count)
        if offsets { utcOffsets.reserveCapacity(utcOffsets.count + count) }
    }

    /// Appends a point kept point by point: the time of bar `i` of `bars` and its figures.
    mutating func appendPoint(of bars: BarColumns, at i: Int, equity: Double, invested: Double) {
        appendTimes(of: bars, from: i, to: i + 1)
        pointEquity.append(equity)
        pointInvested.append(invested)
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

    /// Keeps the figures as stretches over `closes` (the series' array, shared), whose bar
    /// `first` is point 0 (a one-symbol run in blocks; its times are set apart).
    mutating func startMarks(closes: [Double], first: Int) {
        marks = Marks(closes: closes, first: first)
    }

    /// The next `count` points, at which the account held `cash` and `shares` (see `Marks.append`).
    mutating func appendMarks(cash: Double, shares: Double, count: Int) {
        guard count > 0 else { return }
        marks?.append(cash: cash, shares: shares, count: count)
    }
}

extension EquityCurve: Equatable {
    /// The same points: times, texts and figures, however each curve keeps them.
    public static func == (a: EquityCurve, b: EquityCurve) -> Bool {
        a.times == b.times && a.utcOffsets == b.utcOffsets && a.recordedTexts == b.recordedTexts
            && a.equity.elementsEqual(b.equity) && a.invested.elementsEqual(b.invested)
    }
}

extension EquityCurve {
    /// A recorded run's curve: its points' times and the texts its log gave them.
    public init(times: [Int64], texts: [String], equity: [Double], invested: [Double]) {
        self.init()
        self.times = times
        recordedTexts = texts
        pointEquity = equity
        pointInvested = invested
    }
}
