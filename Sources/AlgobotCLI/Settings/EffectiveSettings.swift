import Alpaca
import Foundation
import Jobs
import RuleLanguage

/// Every run setting with the value in force and where it came from.
/// Precedence: command-line flag > environment > settings file (`algobot.yaml`) > default.
struct EffectiveSettings {
    enum Source: Equatable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(String)
        case dotEnv(String)
        case defaultValue

        var description: String {
            switch self {
            case .flag(let name): return "flag \(name)"
            case .environment(let name): return "environment \(name)"
            case .dotEnv(let name): return ".env \(name)"
            case .file(let location): return location
            case .defaultValue: return "default"
            }
        }
    }

    struct Entry {
        let key: String
        let value: String?
        let source: Source
        let secret: Bool

        /// What `config show` prints: secrets are never shown, only whether they are set, and
        /// a URL's user name and password are masked (`https://***@host`).
        var shown: String {
            guard let value else { return "(not set)" }
            return secret ? "(set, hidden)" : URLUserInfo.masked(value)
        }
    }

    /// Setting key → (environment variable, default value).
    static let known: [(key: String, env: String?, fallback: String?)] = [
        ("mode", "ALGOBOT_MODE", "sim"), ("broker", "ALGOBOT_BROKER", "sim"),
        ("strategy_file", "ALGOBOT_STRATEGY", DefaultPaths.strategy), ("policy_file", "ALGOBOT_POLICY", DefaultPaths.policy),
        ("symbols", "ALGOBOT_SYMBOLS", nil), ("data", "ALGOBOT_DATA", DefaultPaths.data), ("state", "ALGOBOT_STATE", "state"),
        ("audit", "ALGOBOT_AUDIT", nil), ("bar_store", "ALGOBOT_BAR_STORE", nil),
        ("replay.data", nil, nil), ("replay.speed", "ALGOBOT_REPLAY_SPEED", "20"),
        ("log.format", "ALGOBOT_LOG_FORMAT", "text"), ("log.level", "ALGOBOT_LOG_LEVEL", "info"),
        ("approvals.expire_after_minutes", nil, nil),
        ("advisor.kind", "ALGOBOT_ADVISOR", "off"), ("advisor.base_url", "LLM_BASE_URL", nil),
        ("advisor.model", "LLM_MODEL", nil), ("advisor.timeout_seconds", nil, "5"),
        ("backtest.cash", nil, "10000"), ("backtest.benchmark", nil, "SPY"),
        ("backtest.commission_per_share", nil, "0"), ("backtest.commission_minimum", nil, "0"),
        ("backtest.commission_percent", nil, "0"), ("backtest.slippage_bps", nil, "0"),
        ("backtest.borrow_fee_pct", nil, "0"),
        ("alpaca.base_url", "APCA_API_BASE_URL", "https://paper-api.alpaca.markets"),
    ]

    /// Credentials: read from the environment or `.env` only, never shown.
    static let secrets = ["APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "LLM_API_KEY"]

    let entries: [Entry]
    let configFile: String?
    /// The settings file's `notify:` entries (URLs from the environment are resolved by `NotifySetup`).
    var notify: [CheckedConfig.NotifyEntry] = []

    /// - Parameters:
    ///   - flags: values given on the command line, by setting key.
    ///   - environment: the process environment; `.env` fills what it lacks.
    static func resolve(flags: [String: String], environment: [String: String], dotEnv: [String: String],
                        config: CheckedConfig?) -> EffectiveSettings {
        var entries: [Entry] = []
        for (key, env, fallback) in known {
            if let value = flags[key] {
                entries.append(Entry(key: key, value: value, source: .flag("--" + key.replacingOccurrences(of: "_", with: "-")), secret: false))
            } else if let env, let value = environment[env] {
                entries.append(Entry(key: key, value: value, source: .environment(env), secret: false))
            } else if let env, let value = dotEnv[env] {
                entries.append(Entry(key: key, value: value, source: .dotEnv(env), secret: false))
            } else if key == "symbols", let symbols = config?.symbols {
                entries.append(Entry(key: key, value: symbols.value.joined(separator: ","), source: .file(symbols.location), secret: false))
            } else if let value = config?.text(key) {
                entries.append(Entry(key: key, value: value.value, source: .file(value.location), secret: false))
            } else {
                entries.append(Entry(key: key, value: derivedDefault(key, entries) ?? fallback, source: .defaultValue, secret: false))
            }
        }
        for name in secrets {
            if let value = environment[name] {
                entries.append(Entry(key: name, value: value, source: .environment(name), secret: true))
            } else if let value = dotEnv[name] {
                entries.append(Entry(key: name, value: value, source: .dotEnv(name), secret: true))
            } else {
                entries.append(Entry(key: name, value: nil, source: .defaultValue, secret: true))
            }
        }
        return EffectiveSettings(entries: entries, configFile: config?.file, notify: config?.notify ?? [])
    }

    /// Paths inside the state folder follow the state folder unless set themselves.
    private static func derivedDefault(_ key: String, _ so_far: [Entry]) -> String? {
        let state = so_far.first { $0.key == "state" }?.value ?? "state"
        switch key {
        case "audit": return state + "/audit.jsonl"
        case "bar_store": return state + "/bars.sqlite"
        case "replay.data": return so_far.first { $0.key == "data" }?.value
        default: return nil
        }
    }

    subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

    /// Loads `.env` (if present) and the settings file: `--config`, else `ALGOBOT_CONFIG`,
    /// else `algobot.yaml` when it exists. A broken settings file is an error, never ignored.
    static func load(configPath: String?, flags: [String: String],
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EffectiveSettings {
        let dotEnv = FileManager.default.fileExists(atPath: ".env") ? try DotEnv.load(path: ".env") : [:]
        let path = configPath ?? environment["ALGOBOT_CONFIG"] ?? (FileManager.default.fileExists(atPath: "algobot.yaml") ? "algobot.yaml" : nil)
        let config = try path.map { try Linter().config(at: $0) }
        return resolve(flags: flags, environment: environment, dotEnv: dotEnv, config: config)
    }
}
