import Foundation

/// The single place that decides whether a trading URL may be used. algobot never trades
/// real money: the live host is refused whatever the scheme, port or path, and every other
/// `alpaca.markets` trading host except the paper one is refused too (broker/live variants).
public enum PaperTradingGuard {
    public static let paperTradingURL = URL(string: "https://paper-api.alpaca.markets")!
    public static let marketDataURL = URL(string: "https://data.alpaca.markets")!
    public static let liveTradingHost = "api.alpaca.markets"
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
        try checkScheme(url, source: source)
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
        host == liveTradingHost || (host.hasSuffix(".alpaca.markets") && host != "paper-api.alpaca.markets")
    }

    /// Market data is the same host for paper and live; only the scheme/host shape is checked.
    @discardableResult
    public static func checkDataURL(_ text: String, source: AlpacaConfigurationError.Source) throws -> URL {
        let url = try parse(text, source: source)
        try checkScheme(url, source: source)
        return url
    }

    /// Any scheme parses here, so that `wss://api.alpaca.markets` or a bare
    /// `api.alpaca.markets` is still recognised as the live host before the scheme is judged.
    private static func parse(_ text: String, source: AlpacaConfigurationError.Source) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let url = URL(string: withScheme), let host = url.host, !host.isEmpty else {
            // The raw text could be anything a user pasted; keep only a short prefix.
            throw AlpacaConfigurationError.invalidURL(url: String(trimmed.prefix(60)), source: source)
        }
        return url
    }

    /// Keys travel in headers, so plain HTTP is only acceptable on this machine (the simulator).
    private static func checkScheme(_ url: URL, source: AlpacaConfigurationError.Source) throws {
        let scheme = url.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https", url.user == nil, url.password == nil else {
            throw AlpacaConfigurationError.invalidURL(url: displayText(url), source: source)
        }
        if scheme == "http" && !isLoopback(normalizedHost(url)) {
            throw AlpacaConfigurationError.insecureURL(url: displayText(url), source: source)
        }
    }

    static func normalizedHost(_ url: URL) -> String {
        var host = (url.host ?? "").lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Scheme, host, port and path only: user info or a query string could hold secrets.
    static func displayText(_ url: URL) -> String {
        var text = "\(url.scheme ?? "https")://\(url.host ?? "")"
        if let port = url.port { text += ":\(port)" }
        return text + url.path
    }
}
