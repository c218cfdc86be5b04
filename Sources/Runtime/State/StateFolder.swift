import Foundation

/// The files a live run keeps in its state folder (`state/` by default). The audit log and
/// the approval queue are the memory that survives restarts; the rest is operator surface.
public struct StateFolder: Sendable, Equatable {
    public let path: String
    private let auditPath: String?
    private let barsPath: String?

    /// - Parameters:
    ///   - audit, bars: where the audit log and the bar store are when not in the folder itself.
    public init(_ path: String = "state", audit: String? = nil, bars: String? = nil) {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        auditPath = audit
        barsPath = bars
    }

    /// The hash-chained audit log.
    public var audit: String { auditPath ?? file("audit.jsonl") }
    /// Orders waiting for a person (SQLite).
    public var approvals: String { file("approvals.sqlite") }
    /// One small JSON file describing the running bot (`algobot status`, `scripts/update.sh`).
    public var status: String { file("status.json") }
    /// Present while trading is halted (`algobot halt`).
    public var halt: String { file("HALT") }
    /// Present when an operator asked the runner to take the broker's holdings as correct.
    public var acceptBrokerState: String { file("ACCEPT_BROKER_STATE") }
    /// Bars the running bot keeps current (same store as `algobot data fetch`).
    public var bars: String { barsPath ?? file("bars.sqlite") }

    public func file(_ name: String) -> String { path.isEmpty ? name : path + "/" + name }

    /// Creates the folder if needed, readable by its owner only (0700): it holds the audit
    /// trail and every decision. An existing folder keeps its mode.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw RuntimeError.stateFolder(path, "cannot create it (\(error.localizedDescription))")
        }
    }
}
