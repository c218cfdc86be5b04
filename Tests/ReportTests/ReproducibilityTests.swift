import Foundation
import Report
import Testing

/// The same inputs give byte-identical reports and audit logs.
@Suite struct ReproducibilityTests {
    static let cases = [
        ReferenceCase(name: "CLI default (SMA SPY, rules/limits.yaml)", strategy: "strategies/sma.yaml", policy: "rules/limits.yaml"),
        ReferenceCase(name: "SPY+QQQ with costs", strategy: "Tests/Fixtures/reference/spy-qqq.yaml", policy: "rules/limits.yaml",
                      from: "2012-01-01", settings: .init(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5)),
    ]

    @Test(arguments: cases)
    func sameInputsSameBytes(_ c: ReferenceCase) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-repro-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try ReferenceHarness.engine(c, auditPath: folder + "/one/audit.jsonl")
        let second = try ReferenceHarness.engine(c, auditPath: folder + "/two/audit.jsonl")
        #expect(first.report.json() == second.report.json())
        #expect(first.report.text() == second.report.text())
        let one = try Data(contentsOf: URL(fileURLWithPath: folder + "/one/audit.jsonl"))
        let two = try Data(contentsOf: URL(fileURLWithPath: folder + "/two/audit.jsonl"))
        #expect(!one.isEmpty && one == two)
        #expect(first.auditRecords == second.auditRecords && first.auditRecords > 2)
    }
}
