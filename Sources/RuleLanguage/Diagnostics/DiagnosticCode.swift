/// A stable identifier for a kind of finding (`E012`, `W003`). Codes never change meaning
/// once released; every one is documented in `docs/errors.md` and covered by a fixture in
/// `Tests/Fixtures/lint/`.
public struct DiagnosticCode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public var defaultSeverity: Severity { rawValue.hasPrefix("W") ? .warning : .error }
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // MARK: Files and YAML (E00x)
    public static let yamlSyntax = DiagnosticCode("E001")
    public static let tabIndentation = DiagnosticCode("E002")
    public static let duplicateKey = DiagnosticCode("E003")
    public static let aliasNotAllowed = DiagnosticCode("E004")
    public static let notUTF8 = DiagnosticCode("E005")
    public static let emptyFile = DiagnosticCode("E006")
    public static let notAMapping = DiagnosticCode("E007")
    public static let unknownFileKind = DiagnosticCode("E008")
    public static let unreadableFile = DiagnosticCode("E009")

    // MARK: Schema (E01x)
    public static let unknownKey = DiagnosticCode("E010")
    public static let missingKey = DiagnosticCode("E011")
    public static let wrongType = DiagnosticCode("E012")
    public static let valueNotAllowed = DiagnosticCode("E013")
    public static let outOfRange = DiagnosticCode("E014")
    public static let badFormat = DiagnosticCode("E015")
    public static let badListLength = DiagnosticCode("E016")
    public static let exactlyOneOf = DiagnosticCode("E017")
    public static let schemaViolation = DiagnosticCode("E018")

    // MARK: Expressions (E02x)
    public static let expressionSyntax = DiagnosticCode("E020")
    public static let unknownFunction = DiagnosticCode("E021")
    public static let unknownName = DiagnosticCode("E022")
    public static let wrongArgumentCount = DiagnosticCode("E023")
    public static let typeMismatch = DiagnosticCode("E024")
    public static let badPeriod = DiagnosticCode("E025")
    public static let badHistoryIndex = DiagnosticCode("E026")
    public static let notAvailableHere = DiagnosticCode("E027")

    // MARK: Meaning (E03x)
    public static let duplicateRuleID = DiagnosticCode("E030")
    public static let sizeMismatch = DiagnosticCode("E031")
    public static let paramShadowsName = DiagnosticCode("E032")
    public static let lookbackTooLong = DiagnosticCode("E033")
    public static let divisionByZero = DiagnosticCode("E034")
    public static let secretInFile = DiagnosticCode("E035")
    public static let missingReferencedFile = DiagnosticCode("E036")
    public static let orderPricesMismatch = DiagnosticCode("E037")
    public static let exitsOnSell = DiagnosticCode("E038")

    // MARK: Bars (E04x)
    public static let intradayOnly = DiagnosticCode("E040")
    public static let fractionalShort = DiagnosticCode("E041")

    // MARK: Warnings (W0xx)
    public static let unusedParam = DiagnosticCode("W001")
    public static let ruleNeverFires = DiagnosticCode("W002")
    public static let unreachableLimit = DiagnosticCode("W003")
    public static let leveragedSize = DiagnosticCode("W004")
    public static let unknownSymbol = DiagnosticCode("W005")
    public static let ruleAlwaysFires = DiagnosticCode("W006")
    public static let averagesCrossedBackwards = DiagnosticCode("W007")
    public static let buysAboveEquity = DiagnosticCode("W008")
    public static let nothingToSell = DiagnosticCode("W009")
    public static let takeProfitBelowStop = DiagnosticCode("W010")
    public static let entryValueInBuy = DiagnosticCode("W011")
    public static let timeOfDayOnDailyBars = DiagnosticCode("W012")

    /// Every code with a one-line title, in order. Tests check that each has a section in
    /// `docs/errors.md` and a fixture with its expected diagnostic.
    public static let catalog: [(code: DiagnosticCode, title: String)] = [
        (yamlSyntax, "YAML syntax error"),
        (tabIndentation, "tab used for indentation"),
        (duplicateKey, "duplicate key"),
        (aliasNotAllowed, "anchors and aliases are not allowed"),
        (notUTF8, "file is not UTF-8 text"),
        (emptyFile, "file is empty"),
        (notAMapping, "top level is not a mapping"),
        (unknownFileKind, "cannot tell what kind of file this is"),
        (unreadableFile, "file cannot be read"),
        (unknownKey, "unknown key"),
        (missingKey, "missing required key"),
        (wrongType, "wrong kind of value"),
        (valueNotAllowed, "value is not one of the allowed values"),
        (outOfRange, "number out of range"),
        (badFormat, "text does not have the expected form"),
        (badListLength, "list too short, too long or with repeats"),
        (exactlyOneOf, "exactly one of several keys is required"),
        (schemaViolation, "value does not match the schema"),
        (expressionSyntax, "expression syntax error"),
        (unknownFunction, "unknown function"),
        (unknownName, "unknown name"),
        (wrongArgumentCount, "wrong number of arguments"),
        (typeMismatch, "type mismatch"),
        (badPeriod, "period must be a whole number known before the run"),
        (badHistoryIndex, "history index must be a whole number known before the run"),
        (notAvailableHere, "name not available in this kind of file"),
        (duplicateRuleID, "duplicate rule id"),
        (sizeMismatch, "size does not fit the action"),
        (paramShadowsName, "parameter hides a built-in name"),
        (lookbackTooLong, "warm-up longer than allowed"),
        (divisionByZero, "division by zero"),
        (secretInFile, "a secret written in a YAML file"),
        (missingReferencedFile, "a file named in the settings does not exist"),
        (orderPricesMismatch, "order settings do not fit the order type"),
        (exitsOnSell, "exits on a rule that does not buy"),
        (intradayOnly, "value needs intraday bars"),
        (fractionalShort, "fractional shares on a short"),
        (unusedParam, "parameter is never used"),
        (ruleNeverFires, "rule can never fire"),
        (unreachableLimit, "a limit makes another unreachable"),
        (leveragedSize, "size above 100% of equity"),
        (unknownSymbol, "symbol has no bundled data"),
        (ruleAlwaysFires, "rule fires on every bar"),
        (averagesCrossedBackwards, "averages crossed the wrong way round"),
        (buysAboveEquity, "buys add up to more than the account"),
        (nothingToSell, "sell rule with nothing to sell"),
        (takeProfitBelowStop, "take profit at or below the stop loss"),
        (entryValueInBuy, "buy rule reads a value that needs a position"),
        (timeOfDayOnDailyBars, "time of day on daily bars"),
    ]
}
