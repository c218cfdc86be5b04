import Foundation
import Testing
@testable import AlpacaSimulator
import Vocabulary

/// A web page in a browser on the same machine must not be able to drive the simulator:
/// `/sim/*` needs the simulator's test keys (custom headers a page cannot send cross-origin
/// without a preflight the simulator never grants), and every request must be addressed to a
/// loopback name (a page that rebinds its own host name to 127.0.0.1 still sends its own name).
@Suite struct ControlSurfaceTests {
    @Test func controlRoutesNeedTheTestKeys() async throws {
        try await withSimulator() { sim async throws in
            let before = sim.simulator.state().barIndex
            #expect(try await sim.get("/sim/state", auth: false).status == 401)
            #expect(try await sim.get("/sim/faults", auth: false).status == 401)
            #expect(try await sim.post("/sim/advance", ["bars": 3], auth: false).status == 401)
            #expect(try await sim.post("/sim/faults", ["rules": [["kind": "dropConnection"]]], auth: false).status == 401)
            #expect(try await sim.post("/sim/reset", [String: Any](), auth: false).status == 401)
            var wrong = sim
            wrong.secret = "not-the-secret"
            let refused = try await wrong.post("/sim/advance", ["bars": 3])
            #expect(refused.status == 401)
            #expect(refused["code"] == .int(40110000))
            #expect(sim.simulator.state().barIndex == before, "a refused request moved the clock")
            #expect(sim.simulator.faultPlan.rules.isEmpty)
            #expect(try await sim.post("/sim/advance", ["bars": 1]).status == 200)
            #expect(sim.simulator.state().barIndex == before + 1)
        }
    }

    @Test(arguments: ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil.example", "localhost.",
                      "10.0.0.1", "[::ffff:127.0.0.1]", "2130706433"])
    func requestsForAnotherHostAreRefused(_ host: String) async throws {
        try await withSimulator() { sim async throws in
            let before = sim.simulator.state().barIndex
            for (method, path) in [("POST", "/sim/advance"), ("GET", "/sim/state"), ("GET", "/v2/account")] {
                let reply = try await sim.send(method == "POST" ? .POST : .GET, path, body: method == "POST" ? Data("{}".utf8) : nil,
                                               auth: true, timeout: SimHTTP.patience, headers: [("Host", host)])
                #expect(reply.status == 403, "\(method) \(path) with Host: \(host)")
                #expect(String(decoding: reply.data, as: UTF8.self).contains("loopback"))
            }
            #expect(sim.simulator.state().barIndex == before)
        }
    }

    @Test func loopbackHostNamesAreAnswered() async throws {
        try await withSimulator() { sim async throws in
            for host in ["127.0.0.1", "127.0.0.1:\(sim.port)", "localhost:\(sim.port)", "LOCALHOST", "[::1]:\(sim.port)", "[::1]"] {
                let reply = try await sim.send(.GET, "/v2/account", body: nil, auth: true, timeout: SimHTTP.patience, headers: [("Host", host)])
                #expect(reply.status == 200, "Host: \(host)")
            }
        }
    }

    @Test(arguments: [("127.0.0.1:8765", true), ("localhost", true), ("LocalHost:80", true), ("[::1]:1", true), ("[::1]", true),
                      ("[::1", false), ("127.0.0.1:", false), ("127.0.0.1:http", false), ("127.0.0.1:123456", false),
                      ("evil.example", false), ("127.0.0.2", false), ("::1", false), ("", false), (nil, false)] as [(String?, Bool)])
    func hostHeaderRule(_ host: String?, _ allowed: Bool) {
        #expect(LoopbackHost.accepts(host) == allowed)
    }
}
