import Foundation
import Vocabulary

/// A validated `POST /v2/orders` body. Validation follows Alpaca's rules and messages (API.md
/// §2.3 and Alpaca's "Understand Orders" page); the prices, trails and legs are read in
/// `OrderRequest+Prices.swift`. Multi-leg option orders (`mleg`) are refused with a 422 that says so.
struct OrderRequest: Sendable {
    let symbol: String
    let side: SimOrder.Side
    let kind: SimOrder.Kind
    let timeInForce: String
    let qty: Decimal?
    let notional: Decimal?
    var limitPrice: Decimal?
    let extendedHours: Bool
    let clientOrderID: String?
    var stopPrice: Decimal?
    var trailPercent: Decimal?
    var trailPrice: Decimal?
    /// `""` (simple), `bracket`, `oto` or `oco`.
    var orderClass = ""
    var takeProfitLimit: Decimal?
    var stopLossStop: Decimal?
    var stopLossLimit: Decimal?

    static let timesInForce: Set<String> = ["day", "gtc", "opg", "cls", "ioc", "fok"]
    static let orderClasses: Set<String> = ["", "simple", "bracket", "oto", "oco"]
    static let maxClientOrderIDLength = 128

    static func parse(_ body: JSONValue?, knownSymbols: Set<String>) -> Result<OrderRequest, APIError> {
        guard let f = body, case .object = f else { return .failure(.badBody) }
        guard let symbol = f["symbol"]?.stringValue, !symbol.isEmpty else { return .failure(.invalid("symbol is required")) }
        guard let sideText = f["side"]?.stringValue else { return .failure(.invalid("side is required")) }
        guard let side = SimOrder.Side(rawValue: sideText) else { return .failure(.invalid("invalid side: \(sideText)")) }
        guard let typeText = f["type"]?.stringValue else { return .failure(.invalid("type is required")) }
        guard let kind = SimOrder.Kind(rawValue: typeText) else { return .failure(.invalid("invalid order type: \(typeText)")) }
        guard let tif = f["time_in_force"]?.stringValue else { return .failure(.invalid("time_in_force is required")) }
        guard timesInForce.contains(tif) else { return .failure(.invalid("invalid time_in_force: \(tif)")) }
        let orderClass = value(f, "order_class")?.stringValue ?? ""
        if orderClass == "mleg" { return .failure(.invalid("order_class \"mleg\" (options) is not supported by the simulator")) }
        guard orderClasses.contains(orderClass) else { return .failure(.invalid("invalid order_class: \(orderClass)")) }
        let simple = orderClass == "" || orderClass == "simple"

        let qtyValue = value(f, "qty")
        let notionalValue = value(f, "notional")
        switch (qtyValue, notionalValue) {
        case (nil, nil): return .failure(.qtyOrNotionalRequired)
        case (.some, .some): return .failure(.qtyAndNotional)
        default: break
        }
        var qty: Decimal?
        var notional: Decimal?
        if let qtyValue {
            guard let value = DecimalText.parse(qtyValue) else { return .failure(.invalid("invalid qty")) }
            guard value > 0 else { return .failure(.invalid("qty must be > 0")) }
            guard DecimalText.scale(of: value) <= 9 else { return .failure(.invalid("qty must have at most 9 decimal places")) }
            qty = value
        }
        if let notionalValue {
            guard let value = DecimalText.parse(notionalValue) else { return .failure(.invalid("invalid notional")) }
            guard value > 0 else { return .failure(.invalid("notional must be > 0")) }
            guard DecimalText.scale(of: value) <= 2 else { return .failure(.invalid("notional must have at most 2 decimal places")) }
            guard kind == .market else { return .failure(.invalid("notional orders must be market orders")) }
            notional = value
        }
        let fractional = notional != nil || (qty.map { $0 != DecimalText.rounded($0, scale: 0, mode: .down) } ?? false)
        if fractional {
            if !simple { return .failure(.invalid("fractional orders are not supported for \(orderClass) orders")) }
            if kind != .market && kind != .limit { return .failure(.invalid("fractional orders must be market or limit orders")) }
            if tif != "day" { return .failure(.invalid("fractional orders must be DAY orders")) }
        }

        var extendedHours = false
        if case .bool(let flag)? = f["extended_hours"] { extendedHours = flag }
        if extendedHours && !(kind == .limit && (tif == "day" || tif == "gtc") && simple) {
            return .failure(.invalid("extended hours orders must be limit orders with time_in_force day or gtc"))
        }

        var clientOrderID: String?
        if let value = f["client_order_id"], value != .null {
            guard let text = value.stringValue else { return .failure(.invalid("client_order_id must be a string")) }
            guard text.count <= maxClientOrderIDLength else {
                return .failure(.invalid("client_order_id must be no more than \(maxClientOrderIDLength) characters"))
            }
            if !text.isEmpty { clientOrderID = text }
        }

        var request = OrderRequest(symbol: symbol, side: side, kind: kind, timeInForce: tif, qty: qty, notional: notional,
                                   limitPrice: nil, extendedHours: extendedHours, clientOrderID: clientOrderID)
        request.orderClass = simple ? "" : orderClass
        return request.readingPrices(f).flatMap { request in
            guard knownSymbols.contains(symbol) else { return .failure(.invalid("asset \"\(symbol)\" not found")) }
            return .success(request)
        }
    }

    /// A request field, nil when absent or JSON null.
    static func value(_ fields: JSONValue, _ key: String) -> JSONValue? {
        fields[key].flatMap { $0 == .null ? nil : $0 }
    }
}
