import Foundation

/// The single place that decides whether a URL may receive the keys. algobot never trades
/// real money: the live host is refused whatever the scheme, port or path, and every other
/// `alpaca.markets` trading host except the paper one is refused too (broker/live variants).
/// Beyond that the keys go only to Alpaca's paper-trading host (trading), its market-data host
/// (data) or this machine (the simulator), never in a URL's user info (see `KeyDestination`).
public enum PaperTradingGuard {
    public static let paperTradingURL = URL(string: "https://paper-api.alpaca.markets")!
    public static let marketDataURL = URL(string: "https://data.alpaca.markets")!
    public static let liveTradingHost = "api.alpaca.markets"
    public static let paperTradingHost = "paper-api.alpaca.markets"
    public static let marketDataHost = "data.alpaca.markets"
    /// The variable Alpaca's SDKs read the trading URL from.
    public static let baseURLVariable = "APCA_API_BASE_URL"
    public static let dataURLVariable = "APCA_API_DATA_URL"

    /// Returns the parsed URL when it is safe to trade against.
    @discardableResult
    public static func checkTradingURL(_ text: String,
                                       source: AlpacaConfigurationError.Source) throws -> URL {
        let url = try parse(text, source: source)
        if isLiveTradingHost(normalizedHost(url)) {
            throw AlpacaConfigurationError.liveTradingNotAllowed(url: displayText(url), source: source)
        }
        try checkDestination(url, source: source, api: .trading)
        return url
    }

    /// Refuses a live URL but lets anything else through; used for `APCA_API_BASE_URL` when the
    /// configuration names its own URL, so an unrelated odd value there is not an error.
    static func refuseLive(_ text: String, source: AlpacaConfigurationError.Source) throws {
        guard let url = try? parse(text, source: source) else { return }
        if isLiveTradingHost(normalizedHost(url)) {
            throw AlpacaConfigurationError.liveTradingNotAllowed(url: displayText(url), source: source)
        }
    }

    /// The live host, and any other Alpaca trading host but the paper one (broker/live
    /// variants); `data.alpaca.markets` is not a trading host either.
    static func isLiveTradingHost(_ host: String) -> Bool {
        host == liveTradingHost || (host.hasSuffix(".alpaca.markets") && host != paperTradingHost)
    }

    /// Market data is the same host for paper and live: `data.alpaca.markets`, or this machine.
    @discardableResult
    public static func checkDataURL(_ text: String, source: AlpacaConfigurationError.Source) throws -> URL {
        let url = try parse(text, source: source)
        try checkDestination(url, source: source, api: .marketData)
        return url
    }

    /// Any scheme parses here, so that `wss://api.alpaca.markets` or a bare
    /// `api.alpaca.markets` is still recognised as the live host before the scheme is judged.
    private static func parse(_ text: String, source: AlpacaConfigurationError.Source) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let url = URL(string: withScheme), let host = url.host, !host.isEmpty else {
            // The raw text could be anything a user pasted (a password too); keep a short prefix, masked.
            throw AlpacaConfigurationError.invalidURL(url: String(URLUserInfo.masked(trimmed).prefix(60)), source: source)
        }
        return url
    }

    /// No user info; http(s) only; only the host the API lives on, or loopback; and plain http
    /// only to this machine (keys travel in headers).
    private static func checkDestination(_ url: URL, source: AlpacaConfigurationError.Source, api: AlpacaAPI) throws {
        if url.user != nil || url.password != nil {
            throw AlpacaConfigurationError.credentialsInURL(url: URLUserInfo.masked(url.absoluteString), source: source)
        }
        let scheme = url.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" else {
            throw AlpacaConfigurationError.invalidURL(url: displayText(url), source: source)
        }
        let destination = KeyDestination(url)
        let alpacaHost = api == .trading ? paperTradingHost : marketDataHost
        guard destination == .loopback || destination == .alpaca(alpacaHost) else {
            throw AlpacaConfigurationError.hostNotAllowed(url: displayText(url), source: source, api: api)
        }
        if scheme == "http" && destination != .loopback {
            throw AlpacaConfigurationError.insecureURL(url: displayText(url), source: source)
        }
    }

    /// Lowercased, without trailing dots or IPv6 brackets: how the live host is recognised
    /// whatever its spelling.
    static func normalizedHost(_ url: URL) -> String {
        var host = (url.host ?? "").lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// Scheme, host, port and path only: user info or a query string could hold secrets.
    static func displayText(_ url: URL) -> String {
        let host = url.host ?? ""
        var text = "\(url.scheme ?? "https")://" + (host.contains(":") ? "[\(host)]" : host)
        if let port = url.port { text += ":\(port)" }
        return text + url.path
    }
}
