import Vocabulary

/// The symbol and date-range errors of `BarLoader`, with did-you-mean suggestions.
extension BarLoader {
    static func checkWanted(_ wanted: [String]?, available: [String], source: String) throws {
        for symbol in wanted ?? [] where !available.contains(symbol) {
            let shown = available.count > 30 ? available.prefix(30).joined(separator: ", ") + ", ... (\(available.count - 30) more)"
                                             : available.joined(separator: ", ")
            var message = "unknown symbol \(symbol); the data has \(shown)"
            if let close = Suggestions.closest(to: symbol, in: available) { message += "; did you mean \(close)?" }
            throw DataError(kind: .unknownSymbol, file: source, message: message,
                            fix: "ask for symbols the data has, or add \(symbol)'s bars to it")
        }
    }

    static func noBars(symbol: String, file: String, days: DayRange, first: (seconds: Int64, offset: Int32)?,
                       last: (seconds: Int64, offset: Int32)?) -> DataError {
        func dayText(_ day: Int64?) -> String? { day.map { ISOTimestamp.dateText(day: $0) } }
        let range = "from \(dayText(days.from) ?? "the start") to \(dayText(days.to) ?? "the end")"
        var message = "\(symbol) has no bars \(range)"
        if let first, let last {
            let a = ISOTimestamp.dateText(utc: first.seconds + Int64(first.offset))
            let b = ISOTimestamp.dateText(utc: last.seconds + Int64(last.offset))
            message += "; its data covers \(a) to \(b)"
        }
        return DataError(kind: .noBarsInRange, file: file, message: message,
                         fix: "choose dates inside the data's range, or leave \(symbol) out")
    }
}
