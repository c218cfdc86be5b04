import Foundation
import Logging
import Testing
@testable import Audit

@Suite struct LoggingTests {
    static let environment = [
        "APCA_API_KEY_ID": "PKZ3X9TESTKEYID0001",
        "APCA_API_SECRET_KEY": "s3cr3tS3cretSecretValue0000000000000001",
        "OPENAI_API_KEY": "sk-proj-testkey-abcdef123456",
        "ADVISOR_CLIENT_SECRET_VALUE": "advisor-secret-9876",
        "GITHUB_TOKEN": "ghp_testtoken1234567890",
        "HOME": "/root",
        "TZ_TOKEN": "abc",
    ]
    static let secrets = ["PKZ3X9TESTKEYID0001", "s3cr3tS3cretSecretValue0000000000000001", "sk-proj-testkey-abcdef123456",
                          "advisor-secret-9876", "ghp_testtoken1234567890"]
    static let fixedClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_712_066_700.25) }

    private func logEverySecret(_ format: LogFormat) -> String {
        let (output, captured) = LogOutput.memory()
        let make = AlgobotLogging.factory(format: format, level: .debug, output: output,
                                          redactor: SecretRedactor(environment: Self.environment), clock: Self.fixedClock)
        var logger = Logger(label: "algobot.alpaca", factory: make)
        logger[metadataKey: "key_id"] = "\(Self.secrets[0])"
        for secret in Self.secrets {
            logger.info("request with key \(secret) failed", metadata: [
                "secret": "\(secret)",
                "nested": ["header": "Bearer \(secret)", "list": ["\(secret)", "plain"]],
            ])
        }
        logger.error("auth failed", metadata: ["error": .stringConvertible("401 for \(Self.secrets[1])")])
        return captured.text
    }

    @Test(arguments: LogFormat.allCases)
    func secretsNeverReachTheOutput(format: LogFormat) {
        let output = logEverySecret(format)
        #expect(!output.isEmpty)
        for secret in Self.secrets {
            #expect(!output.contains(secret), "\(format) output leaked a secret")
        }
        #expect(output.contains("***"))
    }

    @Test func jsonLinesHaveTheAgreedFieldsWithSortedKeys() throws {
        let (output, captured) = LogOutput.memory()
        var handler = JSONLogHandler(label: "algobot.engine", output: output, redactor: .none, metadataProvider: nil,
                                     clock: Self.fixedClock)
        handler.logLevel = .info
        let logger = Logger(label: "algobot.engine") { _ in handler }
        logger.info("order sent", metadata: ["symbol": "SPY", "qty": "24"])
        logger.debug("not shown at info")
        let lines = captured.lines
        #expect(lines == ["{\"label\":\"algobot.engine\",\"level\":\"info\",\"message\":\"order sent\","
            + "\"metadata\":{\"qty\":\"24\",\"symbol\":\"SPY\"},\"time\":\"2024-04-02T14:05:00.250Z\"}\n"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["time", "level", "label", "message", "metadata"])
    }

    @Test func textLinesAreReadable() {
        let (output, captured) = LogOutput.memory()
        let make = AlgobotLogging.factory(format: .text, level: .warning, output: output, redactor: .none, clock: Self.fixedClock)
        let logger = Logger(label: "algobot.audit", factory: make)
        logger.info("hidden")
        logger.warning("torn line set aside", metadata: ["file": "out/audit.jsonl", "note": "two words"])
        #expect(captured.lines == ["2024-04-02T14:05:00.250Z warning algobot.audit: torn line set aside "
            + "file=out/audit.jsonl note=\"two words\"\n"])
    }

    @Test func redactorPicksSecretNamesOnly() {
        let redactor = SecretRedactor(environment: Self.environment)
        #expect(Set(redactor.secrets) == Set(Self.secrets))
        #expect(redactor.redact("key PKZ3X9TESTKEYID0001 and home /root") == "key *** and home /root")
        #expect(SecretRedactor.isSecretName("APCA_API_SECRET_KEY"))
        #expect(SecretRedactor.isSecretName("SLACK_BOT_TOKEN"))
        #expect(SecretRedactor.isSecretName("OPENAI_API_KEY"))
        #expect(!SecretRedactor.isSecretName("PATH"))
        #expect(SecretRedactor(secrets: ["abcd", "abcdef"]).redact("xabcdefx abcd") == "x***x ***", "longest first")
    }

    @Test func theRegistryAddsSecretsReadOutsideTheEnvironment() {
        let registry = SecretRegistry(environment: ["APCA_API_KEY_ID": "PKFROMENVIRONMENT1", "HOME": "/root"])
        registry.register(variables: ["APCA_API_SECRET_KEY": "secret-from-dotenv-1", "ALGOBOT_MODE": "paper", "X_TOKEN": "ab"])
        registry.register(["url-password-1", ""])
        #expect(Set(registry.redactor.secrets) == ["PKFROMENVIRONMENT1", "secret-from-dotenv-1", "url-password-1"])
        #expect(registry.redactor.redact("paper PKFROMENVIRONMENT1 secret-from-dotenv-1") == "paper *** ***")
    }

    /// The audit log and the log handlers created without a redactor mask every registered secret.
    @Test func defaultsMaskEveryRegisteredSecret() throws {
        let secret = "registered-\(UUID().uuidString)"
        SecretRegistry.shared.register([secret])
        let (output, captured) = LogOutput.memory()
        Logger(label: "algobot.test") { JSONLogHandler(label: $0, output: output) }.warning("saw \(secret)")
        Logger(label: "algobot.test") { TextLogHandler(label: $0, output: output) }.warning("saw \(secret)")
        #expect(captured.lines.count == 2)
        #expect(!captured.text.contains(secret))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(path: path, indexing: .none)
        _ = try log.append(.note(NoteRecord(kind: "test", message: "saw \(secret)")), at: "2024-01-02T15:00:00Z")
        try log.close()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("saw ***") && !written.contains(secret))
    }
}
