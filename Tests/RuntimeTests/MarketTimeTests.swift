import Alpaca
import Engine
import Foundation
import MarketData
import Testing
@testable import Runtime
import Vocabulary

@Suite struct MarketTimeTests {
    private func date(_ text: String) -> Date {
        let parsed = MarketTime.parseBarTime(text) ?? (0, nil)
        return Date(timeIntervalSince1970: TimeInterval(parsed.time))
    }

    @Test func dailyBarsKeepTheirTradingDateWhateverTheStamp() {
        let day = CivilDate.days(year: 2024, month: 3, day: 8) * 86_400
        for stamp in ["2024-03-08T05:00:00+00:00", "2024-03-08T00:00:00+00:00"] {
            #expect(MarketTime.engineTime(ofBarAt: date(stamp), daily: true).time == day)
        }
        let summer = CivilDate.days(year: 2024, month: 7, day: 1) * 86_400
        let july = MarketTime.engineTime(ofBarAt: date("2024-07-01T04:00:00+00:00"), daily: true)
        #expect(july.time == summer)
        #expect(july.utcOffset == nil)
    }

    @Test func intradayBarsCarryNewYorkOffset() {
        let winter = MarketTime.engineTime(ofBarAt: date("2024-01-10T14:30:00+00:00"), daily: false)
        #expect(winter.utcOffset == -18_000)
        #expect(OrderIDs.timeText(winter.time, utcOffset: winter.utcOffset) == "2024-01-10T09:30:00-05:00")
        let summer = MarketTime.engineTime(ofBarAt: date("2024-07-10T13:30:00+00:00"), daily: false)
        #expect(OrderIDs.timeText(summer.time, utcOffset: summer.utcOffset) == "2024-07-10T09:30:00-04:00")
    }

    @Test func barsEndAtTheCloseOrAfterTheirLength() {
        let day = CivilDate.days(year: 2024, month: 1, day: 10) * 86_400
        #expect(ISOTimestamp.utcText(MarketTime.barEnd(time: day, daily: true, frame: 86_400))
                == "2024-01-10T21:00:00Z")
        let summer = CivilDate.days(year: 2024, month: 7, day: 10) * 86_400
        #expect(ISOTimestamp.utcText(MarketTime.barEnd(time: summer, daily: true, frame: 86_400))
                == "2024-07-10T20:00:00Z")
        #expect(MarketTime.barEnd(time: 1_000, daily: false, frame: 300) == 1_300)
    }

    @Test func barTimeTextRoundTrips() throws {
        for text in ["2020-03-02", "2013-10-07T09:30:00-04:00", "2024-01-10T15:45:00-05:00"] {
            let parsed = try #require(MarketTime.parseBarTime(text))
            #expect(OrderIDs.timeText(parsed.time, utcOffset: parsed.utcOffset) == text)
        }
        for bad in ["2020-13-02", "2020-03-02T09:30", "yesterday", ""] { #expect(MarketTime.parseBarTime(bad) == nil) }
    }

    @Test func feedTakesOnlyCompletedBarsOnceAndGroupsThemInTime() throws {
        var feed = try BarFeed(symbols: ["AAA", "BBB"], timeframe: "1Day")
        func bar(_ day: String, _ close: Double) -> Bar {
            Bar(time: date(day + "T05:00:00+00:00"), open: close, high: close, low: close, close: close, volume: 1)
        }
        let answer = ["AAA": [bar("2024-01-09", 1), bar("2024-01-10", 2)], "BBB": [bar("2024-01-10", 3)]]
        // 15:00 New York on the 10th: that day's bars are not complete yet.
        var groups = feed.accept(answer, now: date("2024-01-10T20:00:00+00:00"))
        #expect(groups.map(\.text) == ["2024-01-09"])
        groups = feed.accept(answer, now: date("2024-01-10T21:00:00+00:00"))
        #expect(groups.map(\.text) == ["2024-01-10"])
        #expect(groups[0].entries.map(\.symbol) == [0, 1])
        #expect(feed.accept(answer, now: date("2024-01-11T21:00:00+00:00")).isEmpty)
        #expect(feed.queryStart(orElse: Date.distantPast) == date("2024-01-10T05:00:00+00:00").addingTimeInterval(1))
        let closed = BrokerClock(now: date("2024-01-10T21:00:00+00:00"), isOpen: false)
        #expect(feed.isActionable(groups[0], newest: true, clock: closed))
        #expect(!feed.isActionable(groups[0], newest: false, clock: closed))
        #expect(!feed.isActionable(groups[0], newest: true, clock: BrokerClock(now: closed.now, isOpen: true)))
        #expect(throws: RuntimeError.self) { _ = try BarFeed(symbols: ["AAA"], timeframe: "2Day") }
    }

    /// Issue 12, defect 5: the broker's bars pass the loader's rules; a bar that does not never
    /// reaches the strategy, and the feed says which and why.
    @Test func feedLeavesOutBarsOutOfRange() throws {
        var feed = try BarFeed(symbols: ["AAA"], timeframe: "1Day")
        func bar(_ day: String, volume: Double) -> Bar {
            Bar(time: date(day + "T05:00:00+00:00"), open: 10, high: 10, low: 10, close: 10, volume: volume)
        }
        let groups = feed.accept(["AAA": [bar("2024-01-09", volume: 1e21), bar("2024-01-10", volume: 5)]],
                                 now: date("2024-01-10T21:00:00+00:00"))
        #expect(groups.map(\.text) == ["2024-01-10"])
        #expect(feed.takeRefused() == ["AAA bar 2024-01-09 from the broker was left out: "
            + "volume 1e+21 is out of range: at most 1000000000000000 (10^15) per bar"])
        #expect(feed.takeRefused().isEmpty)
    }

    /// Issue 12, defect 6: a closed market days later is not "before the next open".
    @Test func dailyBarIsActionableUntilTheNextWeekdayOpens() throws {
        let feed = try BarFeed(symbols: ["AAA"], timeframe: "1Day")
        func group(_ day: String) -> BarGroup {
            let time = try! #require(MarketTime.parseBarTime(day)).time
            return BarGroup(time: time, utcOffset: nil, entries: [], end: MarketTime.barEnd(time: time, daily: true, frame: 86_400))
        }
        func closed(_ at: String) -> BrokerClock { BrokerClock(now: date(at), isOpen: false) }
        // Wednesday's bar: fine that evening and the next morning before 09:30 New York.
        #expect(feed.isActionable(group("2024-01-10"), newest: true, clock: closed("2024-01-10T21:00:00+00:00")))
        #expect(feed.isActionable(group("2024-01-10"), newest: true, clock: closed("2024-01-11T14:29:59+00:00")))
        #expect(!feed.isActionable(group("2024-01-10"), newest: true, clock: closed("2024-01-11T14:30:00+00:00")))
        #expect(!feed.isActionable(group("2024-01-10"), newest: true, clock: closed("2024-01-12T21:00:00+00:00")))
        // Friday's bar waits over the weekend for Monday's open (summer time: 13:30Z).
        #expect(feed.isActionable(group("2024-06-21"), newest: true, clock: closed("2024-06-24T13:29:00+00:00")))
        #expect(!feed.isActionable(group("2024-06-21"), newest: true, clock: closed("2024-06-24T13:31:00+00:00")))
    }

    @Test func intradayBarIsActionableForOneBarLength() throws {
        let feed = try BarFeed(symbols: ["AAA"], timeframe: "5Min")
        let group = BarGroup(time: 1_000, utcOffset: -18_000, entries: [], end: 1_300)
        #expect(feed.isActionable(group, newest: true, clock: BrokerClock(now: Date(timeIntervalSince1970: 1_300), isOpen: true)))
        #expect(!feed.isActionable(group, newest: true, clock: BrokerClock(now: Date(timeIntervalSince1970: 1_600), isOpen: true)))
    }
}

@Suite struct OrderSizingTests {
    @Test func dollarSizesBecomeWholeSharesAtTheDecisionPrice() throws {
        let order = try TestCores.approved(notional: 3_000, price: 101)
        #expect(OrderSizing.amount(for: order) == OrderSizing.Amount(qty: 29))
        let request = try #require(OrderSizing.request(for: order))
        #expect(request.clientOrderId == order.intent.clientOrderId)
        #expect(request.amount == .qty(DecimalString("29")!))
        #expect(request.type == .market && request.timeInForce == .day)
    }

    @Test func fractionalBuysGoAsDollarsAndSellAllKeepsFractions() throws {
        let buy = try TestCores.approved(notional: 1_234.567, price: 50, fractional: true)
        #expect(OrderSizing.amount(for: buy) == OrderSizing.Amount(notional: 1_234.56))
        let sellAll = try TestCores.approved(side: .sell, action: .sellAll, qty: 12.345678912, price: 50)
        #expect(OrderSizing.amount(for: sellAll) == OrderSizing.Amount(qty: 12.345678912))
    }

    @Test func lessThanOneShareIsNotSent() throws {
        let order = try TestCores.approved(notional: 80, price: 101)
        #expect(OrderSizing.amount(for: order) == nil)
        #expect(OrderSizing.request(for: order) == nil)
    }
}
