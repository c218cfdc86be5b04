import Foundation
import NIOHTTP1

/// Alpaca's two REST APIs; they live on different hosts with separate rate limits.
public enum AlpacaAPI: String, Sendable, CaseIterable {
    case trading
    case marketData = "market_data"
}

/// One Alpaca request, before the host and the auth headers are added.
struct RequestSpec: Sendable {
    typealias Service = AlpacaAPI

    var service: Service
    var method: HTTPMethod
    /// Already percent-encoded, starting with `/v2/`.
    var path: String
    var query: [(String, String)]
    var body: Data?

    init(_ method: HTTPMethod, _ service: Service, _ path: String, query: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.service = service
        self.path = path
        self.query = query
        self.body = body
    }

    /// The full URL on `base`, which may carry a path prefix (a proxy or a simulator mount).
    func url(base: URL) -> String {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return text
    }

    /// Unreserved characters and the comma (Alpaca's list separator) stay as they are.
    private static let queryAllowed: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~,")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text
    }

    /// A symbol or id placed in the path (`ETH/USD` must not add a path segment).
    static func pathSegment(_ text: String) -> String {
        encode(text)
    }
}
