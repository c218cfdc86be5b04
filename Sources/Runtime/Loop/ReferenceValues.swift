import Alpaca
import Engine
import RuleLanguage

/// The live runner's values of other symbols (`SPY.close`, `sma(SPY.close, 200)`): each is
/// computed over that symbol's own bars as they arrive (warm-up history included), like the
/// backtest computes it over the symbol's file, and a traded bar sees it only when that symbol
/// has a bar at exactly the same time.
final class ReferenceValues {
    private struct Input {
        let index: Int
        let symbol: String
        let program: EvalProgram
        let state: StrategyState
        var time: Int64 = .min
        var value: Double = .nan
    }

    private var inputs: [Input]

    init(strategy: CompiledStrategy) {
        inputs = strategy.inputs.enumerated().compactMap { k, input in
            guard case .reference(let symbol, let own) = input else { return nil }
            let program = EvalProgram([own])
            return Input(index: k, symbol: symbol, program: program, state: program.makeState())
        }
    }

    /// Feeds the reference bars a group carries, oldest first.
    func advance(_ bars: [ReferenceBar]) {
        guard !inputs.isEmpty else { return }
        for bar in bars {
            for i in inputs.indices where inputs[i].symbol == bar.symbol {
                let b = bar.bar
                inputs[i].value = inputs[i].program.advance(inputs[i].state, open: b.open, high: b.high, low: b.low,
                                                            close: b.close, volume: b.volume)
                inputs[i].time = bar.time
            }
        }
    }

    /// Input `k`'s value at `time`: none unless its symbol's newest bar is at that time.
    func value(input k: Int, at time: Int64) -> Double {
        guard let input = inputs.first(where: { $0.index == k }), input.time == time else { return .nan }
        return input.value
    }
}
