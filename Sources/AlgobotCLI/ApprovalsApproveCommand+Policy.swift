import Audit
import Foundation
import Jobs
import Runtime

/// Which policy `approvals approve` re-checks with: the running bot's (see `RunningPolicy`).
extension ApprovalsApproveCommand {
    /// The policy file to load, or a failure that says which policy the bot runs and which
    /// was given; nothing is approved then.
    func botPolicyFile(folder: StateFolder, status: RunStatus?) throws -> String {
        let running: FileRef?
        do {
            running = try AuditLedger.load(path: folder.audit).runningPolicy
        } catch {
            throw CLIFailure("algobot approvals approve: cannot read the audit log \(folder.audit) to find the policy the "
                + "bot runs (\(error)). Nothing was approved.")
        }
        do {
            return try RunningPolicy.file(given: policy, running: running, fallback: status?.policy ?? DefaultPaths.policy)
        } catch let mismatch as RunningPolicy.Mismatch {
            throw CLIFailure("algobot approvals approve: \(mismatch.description)")
        }
    }
}
