/// The bar fields a run may do without. A loader told to keep only some of them leaves the
/// others' arrays empty (`BarSeries.high`, `.low`, `.volume`): a million bars hold 8 MB per
/// field nobody reads. Times, opens and closes are always kept (every run fills at opens
/// and marks at closes).
public struct BarFields: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let high = BarFields(rawValue: 1 << 0)
    public static let low = BarFields(rawValue: 1 << 1)
    public static let volume = BarFields(rawValue: 1 << 2)
    public static let all: BarFields = [.high, .low, .volume]
}
