import Jobs
import Report
import Testing
import Vocabulary

/// `--train 3y --test 1y [--anchored]` as windows of calendar days: consecutive test spans,
/// the last cut at the end of the data, train spans that roll (or stay anchored).
@Suite struct WalkForwardWindowTests {
    static func day(_ text: String) throws -> Int64 { try #require(ISOTimestamp.day(text)) }

    static func texts(_ windows: [WalkForwardWindow]) -> [String] {
        windows.map { w in
            [w.trainFirst, w.trainLast, w.testFirst, w.testLast].map { ISOTimestamp.dateText(day: $0) }.joined(separator: " ")
        }
    }

    @Test func threeYearsTrainOneYearTestRolling() throws {
        let windows = try WalkForwardWindow.plan(first: Self.day("2000-01-03"), last: Self.day("2005-06-30"),
                                                 train: .init(count: 3, unit: .years), test: .init(count: 1, unit: .years), anchored: false)
        #expect(Self.texts(windows) == [
            "2000-01-03 2003-01-02 2003-01-03 2004-01-02",
            "2001-01-03 2004-01-02 2004-01-03 2005-01-02",
            "2002-01-03 2005-01-02 2005-01-03 2005-06-30",
        ])
    }

    @Test func anchoredWindowsKeepTheFirstTrainDay() throws {
        let windows = try WalkForwardWindow.plan(first: Self.day("2000-01-03"), last: Self.day("2005-06-30"),
                                                 train: .init(count: 3, unit: .years), test: .init(count: 1, unit: .years), anchored: true)
        #expect(windows.map(\.trainFirst) == Array(repeating: try Self.day("2000-01-03"), count: 3))
        #expect(windows.map(\.testFirst) == [try Self.day("2003-01-03"), try Self.day("2004-01-03"), try Self.day("2005-01-03")])
    }

    @Test func monthsFollowTheCalendarWithoutDrifting() throws {
        let windows = try WalkForwardWindow.plan(first: Self.day("2019-12-31"), last: Self.day("2020-05-15"),
                                                 train: .init(count: 1, unit: .months), test: .init(count: 1, unit: .months), anchored: false)
        #expect(Self.texts(windows) == [
            "2019-12-31 2020-01-30 2020-01-31 2020-02-28",
            "2020-01-29 2020-02-28 2020-02-29 2020-03-30",
            "2020-02-29 2020-03-30 2020-03-31 2020-04-29",
            "2020-03-30 2020-04-29 2020-04-30 2020-05-15",
        ])
    }

    @Test func spansAreWrittenAsANumberAndAUnit() throws {
        #expect(try WalkForwardSpan(parsing: "3y", option: "--train") == .init(count: 3, unit: .years))
        #expect(try WalkForwardSpan(parsing: "18M", option: "--train") == .init(count: 18, unit: .months))
        #expect(try WalkForwardSpan(parsing: "90d", option: "--test").description == "90d")
        for bad in ["3", "y", "0y", "-1y", "3w", "1.5y"] {
            let error = try #require(throws: SweepError.self) { try WalkForwardSpan(parsing: bad, option: "--test") }
            #expect(error.message == "--test \(bad): expected a number and y, m or d, e.g. --test 3y, --test 18m or --test 90d")
        }
    }

    @Test func dataShorterThanTheTrainSpanIsAnError() throws {
        let error = try #require(throws: SweepError.self) {
            try WalkForwardWindow.plan(first: Self.day("2020-01-02"), last: Self.day("2022-12-30"),
                                       train: .init(count: 3, unit: .years), test: .init(count: 1, unit: .years), anchored: false)
        }
        #expect(error.message.hasPrefix("--train 3y --test 1y: the data covers only 2020-01-02 to 2022-12-30"))
    }
}
