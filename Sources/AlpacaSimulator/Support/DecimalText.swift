import Foundation
import Vocabulary

/// Exact decimal arithmetic for money and quantities. Alpaca sends decimals as strings "to
/// preserve full precision"; doing the simulator's bookkeeping in `Decimal` keeps cash and
/// positions exact to the cent instead of drifting with binary floating point.
enum DecimalText {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Parses `12`, `-3.5`, `0.000000001`. Rejects exponents, blanks and anything else.
    static func parse(_ text: String) -> Decimal? {
        var digits = 0
        var dots = 0
        for (index, character) in text.enumerated() {
            if character == "-" && index == 0 { continue }
            if character == "." { dots += 1; continue }
            guard character.isASCII, character.isNumber else { return nil }
            digits += 1
        }
        guard digits > 0, dots <= 1, text.last != "." else { return nil }
        return Decimal(string: text, locale: posix)
    }

    /// A JSON request value: a string holding a decimal or a JSON number.
    static func parse(_ value: JSONValue) -> Decimal? {
        switch value {
        case .string(let text): return parse(text)
        case .int(let number): return Decimal(number)
        case .number(let number): return fromDouble(number)
        default: return nil
        }
    }

    /// Converts a bar price through its shortest text, so 174.78 stays 174.78 and not 174.78000000000001.
    static func fromDouble(_ value: Double) -> Decimal {
        guard value.isFinite else { return 0 }
        let text = JSONValue.numberText(value)
        return parse(text) ?? Decimal(value)
    }

    static func text(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, posix)
    }

    static func rounded(_ value: Decimal, scale: Int, mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, mode)
        return output
    }

    /// Number of digits after the decimal point as written (`1.50` → 2).
    static func scale(of value: Decimal) -> Int {
        max(0, -Int(value.exponent))
    }

    static func double(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }
}

extension JSONValue {
    /// Alpaca's decimals travel as strings (`"qty": "2.5"`), null when absent.
    static func decimal(_ value: Decimal) -> JSONValue { .string(DecimalText.text(value)) }
    static func decimal(_ value: Decimal?) -> JSONValue { value.map { .decimal($0) } ?? .null }
}
