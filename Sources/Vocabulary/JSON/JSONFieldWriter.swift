/// JSON objects written field by field straight into a reused byte buffer, spelled exactly
/// as Foundation's `JSONEncoder` spells them with `[.sortedKeys, .withoutEscapingSlashes]`:
/// numbers as `description` gives them without a trailing `.0` (`48`, `0.30000000000000004`,
/// `1e-07`, `-0`), strings quoted as `JSONText.append(encoderQuoted:to:)` does, optionals
/// left out when nil, dictionaries in the UTF-8 order of their keys. The audit log's lines
/// are hashed into a chain, so they must stay the bytes the encoder wrote; writing them by
/// hand skips Codable's containers, boxes and key sorting on every record.
///
/// The caller writes each object's keys in sorted order (UTF-8 byte order) as static
/// strings that need no escaping; a test compares every record kind with `JSONEncoder`.
public struct JSONFieldWriter {
    public var bytes: [UInt8]

    /// A number JSON cannot hold (NaN, an infinity), which `JSONEncoder` refuses too.
    public struct NonFiniteNumber: Error, CustomStringConvertible {
        public let value: Double
        public var description: String { "\(value) cannot be written as a JSON number" }
    }

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    // The structure, keys and strings are inlinable: a record's writer (in `Audit`) makes
    // hundreds of these calls per line, and inlined they are a few stores each.

    @inlinable public mutating func openObject() { bytes.append(UInt8(ascii: "{")) }
    @inlinable public mutating func closeObject() { bytes.append(UInt8(ascii: "}")) }
    @inlinable public mutating func openArray() { bytes.append(UInt8(ascii: "[")) }
    @inlinable public mutating func closeArray() { bytes.append(UInt8(ascii: "]")) }

    /// `"key":`, after a comma unless it is the object's first key.
    @inlinable
    public mutating func key(_ key: StaticString) {
        separate(after: UInt8(ascii: "{"))
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A comma before an array's element, unless it is the first.
    @inlinable public mutating func element() { separate(after: UInt8(ascii: "[")) }

    @inlinable
    mutating func separate(after opening: UInt8) {
        if let last = bytes.last, last != opening { bytes.append(UInt8(ascii: ",")) }
    }

    // MARK: Values

    @inlinable public mutating func string(_ s: String) { JSONText.append(encoderQuoted: s, to: &bytes) }

    public mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }

    public mutating func null() { bytes.append(contentsOf: "null".utf8) }

    public mutating func integer<I: SignedInteger & FixedWidthInteger>(_ n: I) { ByteText.appendInteger(Int64(n), to: &bytes) }

    /// A finite number as the encoder writes it; throws for NaN and infinities.
    public mutating func number(_ x: Double) throws(NonFiniteNumber) {
        guard x.isFinite else { throw NonFiniteNumber(value: x) }
        // A whole number under 10^15 is its digits (`description` gives `24.0`, written `24`),
        // without making a String; -0 keeps its sign through `description` below.
        if x.magnitude < 1e15, x == x.rounded(.towardZero), x != 0 || x.sign == .plus {
            ByteText.appendInteger(Int64(x), to: &bytes)
            return
        }
        var text = x.description
        text.withUTF8 { utf8 in
            // `5.0` is written `5`, as the encoder trims it; `1e+16` has no `.0` to trim.
            let trimmed = utf8.count > 2 && utf8[utf8.count - 2] == UInt8(ascii: ".") && utf8[utf8.count - 1] == UInt8(ascii: "0")
            bytes.append(contentsOf: trimmed ? UnsafeBufferPointer(rebasing: utf8.dropLast(2)) : utf8)
        }
    }

    // MARK: Fields

    @inlinable
    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    @inlinable
    public mutating func field(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    @inlinable
    public mutating func field<R: RawRepresentable>(_ name: StaticString, _ value: R) where R.RawValue == String {
        field(name, value.rawValue)
    }

    @inlinable
    public mutating func field<R: RawRepresentable>(_ name: StaticString, _ value: R?) where R.RawValue == String {
        if let value { field(name, value.rawValue) }
    }

    @inlinable
    public mutating func field(_ name: StaticString, _ value: Double) throws(NonFiniteNumber) {
        key(name)
        try number(value)
    }

    @inlinable
    public mutating func field(_ name: StaticString, _ value: Double?) throws(NonFiniteNumber) {
        if let value { try field(name, value) }
    }

    public mutating func field<I: SignedInteger & FixedWidthInteger>(_ name: StaticString, integer value: I?) {
        guard let value else { return }
        key(name)
        integer(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    /// An array of strings.
    public mutating func field(_ name: StaticString, _ values: [String]?) {
        guard let values else { return }
        key(name)
        openArray()
        for value in values {
            element()
            string(value)
        }
        closeArray()
    }

    /// A dictionary as an object with its keys in UTF-8 order.
    public mutating func field(_ name: StaticString, _ values: [String: String]?) {
        guard let values else { return }
        key(name)
        object(values) { $0.string($1) }
    }

    public mutating func field(_ name: StaticString, _ values: [String: Double]?) throws(NonFiniteNumber) {
        guard let values else { return }
        key(name)
        try object(values) { w, x throws(NonFiniteNumber) in try w.number(x) }
    }

    private mutating func object<V, E: Error>(_ values: [String: V], _ write: (inout JSONFieldWriter, V) throws(E) -> Void) throws(E) {
        openObject()
        for (name, value) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            separate(after: UInt8(ascii: "{"))
            string(name)
            bytes.append(UInt8(ascii: ":"))
            try write(&self, value)
        }
        closeObject()
    }
}
