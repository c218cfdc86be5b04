import Foundation

/// The coders for Alpaca payloads: RFC 3339 dates with any fraction length, sorted keys on
/// output. Models declare their snake_case keys themselves, so no key strategy is needed.
public enum AlpacaJSON {
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                // Not quoted back, like every value from the server (see `DecimalString`).
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected an RFC 3339 timestamp (the \(text.count) characters received are not shown)")
            }
            return date
        }
        return decoder
    }

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.formatPrecise(date))
        }
        return encoder
    }
}

/// Alpaca's error body: `{"code": 40010001, "message": "..."}`. Either key may be missing
/// (`{"message":"forbidden."}`), and some 403s add context keys, which are ignored.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var code: Int?
    public var message: String?

    public init(code: Int? = nil, message: String? = nil) {
        self.code = code
        self.message = message
    }
}

/// One entry of the 207 body of `DELETE /v2/orders`.
public struct CancelResult: Codable, Sendable, Equatable {
    public var id: String
    /// The HTTP status of this one cancellation (200 accepted, 404, 500...).
    public var status: Int
    public var body: ErrorBody?

    public init(id: String, status: Int, body: ErrorBody? = nil) {
        self.id = id
        self.status = status
        self.body = body
    }

    public var succeeded: Bool { (200..<300).contains(status) }
}
