import ArgumentParser
import Foundation

/// `--color auto|always|never`. `auto` colours only a terminal and honours `NO_COLOR`
/// (no-color.org); an explicit `always` or `never` wins over the environment.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never

    func enabled(environment: [String: String] = ProcessInfo.processInfo.environment,
                 isTerminal: Bool = Console.stdoutIsTerminal) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// `--color` used to be a flag: a bare `--color` (not followed by a choice) still means
    /// `always`, so scripts written for it keep working.
    static func normalize(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for (i, argument) in arguments.enumerated() {
            let next = i + 1 < arguments.count ? arguments[i + 1] : nil
            if argument == "--color", next.flatMap(ColorChoice.init(rawValue:)) == nil {
                out.append("--color=always")
            } else {
                out.append(argument)
            }
        }
        return out
    }
}
