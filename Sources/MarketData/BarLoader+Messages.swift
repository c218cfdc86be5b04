/// The symbol and date-range errors of `BarLoader`, with did-you-mean suggestions.
extension BarLoader {
    static func checkWanted(_ wanted: [String]?, available: [String], source: String) throws {
        for symbol in wanted ?? [] where !available.contains(symbol) {
            let shown = available.count > 30 ? available.prefix(30).joined(separator: ", ") + ", ... (\(available.count - 30) more)"
                                             : available.joined(separator: ", ")
            var message = "unknown symbol \(symbol); the data has \(shown)"
            if let close = closest(to: symbol, in: available) { message += "; did you mean \(close)?" }
            throw DataError(kind: .unknownSymbol, file: source, message: message,
                            fix: "ask for symbols the data has, or add \(symbol)'s bars to it")
        }
    }

    static func noBars(symbol: String, file: String, days: DayRange, first: (seconds: Int64, offset: Int32)?,
                       last: (seconds: Int64, offset: Int32)?) -> DataError {
        func dayText(_ day: Int64?) -> String? { day.map { BarTime.dateText($0 * 86400) } }
        let range = "from \(dayText(days.from) ?? "the start") to \(dayText(days.to) ?? "the end")"
        var message = "\(symbol) has no bars \(range)"
        if let first, let last {
            let a = BarTime.dateText(first.seconds + Int64(first.offset)), b = BarTime.dateText(last.seconds + Int64(last.offset))
            message += "; its data covers \(a) to \(b)"
        }
        return DataError(kind: .noBarsInRange, file: file, message: message,
                         fix: "choose dates inside the data's range, or leave \(symbol) out")
    }

    /// The available symbol nearest to `symbol` by edit distance, if it is near enough to be a typo.
    static func closest(to symbol: String, in available: [String]) -> String? {
        let target = Array(symbol)
        var best: (distance: Int, symbol: String)? = nil
        for candidate in available {
            let d = editDistance(target, Array(candidate))
            if d <= max(1, min(2, target.count / 2)), d < (best?.distance ?? .max) { best = (d, candidate) }
        }
        return best?.symbol
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
