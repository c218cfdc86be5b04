import Audit
import Foundation

/// The policy `algobot approvals approve` re-checks an order with: the one the bot runs, as
/// the last `run_start` record in the audit log names it (file and SHA-256). The bot judges
/// the order again with that policy just before sending it, so an approval judged by any
/// other policy could promise "it will be sent" for an order the bot then blocks.
public enum RunningPolicy {
    /// Why the approval cannot be re-checked with the policy at hand. Nothing was approved.
    public struct Mismatch: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// The policy file to re-check with.
    /// - Parameters:
    ///   - given: `--policy`, if the operator passed one: accepted when its content is the
    ///     running policy's (a copy is fine), refused otherwise.
    ///   - running: the audit log's last `run_start` policy; nil when no run has started on
    ///     this state folder, and then `given ?? fallback` is used as it is.
    ///   - fallback: the policy to use when no run has started (the status file's or the default).
    /// - Throws: `Mismatch` naming both files and hashes; also when the running policy's file
    ///   has changed since the bot started (the bot still holds the old one in memory).
    public static func file(given: String?, running: FileRef?, fallback: String) throws -> String {
        guard let running else { return given ?? fallback }
        let bots = "\(running.file) (\(digest(running.sha256))), as its last run_start in the audit log says"
        if let given {
            let hash = FileDigest.sha256(path: given)
            let same = running.sha256.isEmpty ? standardized(given) == standardized(running.file) : hash == running.sha256
            guard same else {
                throw Mismatch(description: "--policy \(given) (\(digest(hash))) is not the policy the bot runs: \(bots). "
                    + "The bot re-checks an approved order with its own policy before sending it, so an approval judged by "
                    + "another one could not be kept. Nothing was approved. Leave out --policy, or restart the bot with "
                    + "\(given) first.")
            }
            return given
        }
        if !running.sha256.isEmpty {
            let now = FileDigest.sha256(path: running.file)
            guard now == running.sha256 else {
                throw Mismatch(description: "the bot runs \(bots), but the file has changed since (now \(digest(now))): the bot still "
                    + "judges with the policy it read at start. Nothing was approved. Put the file back as it was, or "
                    + "restart the bot so that it runs the new policy, then approve.")
            }
        }
        return running.file
    }

    /// `sha256 3f2a9c01b7de…`, or what is known instead.
    static func digest(_ hash: String?) -> String {
        guard let hash else { return "cannot be read" }
        return hash.isEmpty ? "hash not recorded" : "sha256 \(hash.prefix(12))…"
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
