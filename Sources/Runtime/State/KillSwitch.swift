import Audit
import Foundation

/// The operator's kill switch: a `HALT` file in the state folder. While it exists the runner
/// sends no new order (it checks before every decision and every approved order). A file that
/// cannot be read still halts: when in doubt, do not trade.
public struct KillSwitch: Sendable {
    public struct Halt: Codable, Sendable, Equatable {
        public var by: String
        public var reason: String?
        /// Wall time (UTC) of the halt.
        public var at: String
    }

    public let state: StateFolder

    public init(state: StateFolder) {
        self.state = state
    }

    /// The halt in force, or nil when trading may go on.
    public func current() -> Halt? {
        guard FileManager.default.fileExists(atPath: state.halt) else { return nil }
        guard let data = FileManager.default.contents(atPath: state.halt),
              let halt = try? JSONDecoder().decode(Halt.self, from: data) else {
            return Halt(by: "unknown", reason: "a HALT file is present in \(state.path)", at: "")
        }
        return halt
    }

    /// Halts trading and records who and why in the audit log.
    public func halt(by: String, reason: String?, wall: Date = Date()) throws -> Halt {
        try state.create()
        let halt = Halt(by: by, reason: reason, at: MarketTime.utcText(wall))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(halt), to: state.halt)
        try appendControl(ControlRecord(action: "halt", by: by, reason: reason), wall: wall)
        return halt
    }

    /// Lifts a halt; returns false (and records nothing) when trading was not halted.
    public func resume(by: String, reason: String?, wall: Date = Date()) throws -> Bool {
        guard FileManager.default.fileExists(atPath: state.halt) else { return false }
        try FileManager.default.removeItem(atPath: state.halt)
        try appendControl(ControlRecord(action: "resume", by: by, reason: reason), wall: wall)
        return true
    }

    /// Asks the runner to take the broker's positions and cash as correct at its next
    /// reconciliation (after a mismatch an operator has looked into).
    public func acceptBrokerState(by: String, reason: String, wall: Date = Date()) throws {
        try state.create()
        try AtomicFile.write(Data(reason.utf8), to: state.acceptBrokerState)
        try appendControl(ControlRecord(action: "accept_broker_state", by: by, reason: reason), wall: wall)
    }

    private func appendControl(_ record: ControlRecord, wall: Date) throws {
        let log = try AuditLog(path: state.audit)
        defer { try? log.close() }
        let text = MarketTime.utcText(wall)
        _ = try log.append(.control(record), at: text, wall: text)
    }
}

/// Writes a file whole or not at all (temporary file, then rename).
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw RuntimeError.stateFolder((path as NSString).deletingLastPathComponent, "cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw RuntimeError.stateFolder((path as NSString).deletingLastPathComponent, "cannot replace \(path)")
        }
    }
}
