import Foundation
import Testing
import Vocabulary

/// The one calendar: day numbers and dates, weekdays, and splitting instants into days.
@Suite struct CivilDateTests {
    @Test func datesAndDayNumbersRoundTrip() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).days == 0)
        #expect(CivilDate(days: CivilDate(year: 2000, month: 2, day: 29).days).text == "2000-02-29")
        #expect(CivilDate(days: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate.days(year: 2024, month: 3, day: 8) == 19_790)
        // Every day from 1600 to 2400 comes back as itself, one day after the one before.
        var previous = CivilDate.days(year: 1600, month: 1, day: 1) - 1
        var wrong: [String] = []
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...CivilDate.daysIn(month: month, year: year) {
                    let days = CivilDate.days(year: year, month: month, day: day)
                    if days != previous + 1 || CivilDate(days: days) != CivilDate(year: year, month: month, day: day) {
                        wrong.append("\(year)-\(month)-\(day)")
                    }
                    previous = days
                }
            }
        }
        #expect(wrong == [])
    }

    @Test func agreesWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        // (From 1700: Foundation's Gregorian calendar is Julian before October 1582.)
        for days in stride(from: Int64(-98_000), through: 800_000, by: 997) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let date = CivilDate(days: days)
            #expect([date.year, date.month, date.day] == [parts.year, parts.month, parts.day])
            #expect(date.weekday == (parts.weekday ?? 0) - 1)
        }
    }

    @Test func weekdaysAndWeekends() {
        #expect(CivilDate(year: 2024, month: 3, day: 10).weekday == 0)
        #expect(CivilDate.weekday(CivilDate.days(year: 2021, month: 3, day: 14)) == 0)
        #expect(CivilDate.weekday(0) == 4)   // 1970-01-01 was a Thursday
        #expect(CivilDate.weekday(-1) == 3)
        let friday = CivilDate.days(year: 2024, month: 3, day: 8)
        #expect(!CivilDate.isWeekend(friday) && CivilDate.isWeekend(friday + 1) && CivilDate.isWeekend(friday + 2))
        #expect(CivilDate.nextWeekday(after: friday) == friday + 3)
        #expect(CivilDate.nextWeekday(after: friday - 1) == friday)
    }

    @Test func validDates() {
        #expect(CivilDate.isValid(year: 2000, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 1900, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 2024, month: 2, day: 30))
        #expect(!CivilDate.isValid(year: 2024, month: 13, day: 1))
        #expect(!CivilDate.isValid(year: 2024, month: 4, day: 31))
        #expect(!CivilDate.isValid(year: 2024, month: 4, day: 0))
    }

    @Test func instantsSplitTowardMinusInfinity() {
        #expect(CivilDate.floorDiv(-1, 86_400) == -1)
        #expect(CivilDate.floorDiv(-86_400, 86_400) == -1)
        #expect(CivilDate.floorDiv(-86_401, 86_400) == -2)
        #expect(CivilDate.floorDiv(86_399, 86_400) == 0)
        #expect(CivilDate.floorDiv(-1_500_000, 1_000_000) == -2)
        #expect(CivilDate.day(containing: -1) == -1)
        #expect(CivilDate.secondOfDay(-1) == 86_399)
        #expect(CivilDate.secondOfDay(90_061) == 3_661)
    }
}
