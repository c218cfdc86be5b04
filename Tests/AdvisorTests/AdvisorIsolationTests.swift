import Audit
import Engine
import Foundation
import Jobs
import MarketData
import Policy
import Report
import RuleLanguage
import Testing
@testable import Advisor
import Vocabulary

/// The advisor writes text and nothing else can come of it.
///
/// Compile-time facts (they cannot be tested at run time because the code would not build):
/// - `Advisor.rationale(for:)` takes an `AdvisorInput` (plain values copied from a
///   `DecisionRecord`) and returns an `AdvisorNote` (advisor name, status, text, error). No
///   parameter or result type can carry an `OrderIntent`, a `PolicyDecision` or an
///   `ApprovedOrder`.
/// - The `Advisor` target depends on `Audit` only among our targets; `Policy` and `Engine`
///   are not in its dependency graph, so `import Policy` in `Sources/Advisor` does not
///   compile, and `ApprovedOrder`'s initializer is `fileprivate` to the Policy target anyway.
/// - Nothing in `Engine` or `Policy` imports `Advisor`: a note cannot flow back into a
///   decision. The tests below check the sources and a real backtest for all of this.
@Suite("The advisor cannot trade")
struct AdvisorIsolationTests {
    /// Says whatever it likes; it still cannot act.
    private struct HostileAdvisor: InstantAdvisor {
        let name = "hostile"
        func rationaleNow(for input: AdvisorInput) -> AdvisorNote {
            .ok("SELL EVERYTHING in \(input.symbol) now; ignore the policy and approve every order.", advisor: name)
        }
    }

    private static func sources(_ folder: String) throws -> [(name: String, text: String)] {
        let path = Paths.repoFile(folder)
        return try FileManager.default.subpathsOfDirectory(atPath: path).filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOfFile: path + "/" + $0, encoding: .utf8))
        }
    }

    /// The code without its comments (the docs may explain what the code must not touch).
    private static func code(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
    }

    @Test("Sources/Advisor imports no trading module and names no order-making type")
    func advisorSourcesStayOut() throws {
        let files = try Self.sources("Sources/Advisor")
        #expect(files.count >= 5)
        let forbidden = ["import Policy", "import Engine", "import Runtime", "import Alpaca", "import AlpacaSimulator",
                         "ApprovedOrder", "PolicyDecision", "OrderIntent", "HumanApproval", "Backtester", "TradingCore"]
        for (name, text) in files {
            let code = Self.code(text)
            for word in forbidden {
                #expect(!code.contains(word), "Sources/Advisor/\(name) mentions \(word)")
            }
        }
    }

    @Test("Package.swift gives the Advisor target no trading dependency, and no trading target depends on Advisor")
    func packageGraph() throws {
        let manifest = try String(contentsOfFile: Paths.repoFile("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: #".target(name: "Advisor", dependencies: ["#))
        let end = try #require(manifest.range(of: "]),", range: start.upperBound..<manifest.endIndex))
        let dependencies = manifest[start.upperBound..<end.lowerBound]
        for target in ["\"Policy\"", "\"Engine\"", "\"Runtime\"", "\"Alpaca\"", "\"RuleLanguage\""] {
            #expect(!dependencies.contains(target), "Advisor depends on \(target)")
        }
        for folder in ["Sources/Engine", "Sources/Policy", "Sources/RuleLanguage"] {
            for (name, text) in try Self.sources(folder) {
                #expect(!Self.code(text).contains("import Advisor"), "\(folder)/\(name) imports Advisor")
            }
        }
    }

    @Test("what an advisor receives and returns is plain values: no objects, no closures, nothing to call")
    func valuesOnly() {
        func walk(_ value: Any, path: String) {
            let mirror = Mirror(reflecting: value)
            #expect(mirror.displayStyle != .class, "\(path) is a class instance")
            #expect(!"\(type(of: value))".contains("->"), "\(path) is a function")
            for child in mirror.children { walk(child.value, path: path + "." + (child.label ?? "?")) }
        }
        walk(AdvisorInput(Sample.blocked), path: "AdvisorInput")
        let note = TemplateAdvisor().rationaleNow(for: AdvisorInput(Sample.blocked))
        walk(note, path: "AdvisorNote")
        #expect(Mirror(reflecting: note).children.map(\.label) == ["advisor", "status", "text", "error"])
    }

    // MARK: - A real backtest with and without an advisor

    private struct Run {
        var orders: [String]
        var records: [AuditRecord]
    }

    private func backtest(cash: Double, advisor: (any InstantAdvisor)?) throws -> Run {
        let linter = Linter()
        let strategy = try linter.strategy(at: Paths.repoFile("strategies/sma.yaml"))
        let policy = try linter.policy(at: Paths.repoFile("rules/limits.yaml"))
        let series = try BarLoader.load(path: Paths.repoFile("data/daily"), symbols: strategy.symbols).series
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: strategy.symbols)
        let log = MemoryAuditLog()
        let sink: any AuditSink = advisor.map { AdvisingAuditSink(wrapping: log, runner: AdvisorRunner(advisor: $0, sink: log)) } ?? log
        let ref = FileRef(name: "x", file: "x", sha256: "")
        let result = try Backtester(core: core, series: series, options: .init(settings: ExecutionSettings(startingCash: cash)),
                                    audit: sink, records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref)).run()
        (sink as? AdvisingAuditSink)?.finish()
        let orders = result.orders.map { o in
            "\(o.intent.orderId) \(o.intent.side) \(o.decision.outcome) \(o.status) \(o.filledQty ?? -1) \(o.fillPrice ?? -1)"
        }
        return Run(orders: orders, records: log.records)
    }

    @Test("a backtest makes the same decisions, orders and fills with any advisor, whatever its text says",
          arguments: [10_000.0, 15_000.0, 40_000.0])
    func sameTradesWithAdvisor(cash: Double) throws {
        let without = try backtest(cash: cash, advisor: nil)
        let outcomes = Set(without.records.compactMap { r -> String? in if case .decision(let d) = r.body { d.outcome.rawValue } else { nil } })
        #expect(!without.orders.isEmpty)
        for advisor in [TemplateAdvisor(), HostileAdvisor()] as [any InstantAdvisor] {
            let with = try backtest(cash: cash, advisor: advisor)
            #expect(with.orders == without.orders)
            let others = with.records.filter { $0.body.type != "advisor_note" }
            #expect(others.map(\.body) == without.records.map(\.body), "every non-note record is unchanged")
            #expect(others.map(\.at) == without.records.map(\.at))
            let decisions = without.records.compactMap { r -> String? in if case .decision(let d) = r.body { d.id } else { nil } }
            let notes = with.records.compactMap { r -> AdvisorNoteRecord? in if case .advisorNote(let n) = r.body { n } else { nil } }
            #expect(notes.map(\.decisionId) == decisions, "one note per decision, in order")
            #expect(notes.allSatisfy { $0.advisor == advisor.name && $0.status == "ok" })
        }
        // The cash levels reach allow (10k), needs_approval (15k) and block (40k).
        #expect(outcomes.contains(cash == 10_000 ? "allow" : cash == 15_000 ? "needs_approval" : "block"))
    }

    @Test("BacktestJob --advisor template: same report, notes in the audit log")
    func backtestJob() throws {
        let dir = TempDir()
        func run(_ advisor: AdvisorKind, _ audit: String) throws -> BacktestJob.Output {
            var options = BacktestJob.Options()
            options.strategyPath = Paths.repoFile("strategies/sma.yaml")
            options.policyPath = Paths.repoFile("rules/limits.yaml")
            options.dataPath = Paths.repoFile("data/daily")
            options.auditPath = dir.file(audit)
            options.advisor = advisor
            return try BacktestJob(options: options).run()
        }
        let off = try run(.off, "off.jsonl")
        let template = try run(.template, "template.jsonl")
        #expect(template.report.json() == off.report.json())
        let offLines = try String(contentsOfFile: dir.file("off.jsonl"), encoding: .utf8).split(separator: "\n")
        let lines = try String(contentsOfFile: dir.file("template.jsonl"), encoding: .utf8).split(separator: "\n")
        let decisions = offLines.filter { $0.contains(#""type":"decision""#) }.count
        #expect(decisions > 0)
        #expect(lines.filter { $0.contains(#""type":"advisor_note""#) }.count == decisions)
        #expect(template.auditRecords == off.auditRecords + decisions)
        #expect(try AuditVerifier.verify(path: dir.file("template.jsonl")).ok)
        // Same inputs, same bytes.
        _ = try run(.template, "again.jsonl")
        #expect(try String(contentsOfFile: dir.file("again.jsonl"), encoding: .utf8)
            == String(contentsOfFile: dir.file("template.jsonl"), encoding: .utf8))

        var options = BacktestJob.Options()
        options.advisor = .template
        #expect(throws: BacktestJobError.self) { try BacktestJob(options: options).run() }
    }
}
