import Foundation
import Testing

/// scripts/update.sh against a fake state folder: it must refuse while an order is in flight
/// (exit 3) or when the audit chain is broken (exit 4), and otherwise walk through every step in
/// a dry run, verifying the audit log for real with the built binary.
@Suite struct ScriptsUpdateTests {
    static let idle = #"{"broker_health":"ok","halted":false,"last_bar":"2024-12-31","mode":"paper","open_orders":0,"updated":"2025-01-02T15:04:05Z"}"#

    func update(state: URL, _ extra: [String] = []) async throws -> ScriptsSupport.Result {
        let arguments = ["--systemd", "--dry-run", "--no-pull", "--state", state.path,
                         "--algobot", try ScriptsSupport.algobotBinary(),
                         "--backup-dir", state.appendingPathComponent("backups").path] + extra
        return try await ScriptsSupport.runScript("update.sh", arguments)
    }

    @Test func proceedsInADryRunWhenIdleAndTheAuditVerifies() async throws {
        let state = try await ScriptsSupport.stateFolder(statusJSON: Self.idle)
        defer { try? FileManager.default.removeItem(at: state) }
        let before = try FileManager.default.contentsOfDirectory(atPath: state.path).sorted()
        let result = await try update(state: state)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("no order in flight"))
        #expect(result.stdout.contains("audit.jsonl: "), "the real verify output is shown")
        for step in ["build -c release --product algobot --static-swift-stdlib", "would run: true stop algobot.service", "would run: tar -C",
                     "audit verify", "audit reindex", "would run: true start algobot.service"] {
            #expect(result.stdout.contains(step), "missing step '\(step)' in:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("dry run: nothing was changed"))
        let after = try FileManager.default.contentsOfDirectory(atPath: state.path).sorted()
        #expect(before == after, "a dry run must not create backups or touch the state folder")
    }

    @Test(arguments: [
        #"{"open_orders":2,"mode":"paper"}"#,
        "{\n  \"mode\" : \"paper\",\n  \"open_orders\" : 1\n}\n",
        #"{"open_orders":0,"submitting":true}"#,
        #"{"in_flight":1,"open_orders":0}"#,
        #"{"in_flight":true,"mode":"paper"}"#,
        #"{"submitting":true}"#,
    ])
    func refusesWhileAnOrderIsInFlight(status: String) async throws {
        let state = try await ScriptsSupport.stateFolder(statusJSON: status)
        defer { try? FileManager.default.removeItem(at: state) }
        let result = await try update(state: state, ["--status-unknown-ok"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.stderr.contains("refusing to update while an order may be in flight"))
        #expect(!result.stdout.contains("would run:"), "nothing may be attempted after a refusal")
    }

    @Test(arguments: [nil, #"{"mode":"paper"}"#, #"{"open_orders":"two"}"#])
    func refusesWhenTheStatusIsUnknown(status: String?) async throws {
        let state = try await ScriptsSupport.stateFolder(statusJSON: status)
        defer { try? FileManager.default.removeItem(at: state) }
        let refused = await try update(state: state)
        #expect(refused.status == 3, "\(refused.output)")
        #expect(refused.stderr.contains("cannot tell whether an order is in flight"))
        let overridden = await try update(state: state, ["--status-unknown-ok"])
        #expect(overridden.status == 0, "\(overridden.output)")
    }

    @Test func refusesWhenTheAuditIsTampered() async throws {
        let state = try await ScriptsSupport.stateFolder(statusJSON: Self.idle)
        defer { try? FileManager.default.removeItem(at: state) }
        let audit = state.appendingPathComponent("audit.jsonl")
        var lines = try String(contentsOf: audit, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count > 3)
        // Change one character of a middle record; its hash no longer matches the next line's link.
        let target = lines.count / 2
        let original = String(lines[target])
        let edited = original.contains("\"mode\"") ? original.replacingOccurrences(of: "\"mode\"", with: "\"Mode\"")
            : original.replacingOccurrences(of: "1", with: "2")
        try #require(edited != original)
        lines[target] = Substring(edited)
        try lines.joined(separator: "\n").write(to: audit, atomically: true, encoding: .utf8)

        let result = await try update(state: state)
        #expect(result.status == 4, "\(result.output)")
        #expect(result.stderr.contains("does not verify"))
        #expect(!result.stdout.contains("would run:"), "nothing may be attempted after a refusal")
    }

    @Test func freshInstallWithoutStatusOrAuditProceeds() async throws {
        let state = try ScriptsSupport.temporaryDirectory(prefix: "empty-state")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = await try update(state: state)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("never traded here"))
    }

    @Test func dockerModeRefusesAnotherStateFolder() async throws {
        let result = try await ScriptsSupport.runScript("update.sh", ["--docker", "--dry-run", "--state", "/tmp/elsewhere"])
        #expect(result.status == 2, "\(result.output)")
    }
}
