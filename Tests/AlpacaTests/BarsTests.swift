import Foundation
import Testing
@testable import Alpaca

/// Multi-symbol bars: every page is fetched with the same parameters plus the token, pages are
/// merged per symbol, and empty answers (`{}` or `null`) give no bars.
@Suite struct BarsTests {
    static let route = "GET /v2/stocks/bars"

    @Test func followsPageTokensAcrossThreePagesAndMerges() async throws {
        try await Harness.run { h in
            h.server.script(Self.route, [.fixture("bars_multi_paged_1.json"), .fixture("bars_multi_paged_2.json"),
                                         .fixture("bars_multi_two_symbols.json")])
            let start = try #require(RFC3339.parse("2022-01-03T00:00:00Z"))
            let end = try #require(RFC3339.parse("2022-06-30T20:00:00.5Z"))
            let query = BarsQuery(symbols: ["META", "AAPL", "TSLA"], timeframe: "1Day", start: start, end: end,
                                  limit: 2, adjustment: "split,dividend", feed: "iex", sort: .asc)
            let bars = try await h.client.bars(query)
            #expect(bars.keys.sorted() == ["AAPL", "META", "TSLA"])
            #expect(bars["META"]?.map(\.close) == [196.64, 184, 175.57, 164.26])
            #expect(bars["META"]?.map { RFC3339.format($0.time) } == [
                "2022-06-08T04:00:00Z", "2022-06-09T04:00:00Z", "2022-06-10T04:00:00Z", "2022-06-13T04:00:00Z",
            ])
            #expect(bars["AAPL"]?.count == 1 && bars["TSLA"]?.first?.open == 839)

            let requests = h.server.requests(Self.route)
            #expect(requests.count == 3)
            let expected = ["symbols=META,AAPL,TSLA", "timeframe=1Day", "start=2022-01-03T00:00:00Z",
                            "end=2022-06-30T20:00:00Z", "limit=2", "adjustment=split,dividend", "feed=iex", "sort=asc"]
            #expect(requests[0].query.map { "\($0.0)=\($0.1)" } == expected)
            #expect(requests[1].query.map { "\($0.0)=\($0.1)" }
                == expected + ["page_token=TUVUQXxEfDIwMjItMDYtMDlUMDQ6MDA6MDAuMDAwMDAwMDAwWg=="])
            #expect(requests[2].queryValue("page_token") == "TUVUQXxEfDIwMjItMDYtMTNUMDQ6MDA6MDAuMDAwMDAwMDAwWg==")
            #expect(requests.allSatisfy { $0.headers["apca-api-key-id"] == Harness.keyID })
        }
    }

    @Test func aSymbolContinuingOnTheNextPageStaysInOrder() async throws {
        try await Harness.run { h in
            h.server.script(Self.route, [.fixture("bars_multi_page_token.json"), .fixture("bars_multi_two_symbols.json")])
            let bars = try await h.client.bars(BarsQuery(symbols: ["AAPL", "TSLA"], timeframe: "1Day"))
            #expect(bars["AAPL"]?.map { RFC3339.format($0.time) } == [
                "2022-02-01T05:00:00Z", "2022-02-02T05:00:00Z", "2022-03-09T05:00:00Z",
            ])
            #expect(bars["TSLA"]?.count == 1)
        }
    }

    @Test func emptyResultsGiveNoBars() async throws {
        try await Harness.run { h in
            h.server.script(Self.route, [.fixture("bars_multi_empty.json"), .fixture("bars_single_empty_null.json"),
                                         .reply(200, #"{"bars":{"GLD":[]},"next_page_token":""}"#)])
            let query = BarsQuery(symbols: ["GLD"], timeframe: "1Min")
            let emptyObject = try await h.client.bars(query)
            let null = try await h.client.bars(query)
            let emptyList = try await h.client.bars(query)
            let noSymbols = try await h.client.bars(BarsQuery(symbols: [], timeframe: "1Day"))
            #expect(emptyObject.isEmpty && null.isEmpty && noSymbols.isEmpty)
            #expect(emptyList == ["GLD": []])
            #expect(h.server.requests.count == 3)
        }
    }

    @Test func aFailedPageIsRetriedWithTheSameToken() async throws {
        try await Harness.run { h in
            h.server.script(Self.route, [.fixture("bars_multi_paged_1.json"), .reply(500, "{}"), .drop,
                                         .fixture("bars_multi_two_symbols.json")])
            let bars = try await h.client.bars(BarsQuery(symbols: ["META"], timeframe: "1Day"))
            #expect(bars["META"]?.count == 2)
            let tokens = h.server.requests(Self.route).map { $0.queryValue("page_token") }
            let token = "TUVUQXxEfDIwMjItMDYtMDlUMDQ6MDA6MDAuMDAwMDAwMDAwWg=="
            #expect(tokens == [nil, token, token, token])
            #expect(h.clock.sleeps == [.milliseconds(100), .milliseconds(200)])
        }
    }

    @Test func aRepeatedTokenIsAnErrorNotALoop() async throws {
        try await Harness.run { h in
            h.server.setDefault(Self.route, .fixture("bars_multi_desc.json"))
            await #expect {
                _ = try await h.client.bars(BarsQuery(symbols: ["TSLA"], timeframe: "1Day", sort: .desc))
            } throws: { error in
                guard let error = error as? AlpacaError, case .invalidResponse(let detail) = error.kind else {
                    return false
                }
                return detail.contains("repeats")
            }
            #expect(h.server.requests.count == 2)
        }
    }

    @Test func dataErrorsCarryTheirCode() async throws {
        try await Harness.run { h in
            h.server.setDefault(Self.route, .alpacaError("data_recent_sip_not_permitted"))
            await #expect {
                _ = try await h.client.bars(BarsQuery(symbols: ["SPY"], timeframe: "1Min", feed: "sip"))
            } throws: { error in
                let error = error as! AlpacaError
                return error.status == 403 && error.code == 42210000 && error.path == "/v2/stocks/bars"
            }
        }
    }
}
