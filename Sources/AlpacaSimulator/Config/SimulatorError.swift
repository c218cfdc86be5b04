import Foundation

/// Problems starting or configuring the simulator, in words a user can act on.
public enum SimulatorError: Error, Equatable, CustomStringConvertible {
    case noBars
    case mixedBarKinds(daily: [String], intraday: [String])
    case duplicateSymbol(String)
    case startOutOfRange(String)
    case invalidClock(String)
    case invalidFaultRule(index: Int, reason: String)
    case configUnreadable(path: String, reason: String)
    case configInvalid(path: String, reason: String)
    case alreadyRunning
    case bindFailed(String)

    public var description: String {
        switch self {
        case .noBars:
            return "the simulator has no bars to replay; load at least one symbol's CSV with bars in it"
        case .mixedBarKinds(let daily, let intraday):
            return "the simulator replays either daily or intraday bars, not both: daily \(daily.joined(separator: ", ")), "
                + "intraday \(intraday.joined(separator: ", ")); load one kind"
        case .duplicateSymbol(let symbol):
            return "symbol \(symbol) was loaded twice; give the simulator one series per symbol"
        case .startOutOfRange(let reason):
            return "clock start is outside the bars: \(reason)"
        case .invalidClock(let reason):
            return "clock configuration is invalid: \(reason)"
        case .invalidFaultRule(let index, let reason):
            return "fault rule #\(index + 1) is invalid: \(reason)"
        case .configUnreadable(let path, let reason):
            return "cannot read simulator config \(path): \(reason)"
        case .configInvalid(let path, let reason):
            return "simulator config \(path) is invalid: \(reason)"
        case .alreadyRunning:
            return "the simulator is already running; call stop() before starting it again"
        case .bindFailed(let reason):
            return "the simulator could not listen on 127.0.0.1: \(reason)"
        }
    }

    /// Turns a `DecodingError` into "key.path: what is wrong".
    static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.isEmpty ? "(top level)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type); \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required key is missing"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
