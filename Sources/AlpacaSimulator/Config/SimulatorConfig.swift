import Foundation

/// Everything that shapes one simulator run. Decodes from JSON with every key optional, so a
/// config file only names what differs from a fresh $100,000 paper account.
public struct SimulatorConfig: Codable, Sendable, Equatable {
    /// Port on 127.0.0.1; 0 picks a free one (`start()` returns it).
    public var port: Int
    /// The key pair the server accepts in `APCA-API-KEY-ID` / `APCA-API-SECRET-KEY`.
    public var apiKeyID: String
    public var apiSecretKey: String
    /// Starting cash in dollars (a decimal string such as `"100000"` or a JSON number).
    public var startingCash: Decimal
    public var clock: ClockConfig
    /// Requests per minute per key; 0 turns the limit off.
    public var rateLimitPerMinute: Int
    public var faults: FaultPlan
    /// Seeds order ids, account id and asset ids.
    public var seed: UInt64
    /// Selling more than you hold opens a short instead of a 403.
    public var shortingEnabled: Bool
    /// Adds the deprecated pattern-day-trader fields to `GET /v2/account` (Alpaca removed them in 2026).
    public var includeDeprecatedAccountFields: Bool

    public static let defaultKeyID = "PKSIMULATOR0000000000"
    public static let defaultSecretKey = "simulator-secret-key-0000000000000000000"

    public init(port: Int = 0, apiKeyID: String = SimulatorConfig.defaultKeyID,
                apiSecretKey: String = SimulatorConfig.defaultSecretKey, startingCash: Decimal = 100_000,
                clock: ClockConfig = ClockConfig(), rateLimitPerMinute: Int = 200, faults: FaultPlan = FaultPlan(),
                seed: UInt64 = 1, shortingEnabled: Bool = false, includeDeprecatedAccountFields: Bool = false) {
        self.port = port
        self.apiKeyID = apiKeyID
        self.apiSecretKey = apiSecretKey
        self.startingCash = startingCash
        self.clock = clock
        self.rateLimitPerMinute = rateLimitPerMinute
        self.faults = faults
        self.seed = seed
        self.shortingEnabled = shortingEnabled
        self.includeDeprecatedAccountFields = includeDeprecatedAccountFields
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SimulatorConfig()
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        apiKeyID = try c.decodeIfPresent(String.self, forKey: .apiKeyID) ?? defaults.apiKeyID
        apiSecretKey = try c.decodeIfPresent(String.self, forKey: .apiSecretKey) ?? defaults.apiSecretKey
        if let text = try? c.decodeIfPresent(String.self, forKey: .startingCash) {
            guard let value = DecimalText.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .startingCash, in: c,
                    debugDescription: "startingCash '\(text)' is not a decimal number; write it like \"100000\"")
            }
            startingCash = value
        } else {
            startingCash = try c.decodeIfPresent(Decimal.self, forKey: .startingCash) ?? defaults.startingCash
        }
        clock = try c.decodeIfPresent(ClockConfig.self, forKey: .clock) ?? defaults.clock
        rateLimitPerMinute = try c.decodeIfPresent(Int.self, forKey: .rateLimitPerMinute) ?? defaults.rateLimitPerMinute
        faults = try c.decodeIfPresent(FaultPlan.self, forKey: .faults) ?? defaults.faults
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        shortingEnabled = try c.decodeIfPresent(Bool.self, forKey: .shortingEnabled) ?? defaults.shortingEnabled
        includeDeprecatedAccountFields = try c.decodeIfPresent(Bool.self, forKey: .includeDeprecatedAccountFields)
            ?? defaults.includeDeprecatedAccountFields
    }

    /// Reads a JSON config file; errors name the file and the key that is wrong.
    public static func load(contentsOf url: URL) throws -> SimulatorConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SimulatorError.configUnreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(SimulatorConfig.self, from: data)
        } catch {
            throw SimulatorError.configInvalid(path: url.path, reason: SimulatorError.describe(error))
        }
    }
}

extension SimulatorConfig: CustomStringConvertible {
    /// Everything but the secret key, so a config can be logged.
    public var description: String {
        "SimulatorConfig(port: \(port), apiKeyID: \(apiKeyID), apiSecretKey: <redacted>, startingCash: \(startingCash), "
            + "clock: \(clock.mode.rawValue) from \(clock.startDate ?? "bar \(clock.startIndex)"), "
            + "rateLimitPerMinute: \(rateLimitPerMinute), faultRules: \(faults.rules.count), seed: \(seed))"
    }
}

/// How simulated time moves over the bars.
public struct ClockConfig: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable {
        /// Time moves only on `advance(bars:)` or `POST /sim/advance`: fully deterministic.
        case manual
        /// `barsPerSecond` bars per wall-clock second, plus any manual advances.
        case accelerated
    }

    public var mode: Mode
    public var barsPerSecond: Double
    /// Index of the first current bar in the merged timeline (bars before it are history the
    /// strategy can warm up on). Ignored when `startDate` is set.
    public var startIndex: Int
    /// `YYYY-MM-DD`: start at the first bar on or after this New York date.
    public var startDate: String?

    public init(mode: Mode = .manual, barsPerSecond: Double = 1, startIndex: Int = 0, startDate: String? = nil) {
        self.mode = mode
        self.barsPerSecond = barsPerSecond
        self.startIndex = startIndex
        self.startDate = startDate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(Mode.self, forKey: .mode) ?? .manual
        barsPerSecond = try c.decodeIfPresent(Double.self, forKey: .barsPerSecond) ?? 1
        startIndex = try c.decodeIfPresent(Int.self, forKey: .startIndex) ?? 0
        startDate = try c.decodeIfPresent(String.self, forKey: .startDate)
    }
}
