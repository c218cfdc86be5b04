import Foundation

/// Market data: historical bars (all pages) and latest bars, from the multi-symbol endpoints
/// the official SDKs use even for one symbol.
extension AlpacaClient {
    /// Upper bound on pages for one call; a server that never ends paging is a bug, not data.
    static let maxBarPages = 100_000

    private struct BarsPage: Decodable {
        /// `{}` when nothing matched, and `null` on some servers: both mean no bars.
        var bars: [String: [Bar]]?
        var nextPageToken: String?

        enum CodingKeys: String, CodingKey {
            case bars
            case nextPageToken = "next_page_token"
        }
    }

    private struct LatestBars: Decodable {
        var bars: [String: Bar]?
    }

    /// Every bar matching `query`, following `next_page_token` to the end and merging pages per
    /// symbol (a symbol may continue on the next page). Symbols without data are absent.
    public func bars(_ query: BarsQuery) async throws -> [String: [Bar]] {
        guard !query.symbols.isEmpty else { return [:] }
        var merged: [String: [Bar]] = [:]
        var token: String?
        var seenTokens: Set<String> = []
        for page in 1...Self.maxBarPages {
            let spec = RequestSpec(.GET, .marketData, "/v2/stocks/bars", query: query.queryItems(pageToken: token))
            let result = try await fetch(BarsPage.self, spec)
            for (symbol, bars) in result.bars ?? [:] {
                merged[symbol, default: []].append(contentsOf: bars)
            }
            guard let next = result.nextPageToken, !next.isEmpty else { return merged }
            guard seenTokens.insert(next).inserted else {
                throw AlpacaError(kind: .invalidResponse("page \(page) repeats an earlier next_page_token"),
                                  method: "GET", path: spec.path)
            }
            token = next
        }
        throw AlpacaError(kind: .invalidResponse("more than \(Self.maxBarPages) pages"),
                          method: "GET", path: "/v2/stocks/bars")
    }

    /// The most recent bar per symbol (`GET /v2/stocks/bars/latest`).
    public func latestBars(symbols: [String], feed: String? = nil) async throws -> [String: Bar] {
        guard !symbols.isEmpty else { return [:] }
        var query: [(String, String)] = [("symbols", symbols.joined(separator: ","))]
        if let feed { query.append(("feed", feed)) }
        let spec = RequestSpec(.GET, .marketData, "/v2/stocks/bars/latest", query: query)
        return try await fetch(LatestBars.self, spec).bars ?? [:]
    }
}
