import Foundation

/// `GET /v2/account`. Only what the bot relies on is required; everything else is optional
/// because Alpaca adds, deprecates and removes fields (the PDT fields go away in July 2026).
public struct Account: Codable, Sendable, Equatable {
    public var id: String
    public var accountNumber: String?
    /// `ACTIVE` normally; kept as text because the enum keeps growing.
    public var status: String
    public var currency: String?
    public var cash: DecimalString
    public var equity: DecimalString
    public var buyingPower: DecimalString
    public var lastEquity: DecimalString?
    public var portfolioValue: DecimalString?
    public var longMarketValue: DecimalString?
    public var shortMarketValue: DecimalString?
    public var initialMargin: DecimalString?
    public var maintenanceMargin: DecimalString?
    public var multiplier: DecimalString?
    public var nonMarginableBuyingPower: DecimalString?
    public var regtBuyingPower: DecimalString?
    public var tradingBlocked: Bool?
    public var transfersBlocked: Bool?
    public var accountBlocked: Bool?
    public var tradeSuspendedByUser: Bool?
    public var shortingEnabled: Bool?
    public var createdAt: Date?
    public var balanceAsof: String?
    /// Deprecated by Alpaca (sunset 2026-07-06): absent from newer responses.
    public var patternDayTrader: Bool?
    public var daytradeCount: Int?
    public var daytradingBuyingPower: DecimalString?

    enum CodingKeys: String, CodingKey {
        case id, status, currency, cash, equity, multiplier
        case accountNumber = "account_number"
        case buyingPower = "buying_power"
        case lastEquity = "last_equity"
        case portfolioValue = "portfolio_value"
        case longMarketValue = "long_market_value"
        case shortMarketValue = "short_market_value"
        case initialMargin = "initial_margin"
        case maintenanceMargin = "maintenance_margin"
        case nonMarginableBuyingPower = "non_marginable_buying_power"
        case regtBuyingPower = "regt_buying_power"
        case tradingBlocked = "trading_blocked"
        case transfersBlocked = "transfers_blocked"
        case accountBlocked = "account_blocked"
        case tradeSuspendedByUser = "trade_suspended_by_user"
        case shortingEnabled = "shorting_enabled"
        case createdAt = "created_at"
        case balanceAsof = "balance_asof"
        case patternDayTrader = "pattern_day_trader"
        case daytradeCount = "daytrade_count"
        case daytradingBuyingPower = "daytrading_buying_power"
    }

    /// True when the account may not place orders right now.
    public var isTradingBlocked: Bool {
        status != "ACTIVE" || tradingBlocked == true || accountBlocked == true || tradeSuspendedByUser == true
    }
}
