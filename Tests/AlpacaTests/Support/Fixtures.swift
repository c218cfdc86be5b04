import Alpaca
import Foundation

/// The Alpaca fixtures copied from shared/alpaca/fixtures, found relative to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // AlpacaTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/alpaca")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// The body of one scenario in errors.json, re-serialised as the server would send it.
    static func errorBody(_ scenario: String) throws -> (status: Int, body: String) {
        let all = try JSONSerialization.jsonObject(with: data("errors.json")) as! [String: Any]
        let entry = all[scenario] as! [String: Any]
        let body = try JSONSerialization.data(withJSONObject: entry["body"]!, options: [.sortedKeys])
        return (entry["http_status"] as! Int, String(decoding: body, as: UTF8.self))
    }
}

/// Literals such as `.qty("2")` in tests. Kept out of the library on purpose: with the
/// conformance, `DecimalString("1e5")` would be a literal that crashes instead of returning nil.
extension DecimalString: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = DecimalString.parse(value)!
    }

    /// Parses text at run time (never a literal coercion).
    static func parse(_ text: String) -> DecimalString? {
        DecimalString(text)
    }
}
