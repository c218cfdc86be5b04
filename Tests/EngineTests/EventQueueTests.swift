import Testing
@testable import Engine

/// The several-symbol walk's queue hands out events as the bar-by-bar loop meets them: by
/// time, fills before decisions at one time, symbols in strategy order — including the
/// events it is given while it hands them out, as the walk gives it each symbol's next one.
@Suite struct EventQueueTests {
    typealias Event = (time: Int, phase: EventQueue.Phase, symbol: Int)

    /// Takes every event of a window of `count` times from `first`, starting from `initial`;
    /// after each one, `next` may give its symbol's next event (always later, as in the walk).
    static func drain(symbols: Int, first: Int, count: Int, initial: [Event],
                      next: (Event) -> Event? = { _ in nil }) -> [Event] {
        var queue = EventQueue(symbols: symbols, window: 256)
        defer { queue.deallocate() }
        var taken: [Event] = []
        // Two windows in a row: the first must leave every bucket empty for the second.
        for window in 0..<2 {
            taken = []
            queue.start(at: first + window * count, count: count)
            for e in initial { queue.push(time: e.time + window * count, phase: e.phase, symbol: e.symbol) }
            while let e = queue.top {
                taken.append((e.time - window * count, e.phase, e.symbol))
                if let n = next((e.time - window * count, e.phase, e.symbol)) {
                    queue.replaceTop(time: n.time + window * count, phase: n.phase, symbol: n.symbol)
                } else {
                    queue.removeTop()
                }
            }
        }
        return taken
    }

    static func text(_ events: [Event]) -> [String] {
        events.map { "\($0.time) \($0.phase == .fill ? "fill" : "decide") \($0.symbol)" }
    }

    @Test func eventsComeByTimeThenFillsThenSymbols() {
        let initial: [Event] = [(12, .decision, 3), (10, .decision, 70), (10, .fill, 130), (10, .decision, 2),
                                (11, .fill, 0), (10, .fill, 64), (12, .decision, 1)]
        let taken = Self.drain(symbols: 150, first: 10, count: 5, initial: initial)
        #expect(Self.text(taken) == ["10 fill 64", "10 fill 130", "10 decide 2", "10 decide 70",
                                     "11 fill 0", "12 decide 1", "12 decide 3"])
    }

    /// The walk's own pattern: a decision's order fills at the next time, a fill may be
    /// followed by a decision at its own time (a rule that reads the account).
    @Test func eventsGivenWhileTakingKeepTheOrder() {
        let initial: [Event] = [(0, .decision, 5), (0, .decision, 1), (1, .decision, 99), (0, .fill, 64)]
        let taken = Self.drain(symbols: 100, first: 0, count: 4, initial: initial) { e in
            switch (e.phase, e.symbol) {
            case (.decision, 5), (.decision, 1): return e.time < 3 ? (e.time + 1, .fill, e.symbol) : nil
            case (.fill, 1): return (e.time, .decision, 1)
            case (.fill, 64): return (e.time + 2, .decision, 64)
            default: return nil
            }
        }
        #expect(Self.text(taken) == ["0 fill 64", "0 decide 1", "0 decide 5",
                                     "1 fill 1", "1 fill 5", "1 decide 1", "1 decide 99",
                                     "2 fill 1", "2 decide 1", "2 decide 64",
                                     "3 fill 1", "3 decide 1"])
    }

    @Test func anEmptyWindowHasNoEvents() {
        #expect(Self.drain(symbols: 1, first: 7, count: 1, initial: []).isEmpty)
    }
}
