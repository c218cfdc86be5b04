import Testing
@testable import Audit

/// When a queued approval stops being valid: the close of its New York trading day.
@Suite struct ApprovalExpiryTests {
    private func closeOfDay(_ at: String) -> String? {
        ApprovalExpiry.default.deadline(forDecisionAt: at)
    }

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
        #expect(closeOfDay(at) == expected)
    }

    /// Before 2007 daylight time ran from the first Sunday of April to the last Sunday of
    /// October. The old hand-written rule knew only the 2007 one and gave these days the
    /// daylight close (20:00Z), an hour early.
    @Test(arguments: [
        ("2005-03-21", "2005-03-21T21:00:00Z"),   // after the 2nd Sunday of March, before April 3
        ("2005-04-04", "2005-04-04T20:00:00Z"),
        ("2005-10-28", "2005-10-28T20:00:00Z"),
        ("2005-10-31", "2005-10-31T21:00:00Z"),   // after October 30, before the 1st Sunday of November
        ("2005-11-01T15:00:00Z", "2005-11-01T21:00:00Z"),
    ])
    func endOfTradingDayBefore2007(at: String, expected: String) {
        #expect(closeOfDay(at) == expected)
    }

    @Test func customCloseAndBadInput() {
        #expect(ApprovalExpiry.endOfTradingDay(hour: 13, minute: 0).deadline(forDecisionAt: "2024-12-24") == "2024-12-24T18:00:00Z")
        #expect(closeOfDay("yesterday") == nil)
        #expect(closeOfDay("2024-02-30") == nil)
        #expect(ApprovalExpiry.after(seconds: 900).deadline(forDecisionAt: "2024-04-02T14:05:00Z") == "2024-04-02T14:20:00Z")
    }

    @Test func isoTimeRoundTrips() throws {
        let t = try #require(ISOTime("2024-03-08T14:30:05.250Z"))
        #expect(t.utcText == "2024-03-08T14:30:05Z")
        #expect(t.utcTextMillis == "2024-03-08T14:30:05.250Z")
        #expect(ISOTime("2024-03-08T09:30:00-05:00") == ISOTime("2024-03-08T14:30:00Z"))
        #expect(try #require(ISOTime("2024-03-08")).isDateOnly)
        #expect(ISOTime("2024-03-08T14:30Z")?.utcText == "2024-03-08T14:30:00Z")
        #expect(ISOTime("2024-03-08 14:30:00")?.utcText == "2024-03-08T14:30:00Z")
        #expect(ISOTime(epochSeconds: -0.5).utcTextMillis == "1969-12-31T23:59:59.500Z")
    }
}
