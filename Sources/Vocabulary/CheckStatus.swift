/// One check's verdict on one order: it passed, it failed (and asks for its outcome), or it
/// could not be evaluated (a figure it needs is unknown), which blocks: fail closed.
public enum CheckStatus: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case pass, fail, error

    /// 0, 1, 2: the status in one byte (the engine's compact decision records).
    @inlinable public var byte: UInt8 {
        switch self {
        case .pass: return 0
        case .fail: return 1
        case .error: return 2
        }
    }

    @inlinable public init?(byte: UInt8) {
        switch byte {
        case 0: self = .pass
        case 1: self = .fail
        case 2: self = .error
        default: return nil
        }
    }

    /// What a check with this status asks for, given what its failure asks for.
    @inlinable public func outcome(onFailure: Outcome) -> Outcome {
        switch self {
        case .pass: return .allow
        case .fail: return onFailure
        case .error: return .block
        }
    }

    /// The word of records: `pass`, `fail`, `error`.
    public var description: String { rawValue }
}
