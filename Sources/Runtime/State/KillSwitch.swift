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

    /// The halt in force, or nil when trading may go on. Anything at the `HALT` path halts,
    /// even what cannot be read (a link, a folder, bad JSON): when in doubt, do not trade.
    public func current() -> Halt? {
        guard StateFile.exists(state.halt) else { return nil }
        guard let data = try? StateFile.read(state.halt), let halt = try? JSONDecoder().decode(Halt.self, from: data) else {
            return Halt(by: "unknown", reason: "a HALT file is present in \(state.path)", at: "")
        }
        return halt
    }

    /// Halts trading, then records who and why in the audit log. The halt is in force first:
    /// when the record cannot be written (a damaged log is refused), it stays in force and
    /// `KillSwitchError.haltNotRecorded` says so.
    public func halt(by: String, reason: String?, wall: Date = WallClock.system.now) throws -> Halt {
        try state.create()
        let halt = Halt(by: by, reason: reason, at: MarketTime.utcText(wall))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try StateFile.write(try encoder.encode(halt), to: state.halt)
        do {
            try appendControl(ControlRecord(action: "halt", by: by, reason: reason), wall: wall)
        } catch {
            throw KillSwitchError.haltNotRecorded(haltFile: state.halt, cause: "\(error)")
        }
        return halt
    }

    /// Lifts a halt; returns false (and records nothing) when trading was not halted. The
    /// `resume` record is written first and `HALT` removed after it, so trading never goes on
    /// without a record; when the record cannot be written, trading stays halted.
    public func resume(by: String, reason: String?, wall: Date = WallClock.system.now) throws -> Bool {
        guard StateFile.exists(state.halt) else { return false }
        do {
            try appendControl(ControlRecord(action: "resume", by: by, reason: reason), wall: wall)
        } catch {
            throw KillSwitchError.resumeNotRecorded(haltFile: state.halt, cause: "\(error)")
        }
        do {
            try StateFile.remove(state.halt)
        } catch {
            throw KillSwitchError.haltNotLifted(haltFile: state.halt, cause: "\(error)")
        }
        return true
    }

    /// Asks the runner to take the broker's positions and cash as correct at its next
    /// reconciliation (after a mismatch an operator has looked into). Recorded first, like a
    /// resume: it lets trading go on.
    public func acceptBrokerState(by: String, reason: String, wall: Date = WallClock.system.now) throws {
        try state.create()
        do {
            try appendControl(ControlRecord(action: "accept_broker_state", by: by, reason: reason), wall: wall)
        } catch {
            throw KillSwitchError.acceptNotRecorded(file: state.acceptBrokerState, cause: "\(error)")
        }
        do {
            try StateFile.write(Data(reason.utf8), to: state.acceptBrokerState)
        } catch {
            throw KillSwitchError.acceptNotWritten(file: state.acceptBrokerState, cause: "\(error)")
        }
    }

    private func appendControl(_ record: ControlRecord, wall: Date) throws {
        let log = try AuditLog(path: state.audit)
        defer { try? log.close() }
        let text = MarketTime.utcText(wall)
        _ = try log.append(.control(record), at: text, wall: text)
    }
}
