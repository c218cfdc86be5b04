import Foundation
@testable import Alpaca

/// A scripted server plus a client pointed at it (both APIs), with fake time and captured logs.
struct Harness {
    static let keyID = "PKTESTKEY7Q2W9E4R1T6"
    static let secret = "sEcReT-9f8e7d6c5b4aZZ-value"
    static let credentials = Credentials(keyID: keyID, secretKey: secret)

    let server: ScriptedAlpacaServer
    let client: AlpacaClient
    let clock: TestClock
    let logs: LogCapture

    static func run(retry: RetryPolicy = .fastTest,
                    timeouts: Timeouts = Timeouts(connect: .seconds(15), request: .seconds(15)),
                    rateLimitReserve: Int = 5,
                    _ body: (Harness) async throws -> Void) async throws {
        let server = try await ScriptedAlpacaServer.start()
        let clock = TestClock()
        let logs = LogCapture()
        let configuration = AlpacaConfiguration(
            tradingBaseURL: server.baseURL, dataBaseURL: server.baseURL, credentials: credentials,
            timeouts: timeouts, retryPolicy: retry, rateLimitReserve: rateLimitReserve,
            scheduling: clock.scheduling, logger: logs.logger())
        let client: AlpacaClient
        do {
            client = try AlpacaClient(configuration: configuration, environment: [:])
        } catch {
            await server.stop()
            throw error
        }
        let harness = Harness(server: server, client: client, clock: clock, logs: logs)
        do {
            try await body(harness)
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }

    /// Text in which neither key may ever appear.
    func assertNoSecrets(in texts: [String]) -> Bool {
        let all = (texts + logs.lines).joined(separator: "\n")
        return !all.contains(Self.secret) && !all.contains(Self.keyID)
    }
}

extension RetryPolicy {
    /// Exact delays (no jitter): 100 ms, 200 ms, 400 ms; four attempts.
    static let fastTest = RetryPolicy(baseDelay: .milliseconds(100), multiplier: 2, maxDelay: .seconds(1),
                                      maxAttempts: 4, totalDeadline: .seconds(30), jitter: 0)
}
