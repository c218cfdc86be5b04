/// A bars `timeframe` parameter (`1Min`, `15T`, `1Hour`, `2H`, `1Day`, `1D`) and how it maps onto
/// the bars being replayed: the native bar length or a whole multiple of it, or one day.
struct BarTimeframe: Equatable, Sendable {
    enum Unit: String, Sendable { case minute = "M", hour = "H", day = "D" }

    let amount: Int
    let unit: Unit

    /// Length in seconds for minute and hour frames; nil for days (a day is a New York date).
    var seconds: Int64? {
        switch unit {
        case .minute: return Int64(amount) * 60
        case .hour: return Int64(amount) * 3600
        case .day: return nil
        }
    }

    static func parse(_ text: String) -> Result<BarTimeframe, APIError> {
        let digits = text.prefix { $0.isNumber }
        let suffix = String(text.dropFirst(digits.count))
        guard let amount = Int(digits), amount > 0 else { return .failure(.badRequest("invalid timeframe: \(text)")) }
        switch suffix {
        case "Min", "T":
            guard amount <= 59 else { return .failure(.badRequest("invalid timeframe: \(text)")) }
            return .success(BarTimeframe(amount: amount, unit: .minute))
        case "Hour", "H":
            guard amount <= 23 else { return .failure(.badRequest("invalid timeframe: \(text)")) }
            return .success(BarTimeframe(amount: amount, unit: .hour))
        case "Day", "D":
            guard amount == 1 else { return .failure(.badRequest("invalid timeframe: \(text)")) }
            return .success(BarTimeframe(amount: 1, unit: .day))
        case "Week", "W", "Month", "M":
            return .failure(.badRequest("timeframe \(text) is not supported by the simulator; use minutes, hours or 1Day"))
        default:
            return .failure(.badRequest("invalid timeframe: \(text)"))
        }
    }

    /// Whether the replayed bars can produce this timeframe, or the reason they cannot.
    func problem(for timeline: SimTimeline) -> String? {
        if timeline.isDaily {
            return unit == .day ? nil : "the simulator replays daily bars; ask for timeframe=1Day"
        }
        guard let seconds else { return nil }
        if seconds < timeline.barSeconds || seconds % timeline.barSeconds != 0 {
            return "the simulator replays \(timeline.barSeconds / 60)-minute bars; ask for a whole multiple of that"
        }
        return nil
    }

    /// Whether bars come out exactly as stored (no aggregation).
    func isNative(for timeline: SimTimeline) -> Bool {
        timeline.isDaily || seconds == timeline.barSeconds
    }
}
