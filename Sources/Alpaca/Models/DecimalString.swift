import Foundation

/// A decimal exactly as Alpaca sends it on the trading API: a JSON string such as
/// `"122011.09751111286868"`. The text is kept verbatim and parsed into a `Decimal`, so no
/// precision is lost on the way through; `doubleValue` is for arithmetic in the engine.
public struct DecimalString: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The text as received (or as built from a `Decimal`).
    public let text: String
    public let decimal: Decimal

    /// Accepts plain decimal notation: optional sign, digits, optional fraction.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard DecimalString.isPlainDecimal(trimmed),
              let decimal = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self.text = trimmed
        self.decimal = decimal
    }

    public init(_ decimal: Decimal) {
        self.decimal = decimal
        self.text = decimal.description
    }

    public init(_ value: Int) {
        self.init(Decimal(value))
    }

    /// A `Double` from the engine, rounded to `fractionDigits` places (Alpaca takes up to 9 for
    /// quantities, 2 for prices of $1 and more). Trailing zeros are dropped: 2.50 becomes "2.5".
    /// Nil for NaN or infinity.
    public init?(_ value: Double, fractionDigits: Int) {
        guard value.isFinite else { return nil }
        var text = String(format: "%.\(min(max(0, fractionDigits), 12))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        self.init(text)
    }

    public var doubleValue: Double {
        Double(text) ?? NSDecimalNumber(decimal: decimal).doubleValue
    }

    public var description: String { text }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = DecimalString(text) else {
                // The value is not quoted back: a broken server may put anything there, a key
                // it was sent included. The field's path says where to look.
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected a decimal number in a string (the \(text.count) characters received are not shown)")
            }
            self = value
        } else {
            // The API documents strings, but tolerate a plain JSON number (e.g. from a simulator).
            self.init(try container.decode(Decimal.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public static func == (lhs: DecimalString, rhs: DecimalString) -> Bool { lhs.decimal == rhs.decimal }
    public func hash(into hasher: inout Hasher) { hasher.combine(decimal) }
    public static func < (lhs: DecimalString, rhs: DecimalString) -> Bool { lhs.decimal < rhs.decimal }

    private static func isPlainDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return false }
        let isDigits: (Substring.UnicodeScalarView.SubSequence) -> Bool = { part in
            part.allSatisfy { $0.value >= 48 && $0.value <= 57 }
        }
        guard isDigits(whole) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && isDigits(parts[1]))
    }
}
