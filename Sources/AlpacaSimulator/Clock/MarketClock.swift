import Vocabulary

/// `GET /v2/clock` and `GET /v2/calendar` answered from the simulated time and the bar dates.
/// Sessions are 09:30–16:00 New York on every date that has bars (no early closes); after the
/// last bar the calendar continues on weekdays.
enum MarketClock {
    static func isOpen(_ timeline: SimTimeline, at seconds: Int64) -> Bool {
        let date = NewYorkTime.localDate(utc: seconds)
        guard timeline.isTradingDate(date) else { return false }
        return seconds >= NewYorkTime.sessionOpen(localDate: date) && seconds < NewYorkTime.sessionClose(localDate: date)
    }

    static func clock(_ timeline: SimTimeline, now: Micros) -> JSONValue {
        let seconds = TimeText.seconds(now)
        let nanos = (now - seconds * TimeText.microsPerSecond) * 1000
        let date = NewYorkTime.localDate(utc: seconds)
        let open = isOpen(timeline, at: seconds)
        let nextOpenDate = timeline.isTradingDate(date) && seconds < NewYorkTime.sessionOpen(localDate: date)
            ? date : timeline.nextTradingDate(after: date)
        let nextCloseDate = open ? date : nextOpenDate
        return .object([
            "timestamp": .string(TimeText.newYork(seconds, nanoseconds: nanos)),
            "is_open": .bool(open),
            "next_open": .string(TimeText.newYork(NewYorkTime.sessionOpen(localDate: nextOpenDate))),
            "next_close": .string(TimeText.newYork(NewYorkTime.sessionClose(localDate: nextCloseDate))),
        ])
    }

    /// Trading days between `start` and `end` (inclusive `YYYY-MM-DD` or RFC 3339). Without
    /// bounds: every date that has bars.
    static func calendar(_ timeline: SimTimeline, start: String?, end: String?) -> Result<JSONValue, APIError> {
        var first = timeline.tradingDates.first ?? 0
        var last = timeline.tradingDates.last ?? 0
        if let start {
            guard let micros = TimeText.parse(start) else { return .failure(.badRequest("invalid start: \(start)")) }
            first = NewYorkTime.localDate(utc: TimeText.seconds(micros))
        }
        if let end {
            guard let micros = TimeText.parse(end, endOfDay: true) else { return .failure(.badRequest("invalid end: \(end)")) }
            last = NewYorkTime.localDate(utc: TimeText.seconds(micros))
        }
        guard first <= last else { return .success(.array([])) }
        var dates = timeline.tradingDates.filter { $0 >= first && $0 <= last }
        // Beyond the data, weekdays (capped at two years so an open-ended query stays small).
        if let lastData = timeline.tradingDates.last, last > lastData {
            var day = CivilDate.nextWeekday(after: max(lastData, first - 1))
            while day <= min(last, lastData + 731) {
                dates.append(day)
                day = CivilDate.nextWeekday(after: day)
            }
        }
        return .success(.array(dates.map { day in
            .object([
                "date": .string(ISOTimestamp.dateText(day: day)),
                "open": .string("09:30"),
                "close": .string("16:00"),
                "session_open": .string("0400"),
                "session_close": .string("2000"),
                "settlement_date": .string(ISOTimestamp.dateText(day: timeline.nextTradingDate(after: day))),
            ])
        }))
    }
}
