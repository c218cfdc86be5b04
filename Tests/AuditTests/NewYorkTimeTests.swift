import Testing
@testable import Audit

@Suite struct NewYorkTimeTests {
    @Test(arguments: [
        // Winter (EST, UTC−5) and summer (EDT, UTC−4).
        ("2024-01-16", "2024-01-16T21:00:00Z"),
        ("2024-07-01", "2024-07-01T20:00:00Z"),
        // DST starts on the second Sunday of March (2024-03-10): the Friday before is EST,
        // the Monday after is EDT.
        ("2024-03-08", "2024-03-08T21:00:00Z"),
        ("2024-03-11", "2024-03-11T20:00:00Z"),
        ("2024-03-10", "2024-03-10T20:00:00Z"),
        // DST ends on the first Sunday of November (2024-11-03).
        ("2024-11-01", "2024-11-01T20:00:00Z"),
        ("2024-11-04", "2024-11-04T21:00:00Z"),
        ("2023-03-13", "2023-03-13T20:00:00Z"),
        // A timestamp counts as its New York day: 01:30Z on the 9th is still the 8th in New York.
        ("2024-03-09T01:30:00Z", "2024-03-08T21:00:00Z"),
        ("2024-04-02T14:05:00Z", "2024-04-02T20:00:00Z"),
        ("2024-04-02T10:05:00-04:00", "2024-04-02T20:00:00Z"),
    ])
    func endOfTradingDay(at: String, expected: String) {
        #expect(NewYorkTime.endOfTradingDay(for: at) == expected)
    }

    @Test func customCloseAndBadInput() {
        #expect(NewYorkTime.endOfTradingDay(for: "2024-12-24", hour: 13, minute: 0) == "2024-12-24T18:00:00Z")
        #expect(NewYorkTime.endOfTradingDay(for: "yesterday") == nil)
        #expect(NewYorkTime.endOfTradingDay(for: "2024-02-30") == nil)
    }

    @Test func isoTimeRoundTrips() throws {
        let t = try #require(ISOTime("2024-03-08T14:30:05.250Z"))
        #expect(t.utcText == "2024-03-08T14:30:05Z")
        #expect(t.utcTextMillis == "2024-03-08T14:30:05.250Z")
        #expect(ISOTime("2024-03-08T09:30:00-05:00") == ISOTime("2024-03-08T14:30:00Z"))
        #expect(try #require(ISOTime("2024-03-08")).isDateOnly)
        #expect(CivilDate(year: 2024, month: 3, day: 10).weekday == 0)
        #expect(CivilDate(daysSinceEpoch: CivilDate(year: 2000, month: 2, day: 29).daysSinceEpoch).text == "2000-02-29")
    }
}
