import Foundation
import Vocabulary

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
        Int32(NewYorkTime.offset(utc: seconds))
    }

    /// The engine's time and UTC offset of an Alpaca bar.
    static func engineTime(ofBarAt stamp: Date, daily: Bool) -> (time: Int64, utcOffset: Int32?) {
        let seconds = Int64(stamp.timeIntervalSince1970.rounded(.down))
        guard daily else { return (seconds, newYorkOffset(seconds)) }
        // Midnight New York is 04:00Z/05:00Z of the same date; noon of that UTC day is safely
        // inside the date whether the stamp is New York midnight or 00:00Z.
        let day = CivilDate.day(containing: seconds + 12 * 3600)
        return (day * CivilDate.secondsPerDay, nil)
    }

    /// When a bar is complete: 16:00 New York on its date for daily bars, start + length otherwise.
    static func barEnd(time: Int64, daily: Bool, frame: Int64) -> Int64 {
        guard daily else { return time + frame }
        return NewYorkTime.sessionClose(localDate: CivilDate.day(containing: time))
    }

    /// 09:30 New York on the first weekday after a daily bar's date (UTC seconds): the
    /// earliest the next session can open. A holiday only moves the real open later.
    static func nextWeekdayOpen(afterDailyBar time: Int64) -> Int64 {
        let day = CivilDate.nextWeekday(after: CivilDate.day(containing: time))
        let local = day * CivilDate.secondsPerDay + 9 * 3600 + 1800
        return local - Int64(newYorkOffset(local + 5 * 3600))
    }

    /// `2024-03-08T21:00:00Z`: market or wall time as audit `at`/`wall` text.
    public static func utcText(_ date: Date) -> String {
        ISOTimestamp.utcText(date)
    }

    /// Parses the bar time text of a decision (`2020-03-02`, or `2013-10-07T09:30:00-04:00`).
    static func parseBarTime(_ text: String) -> (time: Int64, utcOffset: Int32?)? {
        guard let stamp = ISOTimestamp(text, accepting: .date) else { return nil }
        guard let offset = stamp.offset else { return (stamp.day * CivilDate.secondsPerDay, nil) }
        return (stamp.seconds(), Int32(offset))
    }
}
