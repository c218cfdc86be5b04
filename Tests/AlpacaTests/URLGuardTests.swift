import Foundation
import Testing
@testable import Alpaca

/// Where the keys may go: Alpaca's paper-trading host for trading, its market-data host for
/// data, or this machine (the simulator). Every other host, any IP address but loopback, any
/// other spelling of loopback and any URL carrying a user name or password is refused.
@Suite struct URLGuardTests {
    static let refusedTradingURLs = [
        "https://paper-api.alpaca.markets.evil.example", "https://evil.example", "https://paper-api-alpaca.markets",
        "https://paper-api.alpaca.markets%2Eevil.example", "https://10.0.0.5", "https://8.8.8.8:443",
        "http://2130706433:8765", "http://0177.0.0.1:8765", "http://0x7f.0.0.1:8765", "http://127.1:8765",
        "http://0.0.0.0:8765", "https://[::ffff:7f00:1]", "https://[::ffff:127.0.0.1]", "https://[2001:db8::1]",
        "http://localhost.:8765", "http://localhost.evil.example:8765", "http://127.0.0.1.evil.example",
    ]

    @Test(arguments: refusedTradingURLs)
    func tradingHostsOtherThanPaperAndLoopbackAreRefused(_ text: String) {
        #expect {
            try PaperTradingGuard.checkTradingURL(text, source: .configuration)
        } throws: { error in
            let message = "\(error)"
            return error is AlpacaConfigurationError && message.contains("sends your keys only to")
                && message.contains("paper-api.alpaca.markets") && !message.contains("Live trading")
        }
    }

    static let acceptedTradingURLs = [
        "https://paper-api.alpaca.markets", "HTTPS://Paper-API.Alpaca.Markets.", "https://paper-api.alpaca.markets:443/v2",
        "http://127.0.0.1:8765", "https://127.0.0.1", "http://127.0.0.2:1", "http://localhost:8765", "http://LOCALHOST:8765",
        "http://[::1]:8765", "http://[0:0:0:0:0:0:0:1]:8765",
    ]

    @Test(arguments: acceptedTradingURLs)
    func paperAndLoopbackTradingURLsAreAccepted(_ text: String) throws {
        try PaperTradingGuard.checkTradingURL(text, source: .configuration)
    }

    static let refusedDataURLs = [
        "https://api.alpaca.markets", "https://paper-api.alpaca.markets", "https://stream.data.alpaca.markets",
        "https://broker-api.alpaca.markets", "https://data.alpaca.markets.evil.example", "https://1.2.3.4",
        "http://2130706433", "https://data-alpaca.markets",
    ]

    @Test(arguments: refusedDataURLs)
    func dataHostsOtherThanAlpacasDataHostAndLoopbackAreRefused(_ text: String) {
        #expect {
            try PaperTradingGuard.checkDataURL(text, source: .configuration)
        } throws: { error in
            let message = "\(error)"
            return error is AlpacaConfigurationError && message.contains("sends your keys only to")
                && message.contains("data.alpaca.markets")
        }
    }

    @Test(arguments: ["https://data.alpaca.markets", "https://DATA.alpaca.markets.", "http://127.0.0.1:9", "http://[::1]:9",
                      "http://localhost:9/v2"])
    func alpacasDataHostAndLoopbackAreAcceptedForData(_ text: String) throws {
        try PaperTradingGuard.checkDataURL(text, source: .configuration)
    }

    @Test(arguments: ["https://user:pass@paper-api.alpaca.markets", "https://user@paper-api.alpaca.markets",
                      "https://paper-api.alpaca.markets@evil.example", "http://:pass@127.0.0.1:8765"])
    func credentialsInAURLAreRefusedAndSaidSo(_ text: String) {
        for check in [PaperTradingGuard.checkTradingURL, PaperTradingGuard.checkDataURL] {
            #expect {
                _ = try check(text, .environment(variable: "APCA_API_BASE_URL"))
            } throws: { error in
                let message = "\(error)"
                return message.contains("credentials in URLs are refused") && message.contains("APCA-API-KEY-ID")
                    && !message.contains(":pass") && !message.contains("user@") && !message.contains("user:")
            }
        }
    }

    @Test func aURLFromDotEnvIsReportedAsComingFromThatFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString).env").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "APCA_API_KEY_ID=PK1\nAPCA_API_SECRET_KEY=s\nAPCA_API_BASE_URL=https://api.alpaca.markets\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try AlpacaConfiguration.fromEnvironment([:], dotEnvPath: path)
        } throws: { error in
            let message = "\(error)"
            return message.contains("Live trading is not allowed") && message.contains("APCA_API_BASE_URL in \(path)")
                && !message.contains("environment variable")
        }
        #expect {
            _ = try AlpacaConfiguration.fromEnvironment(["APCA_API_BASE_URL": "https://api.alpaca.markets"], dotEnvPath: path)
        } throws: { error in
            "\(error)".contains("the environment variable APCA_API_BASE_URL")
        }
        try "APCA_API_KEY_ID=PK1\nAPCA_API_SECRET_KEY=s\nAPCA_API_DATA_URL=https://evil.example\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try AlpacaConfiguration.fromEnvironment([:], dotEnvPath: path)
        } throws: { error in
            "\(error)".contains("APCA_API_DATA_URL in \(path)")
        }
    }

    @Test func userInfoIsMaskedAndItsPasswordBecomesASecret() {
        #expect(URLUserInfo.masked("https://me:pa55word@paper-api.alpaca.markets/v2?x=1") == "https://***@paper-api.alpaca.markets/v2?x=1")
        #expect(URLUserInfo.masked("https://paper-api.alpaca.markets/v2?user=a@b") == "https://paper-api.alpaca.markets/v2?user=a@b")
        #expect(URLUserInfo.masked("not a url") == "not a url")
        #expect(URLUserInfo.secrets(in: "https://me:pa55word@host") == ["me:pa55word", "pa55word"])
        #expect(URLUserInfo.secrets(in: "https://me@host").isEmpty, "a user name alone is not a secret")
        #expect(URLUserInfo.secrets(in: "https://host/a:b@c").isEmpty, "an @ in the path is not user info")
    }
}
