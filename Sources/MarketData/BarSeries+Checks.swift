import Vocabulary

/// Building, filtering and checking series inside MarketData.
extension BarSeries {
    mutating func reserve(_ capacity: Int) {
        times.reserveCapacity(capacity)
        open.reserveCapacity(capacity)
        high.reserveCapacity(capacity)
        low.reserveCapacity(capacity)
        close.reserveCapacity(capacity)
        volume.reserveCapacity(capacity)
    }

    /// Empties the optional fields not in `fields` (`BarLoader.load(keeping:)`).
    mutating func keepOnly(_ fields: BarFields) {
        if !fields.contains(.high) { high = [] }
        if !fields.contains(.low) { low = [] }
        if !fields.contains(.volume) { volume = [] }
    }

    /// The bars whose date (local date for intraday bars) lies in `days`.
    func filtered(_ days: DayRange) -> BarSeries {
        if days.isAll { return self }
        let keep = (0..<count).filter { i in
            days.contains(CivilDate.day(containing: isDaily ? times[i] : times[i] + Int64(utcOffsets[i])))
        }
        return BarSeries(symbol: symbol, times: keep.map { times[$0] }, utcOffsets: isDaily ? [] : keep.map { utcOffsets[$0] },
                         open: keep.map { open[$0] }, high: keep.map { high[$0] }, low: keep.map { low[$0] },
                         close: keep.map { close[$0] }, volume: keep.map { volume[$0] })
    }

    /// What is wrong with the series, in words, or nil: arrays of one length, times strictly
    /// increasing, every bar sane.
    func problem() -> String? {
        let n = times.count
        guard open.count == n, high.count == n, low.count == n, close.count == n, volume.count == n,
              utcOffsets.isEmpty || utcOffsets.count == n else {
            return "its arrays have different lengths"
        }
        for i in 0..<n {
            if i > 0 && times[i] <= times[i - 1] {
                return "bar \(timeText(i)) is not after bar \(timeText(i - 1))"
            }
            if let bad = BarCheck.problem(open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i]) {
                return "bar \(timeText(i)): \(bad.message)"
            }
        }
        return nil
    }
}
