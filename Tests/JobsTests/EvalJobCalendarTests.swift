import Foundation
@testable import Jobs
@testable import Report
import Testing

/// Calendar values through `algobot eval`: the bar's start in New York time, on daily bars
/// (a date, no time of day) and on intraday bars across both daylight-saving switches,
/// whatever offset each line of the file was written with.
@Suite struct EvalJobCalendarTests {
    static let calendarData = JobsFixtures.repository.appendingPathComponent("Tests/Fixtures/data/calendar/SPY.csv").path
    let job = EvalJobTests()

    @Test func dayOfWeekOnTheBundledSPYIsMondayToFriday() throws {
        let table = try job.eval("day_of_week", { $0.symbol = "SPY"; $0.from = "2020-03-01"; $0.to = "2020-03-12" })
        #expect(table.times == ["2020-03-02", "2020-03-03", "2020-03-04", "2020-03-05", "2020-03-06",
                                "2020-03-09", "2020-03-10", "2020-03-11", "2020-03-12"])
        #expect(table.values[0] == [1, 2, 3, 4, 5, 1, 2, 3, 4])
        #expect(table.render(.csv).hasPrefix("time,value\n2020-03-02,1\n2020-03-03,2\n"))
        let whole = try job.eval("day_of_week")
        #expect(Set(whole.values[0]) == [1, 2, 3, 4, 5])
        let month = try job.eval("month * 100 + day_of_month", { $0.from = "2020-12-30"; $0.to = "2021-01-05" })
        #expect(month.values[0] == [1230, 1231, 104, 105])
    }

    /// A daily bar is a date: 00:00 UTC read as New York time would be the evening before
    /// (the day before's weekday); the date itself is the bar's day, and its time is 00:00.
    @Test func dailyBarsHaveNoTimeOfDay() throws {
        let table = try job.eval("hour * 100 + minute", { $0.from = "2021-03-01"; $0.to = "2021-03-31" })
        #expect(!table.values[0].isEmpty && table.values[0].allSatisfy { $0 == 0 })
    }

    @Test func hourAndMinuteFollowNewYorkAcrossDaylightSaving() throws {
        let hour = try job.eval("hour", data: Self.calendarData)
        #expect(hour.times.first == "2021-03-12T09:30:00-05:00")
        // 09:30 on Friday in winter time and on Monday in summer time are both 9; 14:30Z is
        // 10:30 New York in March and 15:00Z is 10:00 in November.
        #expect(hour.values[0] == [9, 15, 9, 10, 9, 10, 9, 10])
        #expect(try job.eval("minute", data: Self.calendarData).values[0] == [30, 30, 30, 30, 30, 0, 30, 0])
        // Saturday 2021-11-06 is 6.
        #expect(try job.eval("day_of_week", data: Self.calendarData).values[0] == [5, 5, 1, 1, 5, 6, 1, 1])
        #expect(try job.eval("day_of_month", data: Self.calendarData).values[0] == [12, 12, 15, 15, 5, 6, 8, 8])
        #expect(try job.eval("month", data: Self.calendarData).values[0] == [3, 3, 3, 3, 11, 11, 11, 11])
    }

    /// The crossing compares with the previous bar's hour, not this bar's twice.
    @Test func aCrossingOfACalendarValueSeesThePreviousBar() throws {
        let table = try job.eval("crosses_above(hour, 9)", data: Self.calendarData)
        #expect(table.values[0].dropFirst() == [1, 0, 1, 0, 1, 0, 1])
    }

    @Test func otherToolsNamesGetDidYouMean() throws {
        for (written, meant) in [("weekday", "day_of_week"), ("dayofweek", "day_of_week"), ("dayofmonth", "day_of_month")] {
            let error = try #require(job.failure("\(written) < 5"))
            #expect(error.message.hasPrefix("expression:1:1: error[E022]: unknown name '\(written)'\n"), "\(written)")
            #expect(error.message.contains("help: did you mean '\(meant)'?"), "\(written)")
        }
    }

    @Test func hourOnDailyDataWarns() throws {
        // A warning does not stop eval: the values are printed (all 0).
        let table = try job.eval("hour < 11", { $0.from = "2021-03-01"; $0.to = "2021-03-05" })
        #expect(table.values[0] == [1, 1, 1, 1, 1])
    }
}
