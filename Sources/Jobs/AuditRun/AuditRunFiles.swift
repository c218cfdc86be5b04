import Audit
import RuleLanguage

/// The strategy and policy a recorded run used, read from the files its records name. Each
/// file must still have the SHA-256 the run recorded: the report judges every recorded
/// decision again with that policy, and another version would judge other orders.
struct AuditRunFiles {
    let strategy: CheckedStrategy
    let policy: CheckedPolicy

    init(records: AuditRunRecords, path: String) throws {
        // Every decision names the files that made it; the run starts name them too.
        let strategies = Self.distinct(records.runStarts.map(\.strategy) + records.decisions.map { $0.record.strategy })
        let policies = Self.distinct(records.runStarts.map(\.policy) + records.decisions.map { $0.record.policy })
        guard strategies.count == 1, policies.count == 1, let strategyRef = strategies.first, let policyRef = policies.first else {
            let versions = (strategies + policies).map { "\($0.file) (sha256 \($0.sha256.prefix(12))…)" }.joined(separator: ", ")
            throw AuditReportError(message: "\(path) holds runs of more than one strategy or policy version (\(versions)); "
                + "a report covers the runs of one strategy and one policy file as they were, so this log cannot be reported as one run "
                + "(keep one state folder per version: `algobot run --state DIR`)")
        }
        let linter = Linter()
        try Self.requireSame(strategyRef, kind: "strategy", log: path)
        try Self.requireSame(policyRef, kind: "policy", log: path)
        let file = linter.lint(file: strategyRef.file)
        guard let strategy = file.strategy else { throw RuleFileError(file: file) }
        self.strategy = strategy
        policy = try linter.policy(at: policyRef.file)
    }

    private static func distinct(_ refs: [FileRef]) -> [FileRef] {
        var seen: [FileRef] = []
        for ref in refs where !seen.contains(ref) { seen.append(ref) }
        return seen
    }

    private static func requireSame(_ ref: FileRef, kind: String, log: String) throws {
        guard let now = FileDigest.sha256(path: ref.file) else {
            throw AuditReportError(message: "the \(kind) file \(ref.file) that the run in \(log) used is not there (run the report "
                + "from the folder the run was started in, where its paths lead)")
        }
        guard now == ref.sha256 else {
            throw AuditReportError(message: "the \(kind) file \(ref.file) has changed since the run in \(log) used it (recorded "
                + "sha256 \(ref.sha256), now \(now)); the report judges each recorded decision again with the run's own files, so "
                + "put that version back (for example with git) and run the report again")
        }
    }
}
