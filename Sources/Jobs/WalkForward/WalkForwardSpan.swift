import Foundation
import Report
import Vocabulary

/// A span of the calendar as `algobot walkforward` takes it: `3y`, `18m` or `90d`. Years
/// and months move along the calendar (a month after January 31 is the last day of
/// February), so windows start on the same day of the year however long the months are.
public struct WalkForwardSpan: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case years = "y", months = "m", days = "d"
    }

    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// `option` names the flag in the message, e.g. `--train`.
    public init(parsing text: String, option: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last, let unit = Unit(rawValue: String(last)),
              let count = Int(trimmed.dropLast()), (1...10_000).contains(count) else {
            throw SweepError(message: "\(option) \(text): expected a number and y, m or d, e.g. \(option) 3y, \(option) 18m or \(option) 90d")
        }
        self.init(count: count, unit: unit)
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// The day `n` spans after `day` (before it when `n` is negative); days since 1970-01-01.
    func advanced(_ day: Int64, by n: Int = 1) -> Int64 {
        switch unit {
        case .days:
            return day + Int64(n * count)
        case .months, .years:
            let date = CivilDate(days: day)
            let months = Int64(date.month - 1) + Int64(n * (unit == .years ? 12 * count : count))
            let year = date.year + Int(CivilDate.floorDiv(months, 12)), month = Int(months - CivilDate.floorDiv(months, 12) * 12) + 1
            return CivilDate.days(year: year, month: month, day: min(date.day, CivilDate.daysIn(month: month, year: year)))
        }
    }
}
