import Foundation
import Testing
@testable import Alpaca

@Suite struct DotEnvTests {
    @Test func parsesAssignmentsQuotesExportAndComments() throws {
        let text = """
        # paper keys
        APCA_API_KEY_ID=PK123
        export APCA_API_SECRET_KEY = "se cr#et\\"x"

        SINGLE='lit\\eral # kept'
        INLINE=value # a comment
        HASH=a#b
        EMPTY=
        WITH_EQUALS=a=b=c\r
        """
        let values = try DotEnv.parse(text)
        #expect(values["APCA_API_KEY_ID"] == "PK123")
        #expect(values["APCA_API_SECRET_KEY"] == "se cr#et\"x")
        #expect(values["SINGLE"] == "lit\\eral # kept")
        #expect(values["INLINE"] == "value")
        #expect(values["HASH"] == "a#b")
        #expect(values["EMPTY"] == "")
        #expect(values["WITH_EQUALS"] == "a=b=c")
        #expect(values.count == 7)
    }

    @Test func reportsTheLineButNeverTheValue() {
        let text = "OK=1\nAPCA_API_SECRET_KEY=\"topsecretvalue\n"
        #expect {
            try DotEnv.parse(text, file: "my.env")
        } throws: { error in
            let message = "\(error)"
            return message.contains("my.env:2") && message.contains("closing")
                && !message.contains("topsecretvalue")
        }
        #expect(throws: DotEnv.SyntaxError.self) { try DotEnv.parse("just words\n") }
        #expect(throws: DotEnv.SyntaxError.self) { try DotEnv.parse("9KEY=1\n") }
        #expect(throws: DotEnv.SyntaxError.self) { try DotEnv.parse("K='a' trailing\n") }
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try DotEnv.load(path: "/nonexistent/dir/.env").isEmpty)
    }
}

@Suite struct DotEnvExposureTests {
    @Test func onlyAFileOthersCanReadIsWarnedAbout() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("exposure-\(UUID().uuidString).env").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(DotEnv.exposureWarning(path: path) == nil, "no file, no warning")
        try "APCA_API_KEY_ID=PK1\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let warning = try #require(DotEnv.exposureWarning(path: path))
        #expect(warning.contains("mode 644") && warning.contains("chmod 600 \(path)"))
        chmod(path, 0o600)
        #expect(DotEnv.exposureWarning(path: path) == nil)
        chmod(path, 0o640)
        #expect(DotEnv.exposureWarning(path: path) == nil, "readable by the process's own group only (root:algobot 640)")
    }
}

@Suite struct CredentialsTests {
    private func temporaryDotEnv(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("alpaca-\(UUID().uuidString).env").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func environmentWinsOverDotEnv() throws {
        let path = try temporaryDotEnv("APCA_API_KEY_ID=PKFROMFILE\nAPCA_API_SECRET_KEY=file-secret\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try Credentials.load(environment: [:], dotEnvPath: path)
        #expect(fromFile == Credentials(keyID: "PKFROMFILE", secretKey: "file-secret"))
        let mixed = try Credentials.load(environment: ["APCA_API_SECRET_KEY": "env-secret"], dotEnvPath: path)
        #expect(mixed == Credentials(keyID: "PKFROMFILE", secretKey: "env-secret"))
    }

    @Test func missingKeysNameBothVariables() {
        #expect {
            try Credentials.load(environment: ["APCA_API_KEY_ID": "  "], dotEnvPath: nil)
        } throws: { error in
            guard case AlpacaConfigurationError.missingCredentials(let missing, _) = error else { return false }
            return missing == ["APCA_API_KEY_ID", "APCA_API_SECRET_KEY"]
                && "\(error)".contains("never in a YAML file")
        }
    }

    @Test func everyTextualFormMasksBothValues() {
        let credentials = Harness.credentials
        var dumped = ""
        dump(credentials, to: &dumped)
        var configuration = AlpacaConfiguration(credentials: credentials)
        configuration.logger.logLevel = .critical
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        let texts = [
            credentials.description, credentials.debugDescription, "\(credentials)",
            String(reflecting: credentials), dumped, "\(configuration)", String(reflecting: configuration),
            dumpedConfiguration, "\([credentials])", "\(Optional(credentials) as Any)",
        ]
        for text in texts {
            #expect(!text.contains(Harness.secret), "secret leaked in: \(text)")
            #expect(!text.contains(Harness.keyID), "key id leaked in: \(text)")
        }
        #expect(credentials.description.contains("<redacted>"))
    }

    @Test func redactRemovesBothKeysFromEchoedText() {
        let echoed = "bad header \(Harness.keyID) / \(Harness.secret)"
        let redacted = Harness.credentials.redact(echoed)
        #expect(!redacted.contains(Harness.secret) && !redacted.contains(Harness.keyID))
        #expect(redacted.contains("<redacted>"))
    }
}

@Suite struct PaperTradingGuardTests {
    static let liveURLs = [
        "https://api.alpaca.markets", "https://api.alpaca.markets/", "http://api.alpaca.markets:8080/v2",
        "HTTPS://API.Alpaca.Markets.", "wss://api.alpaca.markets/stream", "api.alpaca.markets",
        "https://broker-api.alpaca.markets",
    ]

    @Test(arguments: liveURLs)
    func liveURLInConfigurationIsRefused(_ text: String) throws {
        let url = try #require(URL(string: text.contains("://") ? text : "https://" + text))
        let configuration = AlpacaConfiguration(tradingBaseURL: url, credentials: Harness.credentials,
                                                logger: LogCapture().logger())
        #expect {
            _ = try AlpacaClient(configuration: configuration, environment: [:])
        } throws: { error in
            guard case AlpacaConfigurationError.liveTradingNotAllowed(_, .configuration) = error else { return false }
            let message = "\(error)"
            return message.contains("Live trading is not allowed") && message.contains("paper-api.alpaca.markets")
        }
    }

    @Test(arguments: liveURLs)
    func liveURLInEnvironmentIsRefused(_ text: String) throws {
        let configuration = AlpacaConfiguration(credentials: Harness.credentials, logger: LogCapture().logger())
        #expect {
            _ = try AlpacaClient(configuration: configuration, environment: ["APCA_API_BASE_URL": text])
        } throws: { error in
            guard case AlpacaConfigurationError.liveTradingNotAllowed(_, .environment("APCA_API_BASE_URL")) = error
            else { return false }
            return "\(error)".contains("Unset APCA_API_BASE_URL")
        }
        let environment = ["APCA_API_BASE_URL": text, "APCA_API_KEY_ID": "PK1", "APCA_API_SECRET_KEY": "s"]
        #expect(throws: AlpacaConfigurationError.self) {
            _ = try AlpacaConfiguration.fromEnvironment(environment, dotEnvPath: nil)
        }
    }

    @Test func paperAndLoopbackAreAccepted() async throws {
        let environment = ["APCA_API_BASE_URL": "https://paper-api.alpaca.markets",
                           "APCA_API_KEY_ID": "PK1", "APCA_API_SECRET_KEY": "s"]
        let logs = LogCapture()
        let fromEnvironment = try AlpacaConfiguration.fromEnvironment(environment, dotEnvPath: nil,
                                                                      logger: logs.logger())
        #expect(fromEnvironment.tradingBaseURL.host == "paper-api.alpaca.markets")
        #expect(fromEnvironment.dataBaseURL.host == "data.alpaca.markets")
        for text in ["http://127.0.0.1:8089", "http://localhost:9000/", "https://paper-api.alpaca.markets/v2"] {
            let configuration = AlpacaConfiguration(tradingBaseURL: URL(string: text)!, credentials: Harness.credentials,
                                                    logger: logs.logger())
            try await AlpacaClient.withClient(configuration: configuration, environment: environment) { client in
                #expect(client.health.state == .healthy)
            }
        }
        #expect(logs.lines.filter { $0.contains("alpaca client ready") }.count == 3)
    }

    @Test func plainHTTPToAnotherMachineIsRefused() {
        #expect {
            try PaperTradingGuard.checkTradingURL("http://paper-api.alpaca.markets", source: .configuration)
        } throws: { error in
            guard case AlpacaConfigurationError.insecureURL = error else { return false }
            return true
        }
        #expect {
            try PaperTradingGuard.checkDataURL("http://data.alpaca.markets:8080", source: .configuration)
        } throws: { error in
            guard case AlpacaConfigurationError.insecureURL = error else { return false }
            return true
        }
        #expect {
            try PaperTradingGuard.checkTradingURL("http://example.com:8080", source: .configuration)
        } throws: { error in
            guard case AlpacaConfigurationError.hostNotAllowed(_, .configuration, .trading) = error else { return false }
            return true
        }
        #expect(throws: AlpacaConfigurationError.self) {
            try PaperTradingGuard.checkTradingURL("https://user:pw@paper-api.alpaca.markets", source: .configuration)
        }
    }
}
