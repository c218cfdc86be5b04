import Foundation
import Vocabulary

/// `GET /v2/account`: a cash account (multiplier 1) computed from cash and the positions marked
/// at the current bar's close. Numbers are decimal strings, as Alpaca sends them.
enum AccountView {
    static let deprecatedFields: Set<String> = ["pattern_day_trader", "daytrade_count", "daytrading_buying_power", "bod_dtbp"]

    static func json(_ exchange: SimExchange) -> JSONValue {
        let long = exchange.longMarketValue
        let short = exchange.shortMarketValue
        let equity = exchange.cash + long + short
        let buyingPower = exchange.buyingPower
        let created = exchange.timeline.stepEnd(0) * TimeText.microsPerSecond - 86400 * TimeText.microsPerSecond
        var fields: [String: JSONValue] = [
            "id": .string(exchange.accountID),
            "account_number": .string("PA" + exchange.accountID.replacingOccurrences(of: "-", with: "").prefix(10).uppercased()),
            "status": .string("ACTIVE"),
            "crypto_status": .string("INACTIVE"),
            "crypto_tier": .int(0),
            "currency": .string("USD"),
            "cash": .decimal(exchange.cash),
            "buying_power": .decimal(buyingPower),
            "regt_buying_power": .decimal(buyingPower),
            "effective_buying_power": .decimal(buyingPower),
            "non_marginable_buying_power": .decimal(buyingPower),
            "options_buying_power": .decimal(buyingPower),
            "equity": .decimal(equity),
            "last_equity": .decimal(exchange.lastEquity),
            "portfolio_value": .decimal(equity),
            "long_market_value": .decimal(long),
            "short_market_value": .decimal(short),
            "position_market_value": .decimal(long - short),
            "initial_margin": .string("0"),
            "maintenance_margin": .string("0"),
            "last_maintenance_margin": .string("0"),
            "sma": .string("0"),
            "multiplier": .string("1"),
            "accrued_fees": .string("0"),
            "intraday_adjustments": .string("0"),
            "pending_reg_taf_fees": .string("0"),
            "pending_transfer_in": .string("0"),
            "trading_blocked": .bool(false),
            "transfers_blocked": .bool(false),
            "account_blocked": .bool(false),
            "trade_suspended_by_user": .bool(false),
            "shorting_enabled": .bool(exchange.config.shortingEnabled),
            "options_trading_level": .int(0),
            "created_at": .string(TimeText.utc(created)),
            "balance_asof": .string(ISOTimestamp.dateText(day: exchange.balanceAsOf)),
            "admin_configurations": .object([:]),
            "user_configurations": .null,
        ]
        if exchange.config.includeDeprecatedAccountFields {
            fields["pattern_day_trader"] = .bool(false)
            fields["daytrade_count"] = .int(0)
            fields["daytrading_buying_power"] = .string("0")
            fields["bod_dtbp"] = .int(0)
        }
        return .object(fields)
    }
}
