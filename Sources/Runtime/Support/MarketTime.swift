import Audit
import Foundation
import MarketData

/// Bar times between Alpaca and the engine. Alpaca stamps a daily bar at midnight New York
/// (04:00Z or 05:00Z) and an intraday bar at its UTC start; the engine keeps a daily bar at
/// 00:00 UTC of its trading date and an intraday bar at its UTC start with New York's offset,
/// so decision ids and client order ids read exactly as in a backtest over the same data.
public enum MarketTime {
    /// Seconds per bar for the strategy timeframes; nil for a name the runner cannot trade.
    public static func frameSeconds(_ timeframe: String) -> Int64? {
        switch timeframe {
        case "1Min": return 60
        case "5Min": return 300
        case "15Min": return 900
        case "30Min": return 1800
        case "1Hour": return 3600
        case "1Day": return 86_400
        default: return nil
        }
    }

    /// New York's UTC offset in seconds at an instant (−14400 or −18000).
    public static func newYorkOffset(_ seconds: Int64) -> Int32 {
        Int32(NewYorkTime.utcOffset(atEpoch: Double(seconds)))
    }

    /// The engine's time and UTC offset of an Alpaca bar.
    static func engineTime(ofBarAt stamp: Date, daily: Bool) -> (time: Int64, utcOffset: Int32?) {
        let seconds = Int64(stamp.timeIntervalSince1970.rounded(.down))
        guard daily else { return (seconds, newYorkOffset(seconds)) }
        // Midnight New York is 04:00Z/05:00Z of the same date; noon of that UTC day is safely
        // inside the date whether the stamp is New York midnight or 00:00Z.
        let day = floorDiv(seconds + 12 * 3600, 86_400)
        return (day * 86_400, nil)
    }

    /// When a bar is complete: 16:00 New York on its date for daily bars, start + length otherwise.
    static func barEnd(time: Int64, daily: Bool, frame: Int64) -> Int64 {
        guard daily else { return time + frame }
        let approximate = time + 21 * 3600
        return time + 16 * 3600 - Int64(newYorkOffset(approximate))
    }

    /// The day number of the first weekday after `day` (holidays are not known here).
    static func nextWeekday(after day: Int64) -> Int64 {
        var next = day + 1
        while [2, 3].contains((next % 7 + 7) % 7) { next += 1 }   // day 0 (1970-01-01) was a Thursday
        return next
    }

    /// 09:30 New York on the first weekday after a daily bar's date (UTC seconds): the
    /// earliest the next session can open. A holiday only moves the real open later.
    static func nextWeekdayOpen(afterDailyBar time: Int64) -> Int64 {
        let day = nextWeekday(after: floorDiv(time, 86_400))
        let local = day * 86_400 + 9 * 3600 + 1800
        return local - Int64(newYorkOffset(local + 5 * 3600))
    }

    /// `2024-03-08T21:00:00Z`: market or wall time as audit `at`/`wall` text.
    public static func utcText(_ date: Date) -> String {
        BarTime.timestampText(Int64(date.timeIntervalSince1970.rounded(.down)), offsetSeconds: 0, zulu: true)
    }

    /// Parses the bar time text of a decision (`2020-03-02`, or `2013-10-07T09:30:00-04:00`).
    static func parseBarTime(_ text: String) -> (time: Int64, utcOffset: Int32?)? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45, let y = number(0, 4), let m = number(5, 2), let d = number(8, 2),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let day = BarTime.days(year: y, month: m, day: d)
        if b.count == 10 { return (day * 86_400, nil) }
        guard b.count == 25, b[10] == 84, b[13] == 58, b[16] == 58, b[22] == 58,
              let hh = number(11, 2), let mm = number(14, 2), let ss = number(17, 2),
              let oh = number(20, 2), let om = number(23, 2), b[19] == 43 || b[19] == 45 else { return nil }
        let offset = Int32((oh * 3600 + om * 60) * (b[19] == 45 ? -1 : 1))
        let local = day * 86_400 + Int64(hh * 3600 + mm * 60 + ss)
        return (local - Int64(offset), offset)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
