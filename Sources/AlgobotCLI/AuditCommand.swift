import ArgumentParser
import Audit
import Foundation

/// Where the audit log lives unless a command is told otherwise.
enum DefaultPaths {
    static let audit = "state/audit.jsonl"
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check, index and export the hash-chained audit log.",
        subcommands: [AuditVerifyCommand.self, AuditReindexCommand.self, AuditExportCommand.self])
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain: exit 0 with a record count when intact, 1 naming the first bad line.")

    @Argument(help: "The audit log (JSONL).")
    var file = DefaultPaths.audit

    func run() throws {
        try Console.run {
            let result: VerifyResult
            do {
                result = try AuditVerifier.verify(path: file)
            } catch {
                throw CLIFailure("algobot audit verify: \(error)")
            }
            if result.ok {
                Console.out("\(file): \(result.message)\n")
            } else {
                throw CLIFailure("\(file): \(result.message)")
            }
        }
    }
}

struct AuditReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the SQLite index beside the log from the log itself.")

    @Argument(help: "The audit log (JSONL).")
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
        abstract: "Export records as CSV (one row per record) or JSONL (lines verbatim).")

    @Option(help: "csv or jsonl.")
    var format: AuditExportFormat = .csv

    @Option(help: "First day to include (YYYY-MM-DD).")
    var from: String?

    @Option(help: "Last day to include (YYYY-MM-DD).")
    var to: String?

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Argument(help: "The audit log (JSONL).")
    var file = DefaultPaths.audit

    func run() throws {
        try Console.run {
            do {
                let count = try AuditExporter.export(logPath: file, format: format, from: from, to: to, outputPath: out)
                if let out { Console.out("\(count) records written to \(out)\n") }
            } catch {
                throw CLIFailure("algobot audit export: \(error)")
            }
        }
    }
}

extension AuditExportFormat: ExpressibleByArgument {}
