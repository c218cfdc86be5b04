/// An inclusive range of calendar days (days since 1970-01-01) for the `from`/`to` filters;
/// either end may be open. For intraday bars the day is the bar's local date.
struct DayRange: Sendable {
    var from: Int64?
    var to: Int64?

    static let all = DayRange(from: nil, to: nil)

    @inline(__always)
    func contains(_ day: Int64) -> Bool {
        (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
    }

    var isAll: Bool { from == nil && to == nil }

    /// Parses the user's `YYYY-MM-DD` texts; `file` names the data source in messages.
    init(from: String?, to: String?, file: String) throws {
        func parse(_ text: String?, _ name: String) throws -> Int64? {
            guard let text else { return nil }
            guard let day = TimeParser.day(text: text) else {
                throw DataError(kind: .badFilter, file: file, message: "the \(name) date \"\(text)\" is not a valid date",
                                fix: "write it as YYYY-MM-DD, for example 2020-03-02")
            }
            return day
        }
        self.from = try parse(from, "from")
        self.to = try parse(to, "to")
        if let f = self.from, let t = self.to, f > t {
            throw DataError(kind: .badFilter, file: file, message: "the from date \(from!) is after the to date \(to!)",
                            fix: "swap the two dates")
        }
    }

    init(from: Int64?, to: Int64?) {
        self.from = from
        self.to = to
    }
}
