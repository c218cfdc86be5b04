import ArgumentParser
import Audit
import Foundation
import Jobs
import RuleLanguage

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check, index and export the hash-chained audit log.",
        subcommands: [AuditVerifyCommand.self, AuditReindexCommand.self, AuditExportCommand.self])
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain, compare the log's end with its index, and print its head.",
        discussion: """
        Exit status: 0 the chain is intact and agrees with the index (without an index, a warning says the end \
        of the log could not be cross-checked); 1 a bad line, named, or the log does not hold the head given \
        with --expect-head; 3 the chain is intact but the index beside the log cannot be read (keep it as \
        evidence, move it aside, then `algobot audit reindex`). On success it prints the head (`head SEQ:HASH`): \
        keep it elsewhere, and pass it to --expect-head later to detect a log rewritten end to end. \
        See RUNBOOK.md, "Damaged audit log".
        """)

    /// The exit status when the chain is intact but the index cannot be read.
    static let unreadableIndexStatus: Int32 = 3

    @Option(help: ArgumentHelp(
        "A head you kept: SEQ:HASH (the log must still hold record SEQ with that hash; records after it are fine) "
            + "or HASH alone (the log's last record must have it).",
        valueName: "head"))
    var expectHead: HeadExpectation?

    @Option(help: "Output format: text, or json (one object with the verdict, the head and the findings; the exit status is the same).")
    var format: DiagnosticRenderer.Format = .text

    @Argument(help: "The audit log (JSONL).", completion: PathCompletion.auditLog)
    var file = DefaultPaths.audit

    func run() throws {
        try Console.run {
            let result: VerifyResult
            do {
                result = try AuditVerifier.verify(path: file, expectHead: expectHead)
            } catch {
                throw CLIFailure("algobot audit verify: \(error)")
            }
            if format == .json {
                Console.out(VerifyJSON(file: file, result: result).value.serialized() + "\n")
                if !result.ok { throw ExitCode(VerifyJSON.exitStatus(result)) }
                return
            }
            guard result.problem == nil else { throw CLIFailure("\(file): \(result.message)") }
            for warning in result.warnings { Console.error("warning: \(file): \(warning)") }
            var failures: [String] = []
            if let check = result.headCheck, !check.matches, let text = result.headCheckText { failures.append(text) }
            if let finding = result.indexFinding { failures.append(finding) }
            guard failures.isEmpty else {
                throw CLIFailure(failures.map { "\(file): \($0)" }.joined(separator: "\n"), code: VerifyJSON.exitStatus(result))
            }
            Console.out("\(file): \(result.message)\n")
            if let text = result.headCheckText { Console.out("\(file): \(text)\n") }
            if let head = result.headLine { Console.out("\(file): \(head)\n") }
        }
    }
}

extension HeadExpectation: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

struct AuditReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the SQLite index beside the log from the log itself.")

    @Argument(help: "The audit log (JSONL).", completion: PathCompletion.auditLog)
    var file = DefaultPaths.audit

    func run() throws {
        try Console.run {
            do {
                let index = try AuditIndex.rebuild(logPath: file)
                Console.out("\(file): index rebuilt (\(try index.count()) records) at \(AuditIndex.defaultPath(forLog: file))\n")
            } catch {
                throw CLIFailure("algobot audit reindex: \(error)")
            }
        }
    }
}

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export records as CSV (one row per record) or JSONL (lines verbatim).",
        discussion: """
        It also prints the head of the log it read (`head SEQ:HASH`, the last record whatever --from/--to \
        select): after the count with --out, on standard error otherwise, so the exported data stays \
        unchanged. Keep it with the copy; `algobot audit verify --expect-head SEQ:HASH` checks the log against it.
        """)

    @Option(help: "csv or jsonl.")
    var format: AuditExportFormat = .csv

    @Option(help: ArgumentHelp("First day to include (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last day to include (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: PathCompletion.anyFile)
    var out: String?

    @Argument(help: "The audit log (JSONL).", completion: PathCompletion.auditLog)
    var file = DefaultPaths.audit

    func run() throws {
        try Console.run {
            do {
                let summary = try AuditExporter.export(logPath: file, format: format, from: from, to: to, outputPath: out)
                if let out {
                    Console.out("\(summary.records) records written to \(out)\n\(file): head \(summary.head.text)\n")
                } else {
                    Console.error("\(file): head \(summary.head.text)")
                }
            } catch {
                throw CLIFailure("algobot audit export: \(error)")
            }
        }
    }
}

extension AuditExportFormat: ExpressibleByArgument {}
