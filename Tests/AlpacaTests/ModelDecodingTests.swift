import Foundation
import Testing
@testable import Alpaca

@Suite struct ModelDecodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ fixture: String) throws -> T {
        try AlpacaJSON.decoder().decode(type, from: Fixtures.data(fixture))
    }

    @Test func accountKeepsDecimalsExact() throws {
        let account = try decode(Account.self, "account.json")
        #expect(account.id == "1d9eed04-be39-4e01-9b84-a48ac5bbafcf")
        #expect(account.status == "ACTIVE")
        #expect(account.cash.text == "122086.5")
        #expect(account.lastEquity?.text == "122011.09751111286868")
        #expect(account.lastEquity?.decimal == Decimal(string: "122011.09751111286868"))
        #expect(account.equity.doubleValue == 123346.11)
        #expect(account.multiplier == "2")
        #expect(account.patternDayTrader == true)
        #expect(account.daytradeCount == 0)
        #expect(account.isTradingBlocked == false)
        #expect(try decode(Account.self, "account_margin_example.json").multiplier == "4")
    }

    @Test func accountWithoutDeprecatedFieldsStillDecodes() throws {
        var object = try JSONSerialization.jsonObject(with: Fixtures.data("account.json")) as! [String: Any]
        for key in ["pattern_day_trader", "daytrade_count", "daytrading_buying_power", "bod_dtbp",
                    "options_trading_level", "admin_configurations"] {
            object.removeValue(forKey: key)
        }
        object["brand_new_field"] = ["nested": true]
        let account = try AlpacaJSON.decoder().decode(
            Account.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(account.patternDayTrader == nil)
        #expect(account.daytradeCount == nil)
        #expect(account.buyingPower.text == "245432.61")
    }

    @Test func ordersDecodeAllVariants() throws {
        let limit = try decode(Order.self, "order_limit_gtc_accepted.json")
        #expect(limit.status == .accepted && !limit.status.isTerminal)
        #expect(limit.type == .limit && limit.timeInForce == .gtc && limit.side == .buy)
        #expect(limit.qty == "2" && limit.notional == nil && limit.limitPrice == "150")
        #expect(limit.filledQty == "0" && limit.filledAvgPrice == nil)
        #expect(limit.orderClass == OrderClass(rawValue: "") && limit.orderClass?.isSimple == true)
        // Nanosecond fractions survive to well under a microsecond.
        let created = try #require(RFC3339.parse("2023-12-12T22:31:24Z"))
        #expect(abs(limit.createdAt.timeIntervalSince(created) - 0.668464435) < 1e-6)

        let notional = try decode(Order.self, "order_notional_market_accepted.json")
        #expect(notional.qty == nil && notional.notional?.text == "500" && notional.type == .market)

        let crypto = try decode(Order.self, "order_crypto_limit_pending_new.json")
        #expect(crypto.status == .pendingNew && crypto.qty?.text == "0.02" && crypto.symbol == "ETH/USD")

        var unknownStatus = try JSONSerialization.jsonObject(
            with: Fixtures.data("order_limit_gtc_accepted.json")) as! [String: Any]
        unknownStatus["status"] = "pending_review"
        let order = try AlpacaJSON.decoder().decode(
            Order.self, from: JSONSerialization.data(withJSONObject: unknownStatus))
        #expect(order.status.rawValue == "pending_review" && !order.status.isTerminal)
        #expect(OrderStatus.filled.isTerminal && OrderStatus.canceled.isTerminal && OrderStatus.rejected.isTerminal)
    }

    @Test func positionsClockCalendarAndCancelResults() throws {
        let positions = try decode([Position].self, "positions.json")
        #expect(positions.count == 2)
        let position = try decode(Position.self, "position.json")
        #expect(position.symbol == "AAPL" && position.qty == "2" && position.side == .long)
        #expect(position.changeToday?.text == "-0.0018326556325525")

        let clock = try decode(MarketClock.self, "clock.json")
        #expect(clock.isOpen)
        // 09:30 New York (-04:00) is 13:30 UTC.
        #expect(clock.nextOpen == RFC3339.parse("2022-04-29T13:30:00Z"))
        #expect(abs(clock.timestamp.timeIntervalSince1970 - 1_651_169_224.451420928) < 1e-6)
        #expect(try decode(MarketClock.self, "clock_spec_example.json").nextClose
            == RFC3339.parse("2025-06-24T20:00:00Z"))

        let calendar = try decode([CalendarDay].self, "calendar.json")
        #expect(calendar == [CalendarDay(date: "2025-01-02", open: "09:30", close: "16:00", sessionOpen: "0400",
                                         sessionClose: "2000", settlementDate: "2025-01-03")])

        let cancelled = try decode([CancelResult].self, "cancel_all_orders_207.json")
        #expect(cancelled.map(\.status) == [200, 404])
        #expect(cancelled[0].succeeded && !cancelled[1].succeeded)
        #expect(cancelled[1].body == ErrorBody(code: 40410000, message: "order not found"))
    }

    @Test func barsAndErrorBodies() throws {
        struct Page: Decodable { var bars: [String: [Bar]]? }
        let page = try decode(Page.self, "bars_multi_docs_example.json")
        let bar = try #require(page.bars?["TSLA"]?.first)
        #expect(bar.open == 980.14 && bar.high == 1008.4681 && bar.low == 976 && bar.close == 991.1412)
        #expect(bar.volume == 13_754_547 && bar.tradeCount == 547_096 && bar.vwap == 990.827506)
        #expect(bar.time == RFC3339.parse("2022-04-11T04:00:00Z"))
        #expect(bar.epochSeconds == 1_649_649_600)
        #expect(try decode(Page.self, "bars_multi_empty.json").bars?.isEmpty == true)
        #expect(try decode(Page.self, "bars_single_empty_null.json").bars == nil)

        let errors = try JSONSerialization.jsonObject(with: Fixtures.data("errors.json")) as! [String: Any]
        for (scenario, entry) in errors where scenario != "_about" {
            let body = (entry as! [String: Any])["body"]!
            let decoded = try JSONDecoder().decode(ErrorBody.self, from: JSONSerialization.data(withJSONObject: body))
            #expect(decoded.message != nil, "scenario \(scenario)")
        }
        let unauthorized = try Fixtures.errorBody("unauthorized_learn_article")
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(unauthorized.body.utf8)).code == nil)
    }

    @Test func decimalStringParsesOnlyDecimals() throws {
        #expect(DecimalString.parse("-23140.2")?.decimal == Decimal(string: "-23140.2"))
        #expect(DecimalString.parse("0.000000001")?.doubleValue == 1e-9)
        for bad in ["", "abc", "1.", ".5", "1e5", "12abc", "1.2.3", "--1"] {
            #expect(DecimalString.parse(bad) == nil, "accepted \(bad)")
        }
        #expect(DecimalString.parse("150") == DecimalString.parse("150.00"))
        let fromNumber = try JSONDecoder().decode([DecimalString].self, from: Data("[12.5]".utf8))
        #expect(fromNumber == ["12.5"])
        let encoded = try JSONEncoder().encode(DecimalString.parse("122011.09751111286868"))
        #expect(String(decoding: encoded, as: UTF8.self) == "\"122011.09751111286868\"")
        #expect(DecimalString(2.5, fractionDigits: 9)?.text == "2.5")
        #expect(DecimalString(0.1 + 0.2, fractionDigits: 9)?.text == "0.3")
        #expect(DecimalString(150.0, fractionDigits: 2)?.text == "150")
        #expect(DecimalString(-0.0000001, fractionDigits: 2)?.text == "0")
        #expect(DecimalString(Double.nan, fractionDigits: 2) == nil)
    }

    @Test func rfc3339ParsesAndFormats() throws {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z")?.timeIntervalSince1970 == 0)
        #expect(RFC3339.parse("2024-02-29T23:59:59+01:00")?.timeIntervalSince1970 == 1_709_247_599)
        #expect(RFC3339.parse("2022-04-28T14:07:04.451420928-04:00") != nil)
        for bad in ["2022-04-28", "2022-04-28T14:07:04", "2022-13-01T00:00:00Z", "2022-04-28T14:07:04.Z",
                    "2022-04-28T14:07:04+0400", "garbage-garbage-garbage"] {
            #expect(RFC3339.parse(bad) == nil, "accepted \(bad)")
        }
        let date = try #require(RFC3339.parse("2022-02-01T05:00:00.75Z"))
        #expect(RFC3339.format(date) == "2022-02-01T05:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
