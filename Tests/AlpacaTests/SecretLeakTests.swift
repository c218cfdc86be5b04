import Foundation
import Testing
@testable import Alpaca

/// The keys must never reach a log line, an error message or a description, whatever happens.
@Suite struct SecretLeakTests {
    @Test func noKeyInLogsOrErrorsAcrossFailures() async throws {
        // Wide margins (see ClientRetryTests): the slow answer outlasts the timeout by far.
        let timeouts = Timeouts(connect: .seconds(5), request: .seconds(5))
        try await Harness.run(timeouts: timeouts) { h in
            var texts: [String] = []
            h.server.setDefault("GET /v2/account", .fixture("account.json"))
            h.server.script("GET /v2/clock", [.reply(500, "{}"), .drop,
                                               .slow(.seconds(120), then: .fixture("clock.json"))])
            h.server.setDefault("GET /v2/clock", .fixture("clock.json"))
            // A misbehaving server that echoes the headers back in its error message.
            h.server.setDefault("GET /v2/positions",
                                .reply(401, #"{"code":40110000,"message":"bad key \#(Harness.keyID) / \#(Harness.secret)"}"#))
            h.server.setDefault("POST /v2/orders", .reply(503, "key=\(Harness.secret)"))

            _ = try await h.client.account()
            _ = try await h.client.clock()
            do { _ = try await h.client.positions() } catch { texts += ["\(error)", String(reflecting: error)] }
            do {
                _ = try await h.client.submitOrder(OrderRequest(symbol: "AAPL", side: .buy, amount: .qty("1")))
            } catch {
                texts += ["\(error)", error.localizedDescription]
            }
            texts.append(h.client.health.description)
            texts.append("\(h.client.configuration)")
            #expect(texts.count == 6)
            #expect(h.logs.lines.count > 10)
            #expect(texts.contains { $0.contains("<redacted>") })
            #expect(h.assertNoSecrets(in: texts))
        }
    }

    /// A broken server that puts the key headers into the values of a 200 answer: the
    /// decoding error names the field, never the value.
    @Test func aKeyEchoedInsideAFieldNeverReachesTheError() async throws {
        try await Harness.run { h in
            var account = try JSONSerialization.jsonObject(with: Fixtures.data("account.json")) as? [String: Any] ?? [:]
            account["cash"] = Harness.keyID
            var clock = try JSONSerialization.jsonObject(with: Fixtures.data("clock.json")) as? [String: Any] ?? [:]
            clock["timestamp"] = Harness.secret
            let body = { (object: [String: Any]) in String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) }
            h.server.setDefault("GET /v2/account", .reply(200, try body(account)))
            h.server.setDefault("GET /v2/clock", .reply(200, try body(clock)))
            var texts: [String] = []
            do { _ = try await h.client.account() } catch { texts += ["\(error)", String(reflecting: error)] }
            do { _ = try await h.client.clock() } catch { texts += ["\(error)", error.localizedDescription] }
            #expect(texts.count == 4)
            #expect(texts[0].contains("cash"), "the error still names the field: \(texts[0])")
            #expect(texts[2].contains("timestamp"), "the error still names the field: \(texts[2])")
            #expect(h.assertNoSecrets(in: texts))
        }
    }

    @Test func configurationErrorsNeverContainKeys() {
        let environment = ["APCA_API_KEY_ID": Harness.keyID, "APCA_API_SECRET_KEY": Harness.secret,
                           "APCA_API_BASE_URL": "https://api.alpaca.markets"]
        #expect {
            _ = try AlpacaConfiguration.fromEnvironment(environment, dotEnvPath: nil)
        } throws: { error in
            let text = "\(error) \(error.localizedDescription)"
            return text.contains("Live trading is not allowed") && !text.contains(Harness.secret)
                && !text.contains(Harness.keyID)
        }
    }
}
