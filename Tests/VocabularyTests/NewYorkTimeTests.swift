import Foundation
import Testing
import Vocabulary

/// New York time against the tz database it comes from (Foundation's `TimeZone`), and against
/// the US daylight-saving rules written out by hand.
@Suite struct NewYorkTimeTests {
    private let zone = TimeZone(identifier: "America/New_York")
    private func date(_ y: Int, _ m: Int, _ d: Int) -> Int64 { CivilDate.days(year: y, month: m, day: d) }
    private func tzOffset(_ seconds: Int64) -> Int? { zone?.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))) }

    @Test func theZoneIsInFoundationsOwnData() {
        #expect(zone != nil)
        #expect(NewYorkTime.zone.identifier == "America/New_York")
    }

    @Test func offsetsMatchTheTzDatabaseOnEveryDayFrom1990To2035() {
        var wrong: [String] = []
        for day in date(1990, 1, 1)...date(2035, 12, 31) {
            for hour in stride(from: Int64(0), to: 24, by: 3) {
                let t = day * 86_400 + hour * 3600
                if NewYorkTime.offset(utc: t) != tzOffset(t) { wrong.append(ISOTimestamp.utcText(t)) }
            }
        }
        #expect(wrong == [])
    }

    @Test func bothSwitchesOfEveryYearFrom1990To2035MatchTheTzDatabase() throws {
        let zone = try #require(zone)
        var at = Date(timeIntervalSince1970: Double(date(1990, 1, 1) * 86_400))
        var switches = 0
        while let next = zone.nextDaylightSavingTimeTransition(after: at), next.timeIntervalSince1970 < Double(date(2036, 1, 1) * 86_400) {
            let t = Int64(next.timeIntervalSince1970)
            #expect(NewYorkTime.offset(utc: t - 1) == tzOffset(t - 1))
            #expect(NewYorkTime.offset(utc: t) == tzOffset(t))
            #expect(NewYorkTime.offset(utc: t - 1) != NewYorkTime.offset(utc: t))
            switches += 1
            at = next
        }
        #expect(switches == 2 * 46)
    }

    /// The US rules as the simulator's own copy had them: from 2007 the second Sunday of March
    /// to the first Sunday of November, 1987–2006 the first Sunday of April to the last Sunday
    /// of October, switching at 02:00 local time.
    @Test(arguments: 1990...2025)
    func switchesFollowTheUSRules(year: Int) {
        func sunday(_ month: Int, _ n: Int) -> Int64 {
            let first = date(year, month, 1)
            return first + Int64((7 - CivilDate.weekday(first)) % 7) + Int64(n - 1) * 7
        }
        let october31 = date(year, 10, 31)
        let (start, end) = year >= 2007 ? (sunday(3, 2), sunday(11, 1))
                                        : (sunday(4, 1), october31 - Int64(CivilDate.weekday(october31)))
        let spring = start * 86_400 + 7 * 3600, autumn = end * 86_400 + 6 * 3600
        #expect(NewYorkTime.offset(utc: spring - 1) == -18_000 && NewYorkTime.offset(utc: spring) == -14_400)
        #expect(NewYorkTime.offset(utc: autumn - 1) == -14_400 && NewYorkTime.offset(utc: autumn) == -18_000)
    }

    @Test func wallClockTimesMatchFoundationsCalendarOnEveryDayFrom1990To2035() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(zone)
        var wrong: [String] = []
        for day in date(1990, 1, 1)...date(2035, 12, 31) {
            let civil = CivilDate(days: day)
            for (hour, minute) in [(0, 0), (9, 30), (16, 0)] {
                let parts = DateComponents(year: civil.year, month: civil.month, day: civil.day, hour: hour, minute: minute)
                let expected = try #require(calendar.date(from: parts)).timeIntervalSince1970
                let instant = NewYorkTime.instant(localDate: day, secondOfDay: Int64(hour * 3600 + minute * 60))
                if Double(instant) != expected || NewYorkTime.localDate(utc: instant) != day
                    || NewYorkTime.secondOfDay(utc: instant) != Int64(hour * 3600 + minute * 60) {
                    wrong.append("\(civil.text) \(hour):\(minute)")
                }
            }
        }
        #expect(wrong == [])
    }

    @Test func theSkippedAndTheRepeatedHour() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(zone)
        // 02:30 on 2021-03-14 never happens: it is 03:30 daylight time (07:30Z), as Foundation says.
        let skipped = NewYorkTime.instant(localDate: date(2021, 3, 14), secondOfDay: 2 * 3600 + 1800)
        #expect(ISOTimestamp.utcText(skipped) == "2021-03-14T07:30:00Z")
        let foundation = calendar.date(from: DateComponents(year: 2021, month: 3, day: 14, hour: 2, minute: 30))
        #expect(foundation?.timeIntervalSince1970 == Double(skipped))
        // 01:30 on 2021-11-07 happens twice: the first time, in daylight time (05:30Z).
        let repeated = NewYorkTime.instant(localDate: date(2021, 11, 7), secondOfDay: 3600 + 1800)
        #expect(ISOTimestamp.utcText(repeated) == "2021-11-07T05:30:00Z")
    }

    @Test func newYorkDaylightRules() {
        // The 2021 switches (second Sunday of March, first Sunday of November) and the 2006
        // ones (first Sunday of April, last Sunday of October).
        for (before, on) in [(date(2021, 3, 13), date(2021, 3, 14)), (date(2006, 4, 1), date(2006, 4, 2))] {
            #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: before)) == -18_000)
            #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: on)) == -14_400)
        }
        for (before, on) in [(date(2021, 11, 6), date(2021, 11, 7)), (date(2006, 10, 28), date(2006, 10, 29))] {
            #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: before)) == -14_400)
            #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: on)) == -18_000)
        }
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(2021, 3, 12))) == -18_000)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(2021, 3, 15))) == -14_400)
        // 2021-03-14 06:59:59Z is 01:59:59 EST; a second later it is 03:00 EDT.
        let switchInstant = date(2021, 3, 14) * 86400 + 7 * 3600
        #expect(NewYorkTime.offset(utc: switchInstant - 1) == -18_000)
        #expect(NewYorkTime.offset(utc: switchInstant) == -14_400)
        #expect(CivilDate.weekday(date(2021, 3, 14)) == 0)
        #expect(NewYorkTime.sessionClose(localDate: date(2024, 1, 10)) == date(2024, 1, 10) * 86_400 + 21 * 3600)
        #expect(NewYorkTime.sessionClose(localDate: date(2024, 7, 10)) == date(2024, 7, 10) * 86_400 + 20 * 3600)
    }

    /// Dates the old hand-written rules got wrong: the audit's (2007 rule only) in 2005, the
    /// simulator's (1987 rule back to 1970) in the 1974 energy crisis and before 1987.
    @Test func datesBefore2007HaveTheRulesOfTheirTime() {
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(2005, 3, 21))) == -18_000)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(2005, 10, 31))) == -18_000)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(2005, 4, 4))) == -14_400)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(1974, 2, 1))) == -14_400)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(1976, 4, 20))) == -18_000)
        #expect(NewYorkTime.offset(utc: NewYorkTime.sessionOpen(localDate: date(1976, 4, 26))) == -14_400)
    }

    @Test func instantsOutsideTheTableAskTheZone() {
        for t in [date(1960, 7, 1) * 86_400, date(1885, 1, 1) * 86_400, date(2150, 7, 1) * 86_400, date(2150, 12, 1) * 86_400] {
            #expect(NewYorkTime.offset(utc: t) == tzOffset(t))
        }
    }
}
